import express from 'express';
import type { AddressInfo } from 'node:net';
import { startApp, PRODUCTION_ENV, startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { expectProblem } from '../support/api';
import { startBotConnector } from '../support/bot-connector';
import { describeEachStore } from '../support/stores';

type Body = string | Record<string, unknown> | unknown[];

function postActivity(baseUrl: string, body: Body, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * /api/messages checks an activity's shape before the Bot Framework adapter sees it: a malformed one
 * is a 400 problem naming its fields, never a 500 or an HTML page, and leaves nothing behind.
 */
describeEachStore('the bot endpoint refuses malformed activities', (store) => {
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startBotConnector>>;
  beforeAll(async () => {
    app = await startApp(store());
    connector = await startBotConnector();
  });
  afterAll(async () => {
    await connector.close();
    await app.close();
  });
  beforeEach(() => {
    connector.received.length = 0;
  });

  const aMessage = (fields: Record<string, unknown> = {}) => ({
    type: 'message', id: 'in-1', text: 'help', channelId: 'msteams', serviceUrl: connector.serviceUrl,
    from: { id: 'user-1', name: 'Elinor Dashwood' }, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: 'conv-1' },
    ...fields,
  });
  const storedConversations = async () => (await store().query<{ count: number }>('SELECT count(*)::int AS count FROM bot_conversations'))[0]!.count;

  it('takes a well-formed message, with a timestamp as Teams writes it (the control for the refusals below)', async () => {
    const response = await postActivity(app.baseUrl, aMessage({ timestamp: '2026-03-01T09:30:12.1234567Z', localTimestamp: '2026-03-01T10:30:12.123+01:00' }));
    expect(response.status).toBe(200);
    expect(await storedConversations()).toBe(1);
    expect(connector.received).toHaveLength(1);
  });

  const huge = 'x'.repeat(200_000);
  const cases: Array<[string, () => Body, string[]]> = [
    ['a body that is not JSON', () => '{"type": "message",', []],
    ['a JSON string', () => '"message"', []],
    ['an array of activities', () => [aMessage()], ['(root)']],
    ['an empty object', () => ({}), ['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient']],
    ['no conversation', () => ({ ...aMessage(), conversation: undefined }), ['conversation']],
    ['a conversation without an id', () => aMessage({ conversation: { conversationType: 'personal' } }), ['conversation.id']],
    ['a number for a type', () => aMessage({ type: 42 }), ['type']],
    ['a number for the conversation id', () => aMessage({ conversation: { id: 7 } }), ['conversation.id']],
    ['a string for the sender', () => aMessage({ from: 'user-1' }), ['from']],
    ['an object for the text', () => aMessage({ text: { value: 'help' } }), ['text']],
    ['members added that are not a list', () => aMessage({ type: 'conversationUpdate', membersAdded: 'user-2' }), ['membersAdded']],
    ['an entity without a type', () => aMessage({ entities: [{ text: '<at>x</at>' }] }), ['entities.0.type']],
    ['a mention without whom it mentions', () => aMessage({ entities: [{ type: 'mention', text: '<at>Customer Card</at>' }] }), ['entities.0.mentioned']],
    ['a mention in a message without text', () => aMessage({ text: undefined, entities: [{ type: 'mention', text: '<at>x</at>', mentioned: { id: 'bot-1' } }] }), ['text']],
    ['a Teams message update without channelData', () => aMessage({ type: 'messageUpdate' }), ['channelData']],
    ['a service URL that is not http(s)', () => aMessage({ serviceUrl: 'javascript:alert(1)' }), ['serviceUrl']],
    ['a timestamp that is not a date', () => aMessage({ timestamp: 'yesterday' }), ['timestamp']],
    ['a huge conversation id', () => aMessage({ conversation: { id: huge } }), ['conversation.id']],
    ['a huge text', () => aMessage({ text: huge }), ['text']],
    ['a huge sender name', () => aMessage({ from: { id: 'user-1', name: huge } }), ['from.name']],
    ['a NUL in the text', () => aMessage({ text: 'Edward\u0000Ferrars' }), ['text']],
    ['a NUL in the conversation id', () => aMessage({ conversation: { id: 'conv\u0000-1' } }), ['conversation.id']],
    ['a lone surrogate in the sender name', () => aMessage({ from: { id: 'user-1', name: 'Elinor \uD800' } }), ['from.name']],
    ['a lone surrogate in the conversation id', () => aMessage({ conversation: { id: 'conv-\uDC00' } }), ['conversation.id']],
    ['a NUL in a key of channelData', () => aMessage({ channelData: { 'tenant\u0000': { id: 't' } } }), ['channelData']],
  ];

  it.each(cases)('refuses %s with 400 problem details naming the fields, storing nothing', async (_what, body, fields) => {
    const problem = await expectProblem(await postActivity(app.baseUrl, body()), 400);
    expect((problem.errors ?? []).map((e) => e.field)).toEqual(fields);
    expect(await storedConversations()).toBe(0);
    expect(connector.received).toHaveLength(0);
  });

  it('refuses a body that is not declared JSON', async () => {
    await expectProblem(await postActivity(app.baseUrl, JSON.stringify(aMessage()), { 'content-type': 'text/plain' }), 400);
    expect(await storedConversations()).toBe(0);
  });

  it('refuses a body over 1 MB with 413', async () => {
    await expectProblem(await postActivity(app.baseUrl, aMessage({ channelData: { padding: 'x'.repeat(1_100_000) } })), 413);
    expect(await storedConversations()).toBe(0);
  });

  it('answers a turn whose replies the Bot Connector refuses with 502 problem details, without its words', async () => {
    const refusing = express().use((_req, res) => res.status(403).json({ error: { code: 'Forbidden', message: 'internal connector words' } }));
    const server = refusing.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const problem = await expectProblem(await postActivity(app.baseUrl, aMessage({ serviceUrl })), 502);
      expect(JSON.stringify(problem)).not.toMatch(/internal connector words|Forbidden|127\.0\.0\.1/);
    } finally {
      server.close();
    }
  });
});

describe('the bot endpoint in production mode', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnFreshStore(PRODUCTION_ENV);
  });
  afterAll(() => app.close());

  it.each<[string, Body]>([
    ['a well-formed activity', { type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, channelId: 'msteams' }],
    ['a malformed one', { type: 42 }],
    ['a body over the size limit', { type: 'message', padding: 'x'.repeat(1_100_000) }],
  ])('refuses %s without a token with 401 problem details', async (_what, body) => {
    const response = await postActivity(app.baseUrl, body);
    await expectProblem(response, 401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a token that is not one with 401 problem details', async () => {
    const botFrameworkComplaint = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const activity = { type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, channelId: 'msteams' };
      await expectProblem(await postActivity(app.baseUrl, activity, { authorization: 'Bearer not-a-token' }), 401);
    } finally {
      botFrameworkComplaint.mockRestore();
    }
  });
});
