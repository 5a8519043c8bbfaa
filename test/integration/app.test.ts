import { PRODUCTION_ENV, startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { startBotConnector } from '../support/bot-connector';

describe('the app over HTTP', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
  });
  afterAll(() => app.close());

  it('reports liveness, and readiness with the store it runs on (/healthz is readiness)', async () => {
    const live = await fetch(`${app.baseUrl}/healthz/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    for (const path of ['/healthz/ready', '/healthz']) {
      const ready = await fetch(`${app.baseUrl}${path}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', store: 'pglite' });
    }
  });

  it('serves the tab page for every tab route, and its assets', async () => {
    for (const path of ['/tab', '/tab/', '/tab?interactionId=x', '/tab/config']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toMatch(/<title>Customer Card<\/title>/);
    }
    const page = await (await fetch(`${app.baseUrl}/tab`)).text();
    const script = /src="(\/tab\/assets\/[^"]+\.js)"/.exec(page)![1]!;
    const asset = await fetch(`${app.baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${app.baseUrl}/tab/assets/missing.js`)).status).toBe(404);
  });

  it('answers problem details, never an HTML error page, outside the tab and the API', async () => {
    for (const path of ['/nothing', '/%00', '/%ZZ', '/tab/assets/%ZZ', '/api/%ZZ']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('says in every API response that the development identity is acting', async () => {
    const response = await fetch(`${app.baseUrl}/api/interactions/nothing-here`);
    expect(response.headers.get('x-development-identity')).toBe('dev-user');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, detail: 'interaction nothing-here does not exist' });
  });

  it('answers unknown API routes and bad bodies with problem details', async () => {
    const unknown = await fetch(`${app.baseUrl}/api/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ detail: 'no API route GET /api/nope' });

    const badJson = await fetch(`${app.baseUrl}/api/interactions/x/contact`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"contactId":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ detail: 'the body is not valid JSON' });
  });

  it('the bot answers a message through the Bot Connector of the conversation', async () => {
    const connector = await startBotConnector();
    try {
      const response = await fetch(`${app.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'incoming-1',
          text: 'hello',
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          from: { id: 'user-1', name: 'Elinor Dashwood' },
          recipient: { id: 'bot-1', name: 'Customer Card' },
          conversation: { id: 'conv-1', conversationType: 'personal' },
        }),
      });
      expect(response.status).toBe(200);
      expect(connector.received).toHaveLength(1);
      expect(connector.received[0]).toMatchObject({ conversationId: 'conv-1', replyToId: 'incoming-1', activity: { type: 'message' } });
      expect(JSON.stringify(connector.received[0]!.activity.attachments)).toMatch(/Customer Card/);
    } finally {
      await connector.close();
    }
  });
});

describe('the app in production mode', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnFreshStore(PRODUCTION_ENV);
  });
  afterAll(() => app.close());

  it('refuses API calls without a Teams SSO token', async () => {
    const response = await fetch(`${app.baseUrl}/api/interactions/x`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('x-development-identity')).toBeNull();
  });

  it('refuses bot activities without a Bot Framework token', async () => {
    const botFrameworkComplaint = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, channelId: 'msteams' }),
    });
    expect(response.status).toBe(401);
    botFrameworkComplaint.mockRestore();
  });
});
