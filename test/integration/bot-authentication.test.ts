import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../support/app-server';
import { startBotFrameworkIssuer } from '../support/bot-framework-tokens';
import { describeEachStore } from '../support/stores';

const BOT_ID = '8e1b2c3d-4f5a-4b6c-9d7e-0f1a2b3c4d5e';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/**
 * With a bot app id, /api/messages takes only activities carrying a valid Bot Framework token:
 * signed by a key the Bot Framework metadata publishes and endorses for the channel, from its issuer,
 * for this bot, for the activity's service URL. Checked against a local issuer that publishes
 * metadata and keys as login.botframework.com does.
 */
describeEachStore('the bot endpoint accepts only valid Bot Framework tokens', (store) => {
  let issuer: Awaited<ReturnType<typeof startBotFrameworkIssuer>>;
  let app: RunningApp;
  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined); // botbuilder prints every refused token
    issuer = await startBotFrameworkIssuer();
    app = await startApp(store(), { BOT_ID, BOT_PASSWORD: 'bot-secret-never-sent', ...issuer.env });
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
    jest.restoreAllMocks();
  });

  // A typing activity: authenticated, then nothing for the bot to answer (answers would need a token from Entra).
  const post = (authorization: string | null, activity: Record<string, unknown> = {}) =>
    fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        type: 'typing', id: randomUUID(), channelId: 'msteams', serviceUrl: SERVICE_URL,
        from: { id: '29:user', name: 'Elinor Dashwood' }, recipient: { id: `28:${BOT_ID}` }, conversation: { id: 'a:chat-1' }, ...activity,
      }),
    });
  const valid = { aud: BOT_ID, serviceurl: SERVICE_URL };

  it('accepts a token from the Bot Connector for this bot', async () => {
    expect((await post(`Bearer ${await issuer.token(valid)}`)).status).toBe(200);
  });

  it.each([
    ['no token', async () => null],
    ['a token for another bot', async () => `Bearer ${await issuer.token({ ...valid, aud: 'another-bot' })}`],
    ['a token from another issuer', async () => `Bearer ${await issuer.token({ ...valid, iss: 'https://api.botframework.com' })}`],
    ['a token signed with a key the metadata does not publish', async () => `Bearer ${await issuer.token(valid, issuer.foreignKey)}`],
    ['a token for another service URL', async () => `Bearer ${await issuer.token({ ...valid, serviceurl: 'https://evil.example/' })}`],
  ])('refuses %s with 401', async (_what, authorization) => {
    expect((await post(await authorization())).status).toBe(401);
  });

  it('refuses a key not endorsed for the activity\'s channel', async () => {
    expect((await post(`Bearer ${await issuer.token(valid)}`, { channelId: 'skype' })).status).toBe(401);
  });
});
