import { startApp, type RunningApp } from '../support/app-server';
import { startEntra, TENANT_ID } from '../support/entra';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

describeEachStore('Teams SSO on the API', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp;
  beforeAll(async () => {
    entra = await startEntra();
    app = await startApp(store(), entra.env);
  });
  afterAll(async () => {
    await app.close();
    await entra.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${app.baseUrl}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

  async function refusal(response: Response): Promise<string> {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    return ((await response.json()) as { detail: string }).detail;
  }

  it('takes the user from a valid token, with no development identity', async () => {
    const response = await get('/api/me', await entra.token());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-development-identity')).toBeNull();
    expect(await response.json()).toEqual({
      id: 'agent-oid-1', name: 'Elinor Dashwood', development: false, permissions: expect.arrayContaining(['contacts:merge']), features: expect.any(Object), outbound: { sms: false, email: false },
    });
  });

  it('accepts the v1 token issuer and the bare client id audience too', async () => {
    const { env } = entra;
    const token = await entra.token({ iss: `https://sts.windows.net/${TENANT_ID}/`, aud: env.AAD_APP_CLIENT_ID });
    expect((await get('/api/me', token)).status).toBe(200);
  });

  it.each([
    ['expired', () => entra.token({}, { expiresIn: '-10 minutes' }), /expired/],
    ['for another app', () => entra.token({ aud: 'api://elsewhere/123' }), /aud claim/],
    ['from another tenant', () => entra.token({ tid: 'f00dbabe-0000-4000-8000-000000000000' }), /another tenant/],
    ['with a forged issuer', () => entra.token({ iss: 'https://evil.example/v2.0' }), /issuer/],
    ['signed by an unknown key', () => entra.token({}, { key: entra.foreignKey }), /signature|known key/],
    ['without a user', () => entra.token({ oid: undefined }), /oid/],
  ])('refuses a token %s', async (_name, makeToken, reason) => {
    expect(await refusal(await get('/api/me', await makeToken()))).toMatch(reason);
  });

  it('refuses a malformed token', async () => {
    expect(await refusal(await get('/api/me', 'not.a.jwt'))).toMatch(/malformed/);
  });

  it('shows a user only the interactions of their divisions; supervisors see all', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'emea-1', division: 'support-emea' }));
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'na-1', division: 'sales-na' }));
    await db.query(`INSERT INTO user_divisions (user_id, division) VALUES ('agent-oid-1', 'support-emea')`);

    const agent = await entra.token();
    expect((await get('/api/interactions/emea-1', agent)).status).toBe(200);
    const hidden = await get('/api/interactions/na-1', agent);
    expect(hidden.status).toBe(404);
    expect((await get('/api/interactions/na-1/live', agent)).status).toBe(404);

    const supervisor = await entra.token({ oid: 'supervisor-oid', roles: ['Supervisor'] });
    expect((await get('/api/interactions/na-1', supervisor)).status).toBe(200);
  });
});
