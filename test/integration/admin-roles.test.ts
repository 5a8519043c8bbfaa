import { DEFAULT_ROLE_PERMISSIONS } from '../../src/domain/access/permissions';
import { callApi, expectProblem } from '../support/api';
import { startApp, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

const REVIEWERS_GROUP = '5d0c7a3e-2b1f-4c8d-9e6a-7f1b2c3d4e5f';

describeEachStore('roles, role mappings, divisions and their audit, changed by an admin while the app runs', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    entra = await startEntra();
    app = await startApp(store(), entra.env);
    admin = await entra.token({ oid: 'admin-oid', name: 'Marianne Dashwood', roles: ['Admin'] });
  });
  afterAll(async () => {
    await app.close();
    await entra.close();
  });

  const call = (token: string, method: string, path: string, body?: unknown) => callApi(app.baseUrl, token, method, path, body);
  const permissionsOf = async (token: string) => new Set(((await (await call(token, 'GET', '/me')).json()) as { permissions: string[] }).permissions);
  const problem = expectProblem;
  interface Entry { actorId: string; actorName: string; setting: string; before: unknown; after: unknown }
  const auditEntries = async () => ((await (await call(admin, 'GET', '/admin/audit')).json()) as { entries: Entry[] }).entries;

  it('a custom role mapped to a group grants exactly its permissions to a token with that group, at once', async () => {
    const reviewer = await entra.token({ oid: 'reviewer-oid', name: 'Edward Ferrars', groups: [REVIEWERS_GROUP] });
    expect(await permissionsOf(reviewer)).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));

    const created = await call(admin, 'PUT', '/admin/roles/Quality reviewer', { permissions: ['journey:view', 'contacts:view'] });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ role: expect.objectContaining({ name: 'Quality reviewer', permissions: ['contacts:view', 'journey:view'], builtIn: false }) });
    const mapped = await call(admin, 'PUT', '/admin/role-mappings', { source: 'group', value: REVIEWERS_GROUP, role: 'Quality reviewer' });
    expect(await mapped.json()).toEqual({ mappings: [{ source: 'group', value: REVIEWERS_GROUP, role: 'Quality reviewer' }] });

    expect(await permissionsOf(reviewer)).toEqual(new Set(['contacts:view', 'journey:view']));
    expect((await problem(await call(reviewer, 'POST', '/contacts', { name: 'Lucy Steele' }), 403)).detail).toMatch(/contacts:add/);
    expect((await call(reviewer, 'GET', '/contacts?q=Lucy')).status).toBe(200);

    await call(admin, 'PUT', '/admin/roles/Quality reviewer', { permissions: ['contacts:view', 'contacts:add'] });
    expect((await call(reviewer, 'POST', '/contacts', { name: 'Lucy Steele' })).status).toBe(201);

    expect((await call(admin, 'DELETE', `/admin/role-mappings/group/${REVIEWERS_GROUP}`)).status).toBe(204);
    expect(await permissionsOf(reviewer)).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));

    const audit = await auditEntries();
    expect(audit.map((e) => [e.setting, e.before, e.after])).toEqual([
      [`role-mapping:group:${REVIEWERS_GROUP}`, { role: 'Quality reviewer' }, null],
      ['role:Quality reviewer', { permissions: ['contacts:view', 'journey:view'] }, { permissions: ['contacts:view', 'contacts:add'] }],
      [`role-mapping:group:${REVIEWERS_GROUP}`, null, { role: 'Quality reviewer' }],
      ['role:Quality reviewer', null, { permissions: ['contacts:view', 'journey:view'] }],
    ]);
    expect(new Set(audit.map((e) => `${e.actorId} ${e.actorName}`))).toEqual(new Set(['admin-oid Marianne Dashwood']));
  });

  it('deleting a custom role takes its mappings with it; a built-in role cannot be deleted', async () => {
    await call(admin, 'PUT', '/admin/roles/Temp', { permissions: [] });
    await call(admin, 'PUT', '/admin/role-mappings', { source: 'appRole', value: 'CustomerCard.Temp', role: 'Temp' });
    expect((await call(admin, 'DELETE', '/admin/roles/Temp')).status).toBe(204);
    expect(await (await call(admin, 'GET', '/admin/role-mappings')).json()).toEqual({ mappings: [] });
    expect((await auditEntries())[0]).toMatchObject({
      setting: 'role:Temp', before: { permissions: [], mappings: [{ source: 'appRole', value: 'CustomerCard.Temp' }] }, after: null,
    });

    for (const builtIn of ['Agent', 'Supervisor', 'Admin']) {
      expect((await problem(await call(admin, 'DELETE', `/admin/roles/${builtIn}`), 409)).detail).toMatch(/built-in/);
    }
    expect((await problem(await call(admin, 'DELETE', '/admin/roles/Nobody'), 404)).detail).toMatch(/no role named Nobody/);
    const roles = ((await (await call(admin, 'GET', '/admin/roles')).json()) as { roles: Array<{ name: string }> }).roles;
    expect(roles.map((r) => r.name)).toEqual(['Admin', 'Agent', 'Supervisor']);
  });

  it('Admin keeps settings:manage; other built-in roles can be changed', async () => {
    const refused = await problem(await call(admin, 'PUT', '/admin/roles/Admin', { permissions: ['contacts:view'] }), 400);
    expect(refused.detail).toMatch(/settings:manage/);
    expect(await permissionsOf(admin)).toContain('settings:manage');

    const supervisor = await entra.token({ oid: 'supervisor-oid', roles: ['Supervisor'] });
    expect(await permissionsOf(supervisor)).not.toContain('settings:manage');
    expect((await call(admin, 'PUT', '/admin/roles/Supervisor', { permissions: [...DEFAULT_ROLE_PERMISSIONS.get('Supervisor')!, 'settings:manage'] })).status).toBe(200);
    expect((await call(supervisor, 'GET', '/admin/roles')).status).toBe(200);
    expect((await auditEntries()).map((e) => e.setting)).toEqual(['role:Supervisor']); // the refusal changed nothing
  });

  it('answers bad input with problem details naming it', async () => {
    const unknown = await problem(await call(admin, 'PUT', '/admin/roles/Reviewer', { permissions: ['contacts:view', 'contacts:fly'] }), 400);
    expect(unknown.detail).toMatch(/"contacts:fly" is not a permission; the permissions are interactions:link, /);
    expect((await problem(await call(admin, 'PUT', '/admin/roles/a%2Fb', { permissions: [] }), 400)).detail).toMatch(/letters, digits/);
    expect((await problem(await call(admin, 'PUT', '/admin/roles/agent', { permissions: [] }), 409)).detail).toMatch(/already a role named Agent/);
    expect((await problem(await call(admin, 'PUT', '/admin/role-mappings', { source: 'group', value: 'g', role: 'Ghost' }), 400)).detail).toMatch(/no role named Ghost/);
    expect((await problem(await call(admin, 'PUT', '/admin/role-mappings', { source: 'user', value: 'g', role: 'Agent' }), 400)).detail).toMatch(/appRole or group/);
    expect((await problem(await call(admin, 'DELETE', '/admin/role-mappings/group/nothing-mapped'), 404)).detail).toMatch(/not mapped/);
    expect(await auditEntries()).toEqual([]);
  });

  it('divisions: an admin gives a user a division, which they see at once, and the change is audited', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'emea-1', division: 'support-emea' }));
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'na-1', division: 'sales-na' }));
    const agent = await entra.token({ oid: 'agent-oid', name: 'Elinor Dashwood' });
    expect((await call(agent, 'GET', '/interactions/emea-1')).status).toBe(404);

    const given = await call(admin, 'PUT', '/admin/divisions/users/agent-oid', { divisions: ['support-emea', 'support-emea', 'claims'] });
    expect(await given.json()).toEqual({ userId: 'agent-oid', divisions: ['claims', 'support-emea'] });
    expect((await call(agent, 'GET', '/interactions/emea-1')).status).toBe(200);
    expect((await call(agent, 'GET', '/interactions/na-1')).status).toBe(404);

    await call(admin, 'PUT', '/admin/divisions/users/newcomer-oid', { divisions: ['onboarding'] });
    const overview = (await (await call(admin, 'GET', '/admin/divisions')).json()) as { divisions: string[]; users: unknown[] };
    expect(overview.divisions).toEqual(['claims', 'onboarding', 'sales-na', 'support-emea']);
    expect(overview.users).toEqual(expect.arrayContaining([
      { userId: 'agent-oid', name: 'Elinor Dashwood', divisions: ['claims', 'support-emea'] },
      { userId: 'newcomer-oid', name: null, divisions: ['onboarding'] }, // given divisions before signing in
    ]));

    await call(admin, 'PUT', '/admin/divisions/users/agent-oid', { divisions: [] });
    expect((await call(agent, 'GET', '/interactions/emea-1')).status).toBe(404);
    expect((await auditEntries()).map((e) => [e.setting, e.before, e.after])).toEqual([
      ['user-divisions:agent-oid', ['claims', 'support-emea'], []],
      ['user-divisions:newcomer-oid', [], ['onboarding']],
      ['user-divisions:agent-oid', [], ['claims', 'support-emea']],
    ]);
  });

  it('feature switches and the CRM connection are audited too, never with the client secret', async () => {
    expect((await call(admin, 'PUT', '/admin/features', { 'crm.create': false })).status).toBe(200);
    const connection = { kind: 'servicenow', instanceUrl: 'https://classics.service-now.example', tokenUrl: 'https://classics.service-now.example/oauth_token.do', clientId: 'card-app' };
    expect((await call(admin, 'PUT', '/admin/crm-connection', { ...connection, clientSecret: 'do-not-log-me-1' })).status).toBe(200);
    expect((await call(admin, 'PUT', '/admin/crm-connection', { ...connection, clientId: 'card-app-2' })).status).toBe(200);
    expect((await call(admin, 'DELETE', '/admin/crm-connection')).status).toBe(200);

    const response = await call(admin, 'GET', '/admin/audit?limit=10');
    const text = await response.text();
    expect(text).not.toContain('do-not-log-me-1');
    const audit = (JSON.parse(text) as { entries: Entry[] }).entries;
    const saved = { ...connection, scope: null };
    expect(audit.map((e) => [e.setting, e.before, e.after])).toEqual([
      ['crm-connection', { ...saved, clientId: 'card-app-2' }, null],
      ['crm-connection', saved, { ...saved, clientId: 'card-app-2' }],
      ['crm-connection', null, { ...saved, clientSecret: '(secret changed)' }],
      ['features', { 'crm.create': true }, { 'crm.create': false }],
    ]);
    expect((await call(admin, 'GET', '/admin/audit?limit=1').then((r) => r.json()) as { entries: Entry[] }).entries).toHaveLength(1);
  });
});
