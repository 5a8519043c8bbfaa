import { BuiltinConnector } from '../../src/crm/builtin/builtin-connector';
import { DEFAULT_ROLE_PERMISSIONS, type Permission } from '../../src/domain/access/permissions';
import { putMapping, putRole } from '../../src/domain/access/role-store';
import { createContact } from '../../src/domain/contacts/create';
import type { Db } from '../../src/store/db';
import { startApp, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

/**
 * ADMIN-3: every API route against every role, over HTTP with real Teams SSO tokens. Each role
 * either gets past the permission check (any answer but 401, 403 or a server error), or a 403
 * problem naming the permission it lacks. Interaction routes check no permission of their own: an
 * interaction outside what the user may see does not exist for them (404), as elsewhere.
 */

const DIVISION = 'support-emea';
const SINGLE_GROUP = 'a3c1e5f7-0000-4000-8000-000000000001';
const SETUP = { id: 'setup', name: 'Test setup' };
const NO_NOTE = '0b9c6f2e-5d4a-4e3b-8c2d-1a0f9e8d7c6b';
const NO_MERGE = '5e0d2c1b-7a6f-4b3e-9d8c-2b1a0f9e8d7c';

interface Fixture {
  interactionId: string;
  /** Created by the interaction: auto-created, so it can be promoted. */
  autoContact: string;
  /** Two curated cards of one person: merging them needs contacts:merge. */
  survivor: string;
  duplicate: string;
  crmRecord: string;
}

async function seed(db: Db): Promise<Fixture> {
  await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'int-1', division: DIVISION, contact: { name: 'Edward Ferrars', phone: '+1 803-123-0000' } }));
  const survivor = await createContact(db, { name: 'Elinor Dashwood', email: 'elinor@classics.example' }, 'US');
  const duplicate = await createContact(db, { name: 'Elinor Dashwood', email: 'e.dashwood@classics.example' }, 'US');
  const record = await new BuiltinConnector(db).create({ type: 'contact', fields: { name: 'Edward Ferrars', phone: '+18031230000' } });
  await db.query('INSERT INTO user_divisions (user_id, division) SELECT unnest($1::text[]), $2', [Object.values(ROLES).map((r) => r.oid), DIVISION]);
  await putRole(db, SETUP, 'Single', ['contacts:view']);
  await putMapping(db, SETUP, { source: 'group', value: SINGLE_GROUP, role: 'Single' });
  await putRole(db, SETUP, 'Temp', []);
  await putMapping(db, SETUP, { source: 'group', value: 'temp-group', role: 'Temp' });
  return { interactionId: 'int-1', autoContact: (await contactOf(db, 'int-1'))!, survivor, duplicate, crmRecord: record.id };
}

/** Who calls: the claims of their token, and what their role grants. */
const ROLES = {
  Agent: { oid: 'agent-oid', claims: { roles: ['Agent'] }, permissions: DEFAULT_ROLE_PERMISSIONS.get('Agent')! },
  Supervisor: { oid: 'supervisor-oid', claims: { roles: ['Supervisor'] }, permissions: DEFAULT_ROLE_PERMISSIONS.get('Supervisor')! },
  Admin: { oid: 'admin-oid', claims: { roles: ['Admin'] }, permissions: DEFAULT_ROLE_PERMISSIONS.get('Admin')! },
  'custom role (contacts:view only, by group)': { oid: 'single-oid', claims: { groups: [SINGLE_GROUP] }, permissions: ['contacts:view'] },
  'no role (an Agent)': { oid: 'nobody-oid', claims: {}, permissions: DEFAULT_ROLE_PERMISSIONS.get('Agent')! },
  // Without it, no caller would lack contacts:view, and a route that dropped its check would still pass.
  'custom role with no permission (by group)': { oid: 'none-oid', claims: { groups: ['temp-group'] }, permissions: [] },
} satisfies Record<string, { oid: string; claims: Record<string, unknown>; permissions: readonly Permission[] }>;
type RoleName = keyof typeof ROLES;

/** What a route needs: a permission, only a signed-in user, or to see the interaction (a division). */
type Needs = Permission | 'signed-in' | 'sees-interaction';
interface RouteCase {
  needs: Needs;
  /** The request, with a body that reaches the permission check (admin routes check before reading input). */
  request: (f: Fixture) => { path: string; body?: unknown };
}

const relation = (f: Fixture) => ({ type: 'contact', id: f.crmRecord });
const settings: Needs = 'settings:manage';

