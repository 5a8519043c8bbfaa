import { randomUUID } from 'node:crypto';
import { saveFeatures } from '../../src/settings/features';
import { expectProblem } from '../support/api';
import { outboundEnv, startApp, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { startSmsProvider } from '../support/sms-provider';
import { startSmtpServer } from '../support/smtp-server';
import { describeEachStore } from '../support/stores';

interface SentBody { id: string; channel: string; to: string; subject: string | null; text: string; senderName: string; status: string; failure: string | null; sentAt: string | null }

const EDWARD = { name: 'Edward Ferrars', phone: '+1 803-555-0142', email: 'Edward.Ferrars@norland.example' };

describeEachStore('send a message to the customer (OUT-1), through a local SMTP server and a local Twilio-compatible SMS API', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startSmsProvider>>;
  let app: RunningApp;
  let bare: RunningApp;
  let elinor: string;
  let edward: string;
  beforeAll(async () => {
    entra = await startEntra();
    smtp = await startSmtpServer({ auth: { user: 'cards', pass: 'smtp-secret' } });
    sms = await startSmsProvider();
    app = await startApp(store(), {
      ...entra.env,
      ...outboundEnv(smtp, sms),
      OUTBOUND_TIMEOUT_SECONDS: '1', // a provider that never answers fails fast here
    });
    bare = await startApp(store(), entra.env);
    elinor = await entra.token({ oid: 'elinor-oid', name: 'Elinor Dashwood', roles: ['Agent'] });
  });
  afterAll(async () => {
    await Promise.all([app.close(), bare.close()]);
    await Promise.all([smtp.close(), sms.close(), entra.close()]);
  });
  beforeEach(async () => {
    sms.answer('normally');
    smtp.acceptAllRecipients();
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-1', contact: EDWARD }));
    edward = (await contactOf(store(), 'call-1'))!;
  });

  const send = (body: Record<string, unknown>, on: RunningApp = app) =>
    fetch(`${on.baseUrl}/api/contacts/${edward}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${elinor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), ...body }),
    });
  const history = async () => ((await (await fetch(`${app.baseUrl}/api/contacts/${edward}`, { headers: { Authorization: `Bearer ${elinor}` } })).json()) as { sentMessages: SentBody[] }).sentMessages;
  const problem = async (response: Response, status: number) => (await expectProblem(response, status)).detail;

  it('an e-mail arrives at the SMTP server from the agent, and shows in the contact’s history', async () => {
    const response = await send({ channel: 'email', to: 'edward.ferrars@norland.example', subject: 'Your order 1811', text: 'It arrives on Friday.\nElinor', interactionId: 'call-1' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ channel: 'email', to: 'edward.ferrars@norland.example', status: 'sent', senderName: 'Elinor Dashwood', sentAt: expect.any(String) });

    const mail = await smtp.waitForMail((m) => m.subject === 'Your order 1811');
    expect(mail).toMatchObject({ from: { name: 'Elinor Dashwood', address: 'cards@classics.example' }, to: ['edward.ferrars@norland.example'] });
    expect(mail.text?.trim()).toBe('It arrives on Friday.\nElinor');
    expect((await history()).map((m) => [m.channel, m.to, m.subject, m.status])).toEqual([['email', 'edward.ferrars@norland.example', 'Your order 1811', 'sent']]);
  });

  it('an SMS goes to the provider in its wire format, to the number in E.164', async () => {
    const response = await send({ channel: 'sms', to: '(803) 555-0142', text: 'Your parcel arrives Friday.' });
    expect(response.status).toBe(201);
    expect(sms.messages.filter((m) => m.body === 'Your parcel arrives Friday.')).toEqual([expect.objectContaining({ to: '+18035550142', from: '+18035550100' })]);
    expect((await history())[0]).toMatchObject({ channel: 'sms', to: '+18035550142', status: 'sent' });
  });

  it('the same message id sent twice sends once', async () => {
    const id = randomUUID();
    expect((await send({ id, channel: 'sms', to: '+18035550142', text: 'Once.' })).status).toBe(201);
    const again = await send({ id, channel: 'sms', to: '+18035550142', text: 'Once.' });
    expect(again.status).toBe(200);
    expect(sms.messages.filter((m) => m.body === 'Once.')).toHaveLength(1);
    expect(await history()).toHaveLength(1);
  });

  it('an address the card does not hold, or that is no address, is refused before anything is sent', async () => {
    const requestsBefore = sms.requestCount();
    expect(await problem(await send({ channel: 'email', to: 'someone@else.example', subject: 'Hi', text: 'Hi' }), 400)).toMatch(/not one of Edward Ferrars's e-mail addresses/);
    expect(await problem(await send({ channel: 'sms', to: 'not a number', text: 'Hi' }), 400)).toMatch(/is not a phone number/);
    expect(await problem(await send({ channel: 'email', to: 'edward.ferrars@norland.example', text: 'No subject' }), 400)).toMatch(/subject: an e-mail needs a subject/);
    expect(await problem(await send({ channel: 'sms', to: '+18035550142', text: 'x'.repeat(1601) }), 400)).toMatch(/at most 1600 characters/);
    expect(sms.requestCount()).toBe(requestsBefore);
    expect(await history()).toEqual([]);
  });

  it('the provider’s refusals are told apart, in its words, and kept in the history as not sent', async () => {
    smtp.rejectRecipient('edward.ferrars@norland.example');
    const invalidAddress = await problem(await send({ channel: 'email', to: 'edward.ferrars@norland.example', subject: 'Hi', text: 'Hi' }), 422);
    expect(invalidAddress).toMatch(/does not accept the recipient: 550 5\.1\.1/);

    sms.answer('too-many-requests');
    expect(await problem(await send({ channel: 'sms', to: '+18035550142', text: 'Hi' }), 503)).toMatch(/try again later/i);

    expect((await history()).map((m) => [m.channel, m.status, m.failure !== null])).toEqual([['sms', 'failed', true], ['email', 'failed', true]]);
  });

  it('a failed message is tried again under its id and then sent', async () => {
    const id = randomUUID();
    sms.answer('server-error');
    expect((await send({ id, channel: 'sms', to: '+18035550142', text: 'Retry me.' })).status).toBe(503);
    sms.answer('normally');
    expect((await send({ id, channel: 'sms', to: '+18035550142', text: 'Retry me.' })).status).toBe(201);
    expect((await history()).map((m) => [m.id, m.status, m.failure])).toEqual([[id, 'sent', null]]);
  });

  it('a provider that does not answer may have sent the message: 504, kept as sending, and not sent again under its id', async () => {
    const id = randomUUID();
    sms.answer('never');
    const unanswered = await send({ id, channel: 'sms', to: '+18035550142', text: 'Maybe sent.' });
    expect(await problem(unanswered, 504)).toMatch(/may have been sent/);
    sms.answer('normally');
    const requests = sms.requestCount();
    expect(await problem(await send({ id, channel: 'sms', to: '+18035550142', text: 'Maybe sent.' }), 409)).toMatch(/may have been sent/);
    expect(sms.requestCount()).toBe(requests);
    expect((await history()).map((m) => [m.id, m.status])).toEqual([[id, 'sending']]);
  });

  it('an id already used for another message is refused, and nothing is sent', async () => {
    const id = randomUUID();
    expect((await send({ id, channel: 'sms', to: '+18035550142', text: 'First.' })).status).toBe(201);
    expect(await problem(await send({ id, channel: 'sms', to: '+18035550142', text: 'Something else.' }), 409)).toMatch(/taken by another message/);
    expect(sms.messages.filter((m) => m.body === 'Something else.')).toEqual([]);
  });

  it('without a provider configured, says so; with the admin switch off, refuses', async () => {
    expect(await problem(await send({ channel: 'sms', to: '+18035550142', text: 'Hi' }, bare), 503)).toMatch(/no SMS provider is configured/);
    expect(await problem(await send({ channel: 'email', to: 'edward.ferrars@norland.example', subject: 'Hi', text: 'Hi' }, bare), 503)).toMatch(/no e-mail server is configured/);
    const me = await (await fetch(`${bare.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${elinor}` } })).json();
    expect(me).toMatchObject({ outbound: { sms: false, email: false } });

    const requestsBefore = sms.requestCount();
    await saveFeatures(store(), { 'outbound.messages': false }, 'test');
    expect(await problem(await send({ channel: 'sms', to: '+18035550142', text: 'Hi' }), 403)).toMatch(/outbound\.messages feature is switched off/);
    expect(sms.requestCount()).toBe(requestsBefore);
  });
});
