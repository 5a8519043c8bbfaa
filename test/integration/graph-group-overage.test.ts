import { Writable } from 'node:stream';
import { DEFAULT_ROLE_PERMISSIONS } from '../../src/domain/access/permissions';
import { createLogger } from '../../src/logger';
import { migrate } from '../../src/store/migrate';
import { openPglite } from '../../src/store/pglite';
import { callApi, expectProblem } from '../support/api';
import { startApp, startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { startGraph } from '../support/graph';

const ADMINS_GROUP = '0b5e1c3a-7d2f-4e8a-9c1b-3f6d8e2a4c70';
const REVIEWERS_GROUP = '5d0c7a3e-2b1f-4c8d-9e6a-7f1b2c3d4e5f';
const UNMAPPED_GROUP = 'a1f2e3d4-c5b6-4a79-8e0d-1c2b3a4f5e6d';

describe('users in more groups than a token carries get their group roles from Microsoft Graph, on their behalf', () => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let graph: Awaited<ReturnType<typeof startGraph>>;
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    entra = await startEntra({ https: true });
    graph = await startGraph({ verifyToken: (token, audience) => entra.accessTokenClaims(token, audience) });
    app = await startAppOnFreshStore({ ...entra.env, ...entra.oboEnv, GRAPH_BASE_URL: graph.baseUrl });
    admin = await entra.token({ oid: 'admin-oid', name: 'Marianne Dashwood', roles: ['Admin'] });
    await call(admin, 'PUT', '/admin/role-mappings', { source: 'group', value: ADMINS_GROUP, role: 'Admin' });
    await call(admin, 'PUT', '/admin/role-mappings', { source: 'group', value: REVIEWERS_GROUP, role: 'Supervisor' });
  });
  afterAll(async () => {
    await app?.close();
    await graph?.close();
    await entra?.close();
  });

  const call = (token: string, method: string, path: string, body?: unknown) => callApi(app.baseUrl, token, method, path, body);
  const permissionsOf = async (token: string) => new Set(((await (await call(token, 'GET', '/me')).json()) as { permissions: string[] }).permissions);
  const graphCallsBy = (userId: string) => graph.requests.filter((r) => r.userId === userId);

  it('an overage user in a group mapped to Admin may open the admin settings; Graph is asked only about the mapped groups', async () => {
    graph.setMemberships('overage-admin', [UNMAPPED_GROUP, ADMINS_GROUP]);
    const token = await entra.overageToken({ oid: 'overage-admin', name: 'Eleanor Tilney' });

    expect((await call(token, 'GET', '/admin/roles')).status).toBe(200);
    expect(await permissionsOf(token)).toContain('settings:manage');

    expect(entra.oboGrants.filter((g) => g.userId === 'overage-admin')).toEqual([
      { userId: 'overage-admin', scopes: [`${new URL(graph.baseUrl).origin}/GroupMember.Read.All`] },
    ]); // the second request was answered from the cache
    expect(graphCallsBy('overage-admin')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/me/checkMemberGroups', body: { groupIds: [ADMINS_GROUP, REVIEWERS_GROUP].sort() } }),
    ]);
  });

  it('an overage user in none of the mapped groups is refused the admin settings', async () => {
    graph.setMemberships('overage-agent', [UNMAPPED_GROUP]);
    const token = await entra.overageToken({ oid: 'overage-agent', name: 'Catherine Morland' });

    expect((await expectProblem(await call(token, 'GET', '/admin/roles'), 403)).detail).toMatch(/settings:manage/);
    expect(await permissionsOf(token)).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));
    expect(graphCallsBy('overage-agent')).toHaveLength(1);
  });

  it('tokens that carry their groups (or none to look up) never reach Graph; an overage token does', async () => {
    const before = { graph: graph.requests.length, obo: entra.oboGrants.length };
    const withGroups = await entra.token({ oid: 'groups-in-token', groups: [REVIEWERS_GROUP] });
    const withoutGroups = await entra.token({ oid: 'no-groups' });

    expect(await permissionsOf(withGroups)).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Supervisor')));
    expect(await permissionsOf(withoutGroups)).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));
    expect((await call(admin, 'GET', '/admin/roles')).status).toBe(200);
    expect({ graph: graph.requests.length, obo: entra.oboGrants.length }).toEqual(before);

    // The implicit-flow form of overage (hasgroups) is followed too.
    graph.setMemberships('has-groups', [REVIEWERS_GROUP]);
    expect(await permissionsOf(await entra.token({ oid: 'has-groups', hasgroups: true }))).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Supervisor')));
    expect({ graph: graph.requests.length, obo: entra.oboGrants.length }).toEqual({ graph: before.graph + 1, obo: before.obo + 1 });
  });

  it('Graph throttling (429) is retried no sooner than its Retry-After, and the user gets their role', async () => {
    graph.setMemberships('throttled-admin', [ADMINS_GROUP]);
    graph.throttleNext(1);
    const token = await entra.overageToken({ oid: 'throttled-admin', name: 'Henry Tilney' });

    expect((await call(token, 'GET', '/admin/roles')).status).toBe(200);

    const [throttled, retried] = graph.requests.filter((r) => r.path === '/me/checkMemberGroups').slice(-2);
    expect([throttled?.userId, retried?.userId]).toEqual(['throttled-admin', 'throttled-admin']);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(1000 - 15); // timers may fire a few ms early
  });

  it('a Retry-After longer than a request can wait is passed on to the user as a 503, not waited for', async () => {
    graph.setMemberships('throttled-long', [ADMINS_GROUP]);
    graph.throttleNext(120);
    const token = await entra.overageToken({ oid: 'throttled-long', name: 'General Tilney' });

    const response = await call(token, 'GET', '/admin/roles');
    await expectProblem(response, 503);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(graphCallsBy('throttled-long')).toHaveLength(1);
  });

  it('without an administrator\'s consent to the Graph permission the user is told so (403), not served a 500', async () => {
    graph.setMemberships('unconsented', [ADMINS_GROUP]);
    entra.setConsent(false);
    try {
      const token = await entra.overageToken({ oid: 'unconsented', name: 'John Thorpe' });
      const problem = await expectProblem(await call(token, 'GET', '/me'), 403);
      expect(problem.detail).toMatch(/more groups than a Teams sign-in token carries/);
      expect(problem.detail).toMatch(/administrator to grant consent to this app's permission GroupMember\.Read\.All/);
      expect(graphCallsBy('unconsented')).toEqual([]);
      expect(entra.oboGrants.filter((g) => g.userId === 'unconsented')).toHaveLength(1);
    } finally {
      entra.setConsent(true);
    }
  });

  it('when Graph stays unavailable the user gets a 503 to retry, not app roles alone', async () => {
    graph.setMemberships('graph-down', [ADMINS_GROUP]);
    graph.setUnavailable(true);
    try {
      const token = await entra.overageToken({ oid: 'graph-down', name: 'Isabella Thorpe' });
      const response = await call(token, 'GET', '/admin/roles');
      const problem = await expectProblem(response, 503);
      expect(problem.detail).toMatch(/Graph did not answer; try again in \d+ seconds/);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);

      graph.setUnavailable(false); // a failure is not cached: the next request asks again
      expect((await call(token, 'GET', '/admin/roles')).status).toBe(200);
    } finally {
      graph.setUnavailable(false);
    }
  });

  it('without the client secret Graph cannot be asked: app roles only, and the log says why, once', async () => {
    const entries: Array<Record<string, unknown>> = [];
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void entries.push(JSON.parse(chunk.toString()))) });
    const db = await openPglite();
    await migrate(db);
    const withoutSecret = await startApp(db, { ...entra.env, GRAPH_BASE_URL: graph.baseUrl }, createLogger('info', destination));
    try {
      await callApi(withoutSecret.baseUrl, admin, 'PUT', '/admin/role-mappings', { source: 'group', value: ADMINS_GROUP, role: 'Admin' });
      graph.setMemberships('no-secret', [ADMINS_GROUP]);
      const token = await entra.overageToken({ oid: 'no-secret', name: 'Frederick Tilney' });
      const before = graph.requests.length;

      for (let i = 0; i < 2; i++) expect((await callApi(withoutSecret.baseUrl, token, 'GET', '/admin/roles')).status).toBe(403);

      expect(graph.requests.length).toBe(before);
      const warnings = entries.filter((e) => e.level === 40 && /AAD_APP_CLIENT_SECRET/.test(String(e.msg)));
      expect(warnings).toEqual([expect.objectContaining({ userId: 'no-secret' })]);
    } finally {
      await withoutSecret.close();
      await db.close();
    }
  });
});