/** Every API route behind Teams SSO. The events webhook and /api/messages authenticate their callers their own way (signature, Bot Framework) and are not in it. */
const ROUTES: Record<string, RouteCase> = {
  'GET /api/me': { needs: 'signed-in', request: () => ({ path: '/api/me' }) },

  'GET /api/interactions/:id': { needs: 'sees-interaction', request: (f) => ({ path: `/api/interactions/${f.interactionId}` }) },
  'GET /api/interactions/:id/live': { needs: 'sees-interaction', request: (f) => ({ path: `/api/interactions/${f.interactionId}/live` }) },
  'PUT /api/interactions/:id/contact': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/contact`, body: { contactId: f.survivor } }) },
  'GET /api/interactions/:id/crm': { needs: 'sees-interaction', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm` }) },
  'POST /api/interactions/:id/crm/opened': { needs: 'sees-interaction', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/opened`, body: relation(f) }) },
  'PUT /api/interactions/:id/crm/relates-to': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/relates-to`, body: relation(f) }) },
  'DELETE /api/interactions/:id/crm/relates-to/:type/:recordId': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/relates-to/contact/${f.crmRecord}` }) },
  'PUT /api/interactions/:id/crm/links': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/links`, body: relation(f) }) },
  'DELETE /api/interactions/:id/crm/links/:type/:recordId': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/links/contact/${f.crmRecord}` }) },
  // No write-back point reached yet: whoever passes the permission check meets 409 (crm-record-resend.test.ts resends).
  'POST /api/interactions/:id/crm/record/resend': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/record/resend` }) },
  'POST /api/interactions/:id/crm/records': { needs: 'interactions:link', request: (f) => ({ path: `/api/interactions/${f.interactionId}/crm/records`, body: { type: 'case', fields: { subject: 'Order 1811' } } }) },

  'GET /api/crm/records/:type/:recordId/relations': { needs: 'contacts:view', request: (f) => ({ path: `/api/crm/records/contact/${f.crmRecord}/relations` }) },
  'PUT /api/crm/records/:type/:recordId/relations': { needs: 'interactions:link', request: (f) => ({ path: `/api/crm/records/contact/${f.crmRecord}/relations`, body: relation(f) }) },
  'DELETE /api/crm/records/:type/:recordId/relations/:relatedType': { needs: 'interactions:link', request: (f) => ({ path: `/api/crm/records/contact/${f.crmRecord}/relations/account` }) },
  'GET /api/crm/records/:type/:recordId/related': { needs: 'contacts:view', request: (f) => ({ path: `/api/crm/records/contact/${f.crmRecord}/related` }) },

  'GET /api/contacts': { needs: 'contacts:view', request: () => ({ path: '/api/contacts?q=Elinor' }) },
  'POST /api/contacts': { needs: 'contacts:add', request: () => ({ path: '/api/contacts', body: { name: 'Lucy Steele' } }) },
  'GET /api/contacts/:id': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}` }) },
  'GET /api/contacts/:id/live': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}/live` }) },
  'PUT /api/contacts/:id': { needs: 'contacts:edit', request: (f) => ({ path: `/api/contacts/${f.survivor}`, body: { name: 'Elinor Ferrars' } }) },
  'DELETE /api/contacts/:id': { needs: 'contacts:delete', request: (f) => ({ path: `/api/contacts/${f.duplicate}` }) },
  'POST /api/contacts/:id/promote': { needs: 'identity:promote', request: (f) => ({ path: `/api/contacts/${f.autoContact}/promote` }) },
  'GET /api/contacts/:id/duplicates': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}/duplicates` }) },
  'GET /api/contacts/:id/merge': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}/merge?contactId=${f.duplicate}` }) },
  'POST /api/contacts/:id/merge': { needs: 'contacts:merge', request: (f) => ({ path: `/api/contacts/${f.survivor}/merge`, body: { contactId: f.duplicate } }) },
  'POST /api/contacts/:id/duplicate-hints/:otherId/dismiss': { needs: 'contacts:merge', request: (f) => ({ path: `/api/contacts/${f.duplicate}/duplicate-hints/${f.survivor}/dismiss` }) },
  'GET /api/contacts/:id/merges/preview': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}/merges/preview?contactIds=${f.duplicate}` }) },
  'POST /api/contacts/:id/merges': { needs: 'contacts:merge', request: (f) => ({ path: `/api/contacts/${f.survivor}/merges`, body: { contactIds: [f.duplicate] } }) },
  // A merge that does not exist: whoever passes the permission check meets 404 (undo-merge.test.ts undoes).
  'GET /api/contacts/:id/merges/:mergeId/undo': { needs: 'contacts:unmerge', request: (f) => ({ path: `/api/contacts/${f.survivor}/merges/${NO_MERGE}/undo` }) },
  'POST /api/contacts/:id/merges/:mergeId/undo': { needs: 'contacts:unmerge', request: (f) => ({ path: `/api/contacts/${f.survivor}/merges/${NO_MERGE}/undo` }) },
  'GET /api/lookup': { needs: 'contacts:view', request: () => ({ path: '/api/lookup?phone=%2B18031230000' }) },
  'GET /api/fields': { needs: 'contacts:add', request: () => ({ path: '/api/fields' }) },
  'POST /api/contacts/:id/notes': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}/notes`, body: { text: 'Called back.' } }) },
  // A note nobody wrote: whoever passes the permission check meets 404 (the author rule is tested in notes.test.ts).
  'PUT /api/notes/:id': { needs: 'contacts:view', request: () => ({ path: `/api/notes/${NO_NOTE}`, body: { text: 'Changed' } }) },
  'DELETE /api/notes/:id': { needs: 'contacts:view', request: () => ({ path: `/api/notes/${NO_NOTE}` }) },
  // An empty body: whoever passes the permission check meets 400, and nothing is sent (send-message.test.ts sends).
  'POST /api/contacts/:id/messages': { needs: 'contacts:view', request: (f) => ({ path: `/api/contacts/${f.survivor}/messages`, body: {} }) },

  'GET /api/admin/features': { needs: settings, request: () => ({ path: '/api/admin/features' }) },
  'PUT /api/admin/features': { needs: settings, request: () => ({ path: '/api/admin/features', body: { 'crm.link': false } }) },
  'GET /api/admin/settings': { needs: settings, request: () => ({ path: '/api/admin/settings' }) },
  'PUT /api/admin/settings': { needs: settings, request: () => ({ path: '/api/admin/settings', body: { defaultPhoneRegion: 'GB' } }) },
  'GET /api/admin/crm-connection': { needs: settings, request: () => ({ path: '/api/admin/crm-connection' }) },
  // Empty bodies: a valid connection would be tested against, or connect, a CRM that is not there.
  'POST /api/admin/crm-connection/test': { needs: settings, request: () => ({ path: '/api/admin/crm-connection/test', body: {} }) },
  'PUT /api/admin/crm-connection': { needs: settings, request: () => ({ path: '/api/admin/crm-connection', body: {} }) },
  'DELETE /api/admin/crm-connection': { needs: settings, request: () => ({ path: '/api/admin/crm-connection' }) },
  'GET /api/admin/crm-records/failed': { needs: settings, request: () => ({ path: '/api/admin/crm-records/failed' }) },
  'POST /api/admin/crm-records/:interactionId/resend': { needs: settings, request: (f) => ({ path: `/api/admin/crm-records/${f.interactionId}/resend` }) },
  // Empty bodies: the field routes check the permission before they read any input.
  'GET /api/admin/fields': { needs: settings, request: () => ({ path: '/api/admin/fields' }) },
  'POST /api/admin/fields': { needs: settings, request: () => ({ path: '/api/admin/fields', body: {} }) },
  'PUT /api/admin/fields/:ident': { needs: settings, request: () => ({ path: '/api/admin/fields/tier', body: {} }) },
  'POST /api/admin/fields/:ident/retire': { needs: settings, request: () => ({ path: '/api/admin/fields/tier/retire' }) },
  'POST /api/admin/fields/:ident/restore': { needs: settings, request: () => ({ path: '/api/admin/fields/tier/restore' }) },
  'PUT /api/admin/field-order': { needs: settings, request: () => ({ path: '/api/admin/field-order', body: {} }) },
  'GET /api/admin/roles': { needs: settings, request: () => ({ path: '/api/admin/roles' }) },
  'PUT /api/admin/roles/:name': { needs: settings, request: () => ({ path: '/api/admin/roles/Auditor', body: { permissions: ['contacts:view'] } }) },
  'DELETE /api/admin/roles/:name': { needs: settings, request: () => ({ path: '/api/admin/roles/Temp' }) },
  'GET /api/admin/role-mappings': { needs: settings, request: () => ({ path: '/api/admin/role-mappings' }) },
  'PUT /api/admin/role-mappings': { needs: settings, request: () => ({ path: '/api/admin/role-mappings', body: { source: 'appRole', value: 'CustomerCard.Auditor', role: 'Agent' } }) },
  'DELETE /api/admin/role-mappings/:source/:value': { needs: settings, request: () => ({ path: '/api/admin/role-mappings/group/temp-group' }) },
  'GET /api/admin/divisions': { needs: settings, request: () => ({ path: '/api/admin/divisions' }) },
  'PUT /api/admin/divisions/users/:userId': { needs: settings, request: () => ({ path: '/api/admin/divisions/users/newcomer-oid', body: { divisions: [DIVISION] } }) },
  'GET /api/admin/audit': { needs: settings, request: () => ({ path: '/api/admin/audit' }) },
  'GET /api/admin/privacy/contacts/:id/export': { needs: 'privacy:manage', request: (f) => ({ path: `/api/admin/privacy/contacts/${f.duplicate}/export` }) },
  // An erasure that does not repeat the id: whoever passes the permission check meets 400, and nothing is erased (privacy.test.ts erases).
  'POST /api/admin/privacy/contacts/:id/erase': { needs: 'privacy:manage', request: (f) => ({ path: `/api/admin/privacy/contacts/${f.duplicate}/erase`, body: {} }) },
  'GET /api/admin/privacy/requests': { needs: 'privacy:manage', request: () => ({ path: '/api/admin/privacy/requests' }) },
};
const UNDER_OWN_AUTHENTICATION = ['POST /api/events', 'POST /api/messages'];

type Outcome = 'allowed' | 'forbidden' | 'hidden';

function expected(role: RoleName, needs: Needs): Outcome {
  const granted: readonly string[] = ROLES[role].permissions;
  if (needs === 'signed-in') return 'allowed';
  if (needs === 'sees-interaction') return granted.includes('interactions:view-division') || granted.includes('interactions:view-all') ? 'allowed' : 'hidden';
  return granted.includes(needs) ? 'allowed' : 'forbidden';
}

/** What the answer says, described so that a wrong one shows in the diff. */
function outcome(needs: Needs, status: number, type: string, body: string): string {
  if (status === 403) {
    const problem = JSON.parse(body) as { status?: number; detail?: string };
    const named = problem.detail?.includes(`the ${needs} permission`);
    return type.startsWith('application/problem+json') && problem.status === 403 && named ? 'forbidden' : `403 without problem details naming ${needs}: ${type} ${body}`;
  }
  if (status === 401 || status >= 500) return `${status}: ${body}`;
  if (needs === 'sees-interaction') {
    if (status === 404 && type.startsWith('application/problem+json')) return 'hidden';
    return status < 300 ? 'allowed' : `${status}: ${body}`;
  }
  return 'allowed';
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[];
}

/** The app's routes as "METHOD /path", read from the Express router stack. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  const join = (path: string) => (prefix + (path === '/' ? '' : path)) || '/';
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = [layer.route.path].flat();
      return Object.keys(layer.route.methods).flatMap((method) => paths.map((path) => `${method.toUpperCase()} ${join(path)}`));
    }
    if (layer.handle.stack && typeof layer.rawPath === 'string') return routesOf(layer.handle.stack, join(layer.rawPath));
    return [];
  });
}

describeEachStore('permissions: every API route × every role', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp;
  const tokens = new Map<RoleName, string>();
  let fixture: Fixture;
  beforeAll(async () => {
    entra = await startEntra();
    app = await startApp(store(), entra.env);
    for (const [role, { oid, claims }] of Object.entries(ROLES)) tokens.set(role as RoleName, await entra.token({ oid, name: role, ...claims }));
  });
  beforeEach(async () => {
    fixture = await seed(store());
  });
  afterAll(async () => {
    await app.close();
    await entra.close();
  });

  it('the table lists every API route of the app, and no other', () => {
    const router = (app.express as unknown as { router: { stack: Layer[] } }).router;
    const api = routesOf(router.stack).filter((route) => route.split(' ')[1]!.startsWith('/api/'));
    expect(api).toEqual(expect.arrayContaining(UNDER_OWN_AUTHENTICATION));
    expect(api.filter((route) => !UNDER_OWN_AUTHENTICATION.includes(route)).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('takes roles only from tokens it verified', async () => {
    const forged = await entra.token({ oid: 'admin-oid', roles: ['Admin'] }, { key: entra.foreignKey });
    const response = await fetch(`${app.baseUrl}/api/admin/roles`, { headers: { Authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });

  it.each(Object.entries(ROUTES))('%s', async (route, { needs, request }) => {
    const roles = Object.keys(ROLES) as RoleName[];
    const want = Object.fromEntries(roles.map((role) => [role, expected(role, needs)]));
    // Refusals first: they change nothing, so every refused role meets the fixture as seeded.
    const order = [...roles].sort((a, b) => Number(want[a] === 'allowed') - Number(want[b] === 'allowed'));
    const got: Record<string, string> = {};
    for (const role of order) {
      const { path, body } = request(fixture);
      const response = await fetch(`${app.baseUrl}${path}`, {
        method: route.split(' ')[0],
        headers: { Authorization: `Bearer ${tokens.get(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = response.headers.get('content-type') ?? '';
      const text = type.startsWith('text/event-stream') ? await response.body!.cancel().then(() => '') : await response.text();
      got[role] = outcome(needs, response.status, type, text);
    }
    expect(got).toEqual(want);
  });
});
