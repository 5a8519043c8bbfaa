import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Db } from '../../src/store/db';
import { callApi } from '../support/api';
import { outboundEnv, startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, aWebVisit, ingest } from '../support/events';
import { startSmsProvider } from '../support/sms-provider';
import { startSmtpServer } from '../support/smtp-server';
import { describeEachStore } from '../support/stores';
import { postEventApplied } from '../support/webhook-client';

/**
 * Hostile input on every route, generated: no answer is a 5xx, every refusal is problem details, and
 * a refused request stores nothing. Cases per route and store below; the seed is fixed, so a failure
 * (fast-check prints its seed and the smallest failing request) replays exactly.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 1313);
/**
 * Cases per route (the events webhook: EVENT_RUNS) per store: the embedded store takes the many (it
 * answers fastest; the input checks are the same code on both), PostgreSQL a share. `FUZZ_RUNS=5000`
 * sets every route on both stores for a deep run.
 */
const deepRuns = Number(process.env.FUZZ_RUNS) || undefined;
const RUNS_PER_ROUTE = { pglite: deepRuns ?? 1000, postgres: deepRuns ?? 100 };
const EVENT_RUNS = { pglite: deepRuns ?? 3000, postgres: deepRuns ?? 1000 };
/** Generous: a case takes a few milliseconds, several on a busy machine. */
const timeoutFor = (runs: number) => Math.max(30_000, runs * 40);

// ---------------------------------------------------------------- hostile values

/** Text that breaks naive code: PostgreSQL's NUL, lone surrogates, bidi and BOM, injections, prototype keys. */
const SPECIAL_TEXT = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '\ud83d', '', ' ', '\t\n', '😀', '👩‍👩‍👧', '\u202e', '\ufeff', '\uffff', 'Å', 'ﷺ',
  '%00', '%ZZ', "'; DROP TABLE contacts; --", '$1', '\\', '"', '__proto__', 'constructor', '../../etc/passwd', 'null', 'NaN', '-1', '1e309',
];
const codeUnit = fc.oneof(
  fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x202e, 0xfeff, 0xffff),
  fc.integer({ min: 0, max: 0xffff }),
).map((unit) => String.fromCharCode(unit));
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SPECIAL_TEXT),
  fc.string({ unit: codeUnit, maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...SPECIAL_TEXT)).map(([text, special]) => `${text}${special}${text}`),
  fc.integer({ min: 100, max: 20_000 }).map((length) => 'x'.repeat(length)),
);
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Every place in a JSON value, as paths from its root (the root itself first). */
function placesIn(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [path];
  return [path, ...Object.entries(value).flatMap(([key, inner]) => placesIn(inner, [...path, Array.isArray(value) ? Number(key) : key]))];
}

type Spoil = (value: unknown) => unknown;
const DROPPED = Symbol('dropped');
const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  fc.constant(() => DROPPED),
  hostileJson.map((hostile) => () => hostile),
  fc.constantFrom(...SPECIAL_TEXT).map((special) => (value: unknown) => (typeof value === 'string' ? `${value}${special}` : special)),
  fc.tuple(hostileText, hostileJson).map(([key, hostile]) => (value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value, [key]: hostile } : hostile),
);

/** The value with its place at `path` spoilt (a copy). */
function spoiltAt(value: unknown, path: Array<string | number>, how: Spoil): unknown {
  if (path.length === 0) return how(value);
  if (value === null || typeof value !== 'object') return value; // an earlier spoil replaced what held this place
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  const inner = spoiltAt(copy[key], rest, how);
  if (inner === DROPPED) delete copy[key];
  else copy[key] = inner;
  return copy;
}

/** A valid value, or one spoilt in one place, a few places, or wholly. */
function mutated(template: unknown): fc.Arbitrary<unknown> {
  const places = placesIn(template);
  const oneSpoilt = fc.tuple(fc.constantFrom(...places), spoil).map(([path, how]) => spoiltAt(template, path, how));
  const fewSpoilt = fc
    .array(fc.tuple(fc.constantFrom(...places), spoil), { minLength: 2, maxLength: 4 })
    .map((spoils) => spoils.reduce((value, [path, how]) => spoiltAt(value, path, how), template));
  return fc.oneof(
    { arbitrary: fc.constant(template), weight: 2 },
    { arbitrary: oneSpoilt, weight: 10 },
    { arbitrary: fewSpoilt, weight: 3 },
    { arbitrary: hostileJson, weight: 1 },
  ).map((value) => (value === DROPPED ? undefined : value));
}

/** Bodies that are not what a JSON parser expects: cut off, nested deeper than any parser recursion, not JSON. */
const RAW_BODIES = ['{', '{"name": "a', '\u0000', 'null', '"text"', '[]', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`, 'name=Edward'];

/** A body sent as it is, not as JSON. */
class RawBody {
  constructor(readonly raw: string) {}
}
const hostileBody = (template: unknown) =>
  fc.oneof(
    { arbitrary: mutated(template), weight: 12 },
    { arbitrary: fc.constantFrom(...RAW_BODIES).map((raw) => new RawBody(raw)), weight: 1 },
  );

/** A percent-encoded path segment; text no encoder takes (a lone surrogate) goes as the escapes of its UTF-8-like form. */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}
const hostileSegment = fc.oneof(
  fc.constantFrom('%00', 'a%00b', '%ZZ', '%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%2F', '%20', 'x'.repeat(4000)),
  // Dot segments are left out: the client resolves them before sending, so the server never sees them.
  hostileText.filter((text) => text.length < 1000 && text !== '.' && text !== '..').map(percentEncoded),
  fc.uuid().map(String),
);
const hostileQueryValue = fc.oneof(
  fc.constantFrom('%00', '%ZZ', '%ED%A0%80', '%', '+', '%2B', 'a&b', ''),
  hostileText.filter((text) => text.length < 1000).map(percentEncoded),
);

// ---------------------------------------------------------------- routes

/** What each test starts with: ids the routes name, so generated requests reach past "not found". */
interface Seeded {
  contactId: string;
  otherContactId: string;
  interactionId: string;
  noteId: string;
}

interface RouteFuzz {
  /** `:name` segments take a seeded id or a hostile segment. */
  route: string;
  /** A valid query, mutated into hostile ones. */
  query?: (seeded: Seeded) => Record<string, string>;
  /** A valid body, mutated into hostile ones. */
  body?: (seeded: Seeded) => unknown;
  /** The tables a success may change; a refusal must leave them as they were. */
  tables: readonly string[];
}

const CONTACT_TABLES = ['contacts', 'contact_identifiers', 'interactions', 'merges', 'notes', 'sent_messages'];
const SETTINGS_TABLES = ['custom_fields', 'roles', 'role_mappings', 'user_divisions', 'app_settings', 'feature_switches', 'settings_audit', 'crm_connection'];
const CRM_TABLES = ['crm_links', 'crm_relations', 'crm_records', 'interactions'];

const ROUTES: RouteFuzz[] = [
  { route: 'GET /lookup', query: () => ({ phone: '+1 803-555-0142' }), tables: [] },
  { route: 'GET /contacts', query: () => ({ q: 'Edward' }), tables: [] },
  { route: 'POST /contacts', body: (s) => ({ name: 'Marianne', phone: '+1 803-555-0100', email: 'm@example.com', fields: { tier: 'gold' }, interactionId: s.interactionId }), tables: CONTACT_TABLES },
  { route: 'GET /contacts/:contactId', tables: [] },
  { route: 'PUT /contacts/:contactId', body: () => ({ name: 'Edward', phones: ['+1 803-555-0142'], emails: ['ed@example.com'], fields: { tier: 'gold' } }), tables: CONTACT_TABLES },
  { route: 'DELETE /contacts/:otherContactId', tables: CONTACT_TABLES },
  { route: 'POST /contacts/:contactId/promote', tables: CONTACT_TABLES },
  { route: 'GET /contacts/:contactId/duplicates', tables: [] },
  { route: 'GET /contacts/:contactId/merge', query: (s) => ({ contactId: s.otherContactId }), tables: [] },
  { route: 'POST /contacts/:contactId/merge', body: (s) => ({ contactId: s.otherContactId }), tables: CONTACT_TABLES },
  { route: 'GET /contacts/:contactId/merges/preview', query: (s) => ({ contactIds: s.otherContactId, 'keep.name': s.otherContactId }), tables: [] },
  { route: 'POST /contacts/:contactId/merges', body: (s) => ({ contactIds: [s.otherContactId], keep: { name: s.otherContactId } }), tables: CONTACT_TABLES },
  { route: 'POST /contacts/:contactId/duplicate-hints/:otherContactId/dismiss', tables: ['duplicate_dismissals'] },
  { route: 'POST /contacts/:contactId/notes', body: () => ({ text: 'Prefers e-mail' }), tables: CONTACT_TABLES },
  { route: 'PUT /notes/:noteId', body: () => ({ text: 'Prefers a call' }), tables: CONTACT_TABLES },
  { route: 'DELETE /notes/:noteId', tables: CONTACT_TABLES },
  { route: 'POST /contacts/:contactId/messages', body: (s) => ({ id: randomUUID(), channel: 'sms', to: '+18035550142', subject: 'Hi', text: 'Your order', interactionId: s.interactionId }), tables: CONTACT_TABLES },
  { route: 'GET /interactions/:interactionId', tables: [] },
  { route: 'PUT /interactions/:interactionId/contact', body: (s) => ({ contactId: s.otherContactId }), tables: CONTACT_TABLES },
  { route: 'GET /interactions/:interactionId/crm', tables: [] },
  { route: 'PUT /interactions/:interactionId/crm/links', body: () => ({ type: 'case', id: 'CS-1' }), tables: CRM_TABLES },
  { route: 'PUT /interactions/:interactionId/crm/relates-to', body: () => ({ type: 'case', id: 'CS-1' }), tables: CRM_TABLES },
  { route: 'POST /interactions/:interactionId/crm/records', body: () => ({ type: 'case', fields: { subject: 'Order 1811', description: 'late' } }), tables: CRM_TABLES },
  { route: 'DELETE /interactions/:interactionId/crm/links/case/CS-1', tables: CRM_TABLES },
  { route: 'GET /crm/records/case/CS-1/related', tables: [] },
  { route: 'GET /fields', tables: [] },
  { route: 'GET /me', tables: [] },
  { route: 'POST /admin/fields', body: () => ({ ident: 'tier', labels: { en: 'Tier', fr: 'Niveau' }, type: 'dropdown', options: ['gold', 'silver'] }), tables: SETTINGS_TABLES },
  { route: 'PUT /admin/fields/tier', body: () => ({ labels: { en: 'Loyalty tier' }, type: 'text', editable: true }), tables: SETTINGS_TABLES },
  { route: 'PUT /admin/field-order', body: () => ({ idents: ['tier'] }), tables: SETTINGS_TABLES },
  { route: 'PUT /admin/settings', body: () => ({ defaultPhoneRegion: 'GB' }), tables: SETTINGS_TABLES },
  { route: 'PUT /admin/features', body: () => ({ 'crm.link': true }), tables: SETTINGS_TABLES },
  { route: 'PUT /admin/roles/Supervisor', body: () => ({ permissions: ['contacts:view'] }), tables: SETTINGS_TABLES },
  { route: 'PUT /admin/role-mappings', body: () => ({ source: 'group', value: '6f1c-group', role: 'Agent' }), tables: SETTINGS_TABLES },
  { route: 'DELETE /admin/role-mappings/group/6f1c-group', tables: SETTINGS_TABLES },
  { route: 'PUT /admin/divisions/users/elinor', body: () => ({ divisions: ['support-emea'] }), tables: SETTINGS_TABLES },
  { route: 'GET /admin/audit', query: () => ({ limit: '10' }), tables: [] },
  // Port 9 (discard) refuses at once: the connection test fails fast without leaving the machine.
  { route: 'PUT /admin/crm-connection', body: () => ({ kind: 'servicenow', instanceUrl: 'http://127.0.0.1:9/', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'app', clientSecret: 's3cret' }), tables: SETTINGS_TABLES },
];

interface HostileRequest {
  method: string;
  path: string;
  body?: unknown;
}

function hostileRequests(fuzz: RouteFuzz, seeded: Seeded): fc.Arbitrary<HostileRequest> {
  const [method, template] = fuzz.route.split(' ') as [string, string];
  const segments = template.split('/').map((segment) => {
    const seededId = segment.startsWith(':') ? seeded[segment.slice(1) as keyof Seeded] : undefined;
    if (seededId !== undefined) return fc.oneof({ arbitrary: fc.constant(seededId), weight: 6 }, { arbitrary: hostileSegment, weight: 1 });
    return segment === '' ? fc.constant('') : fc.oneof({ arbitrary: fc.constant(segment), weight: 19 }, { arbitrary: hostileSegment, weight: 1 });
  });
  const valid = Object.entries(fuzz.query?.(seeded) ?? {}).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  const keys = fc.oneof(fc.constantFrom(...Object.keys(fuzz.query?.(seeded) ?? { q: '' })), fc.constantFrom('q[a]', '__proto__', '%00', '%ZZ', 'x'));
  const hostilePairs = fc.array(fc.tuple(keys, hostileQueryValue).map(([key, value]) => `${key}=${value}`), { minLength: 1, maxLength: 3 });
  const query = fc
    .oneof({ arbitrary: fc.constant(valid), weight: 3 }, { arbitrary: hostilePairs, weight: 1 }, { arbitrary: hostilePairs.map((pairs) => [...valid, ...pairs]), weight: 1 })
    .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
  return fc.record({
    method: fc.constant(method),
    path: fc.tuple(fc.tuple(...segments), query).map(([parts, q]) => `${parts.join('/')}${q}`),
    body: fuzz.body ? hostileBody(fuzz.body(seeded)) : fc.constant(undefined),
  });
}

function send(app: RunningApp, request: HostileRequest): Promise<Response> {
  if (request.body instanceof RawBody) {
    return fetch(`${app.baseUrl}/api${request.path}`, { method: request.method, headers: { 'content-type': 'application/json' }, body: request.body.raw });
  }
  return callApi(app.baseUrl, undefined, request.method, request.path, request.body);
}

// ---------------------------------------------------------------- events

const EVENT_TEMPLATES = () => [
  anInteractionEvent('interaction.started', {
    agent: { id: 'elinor', name: 'Elinor Dashwood' },
    contact: { name: 'Edward', phone: '+1 803-123-0000', email: 'ed@example.com', cookie: 'gc_1', social: { network: 'facebook', id: '1' }, fields: { city: 'Barton' } },
  }),
  anInteractionEvent('interaction.message', { extra: { message: { id: 'msg_1', direction: 'inbound', subject: 'Hi', text: 'Hello', sentAt: new Date().toISOString() } } }),
  anInteractionEvent('interaction.transferred', { extra: { toAgent: { id: 'marianne', name: 'Marianne' } } }),
  aWebVisit('gc_1', 'https://classics.example/poetry'),
];
/** Each event its own id where it kept the template's, so valid ones are applied, not answered as duplicates. */
const hostileEvent = fc
  .tuple(fc.constantFrom(...EVENT_TEMPLATES()).chain((template) => hostileBody(template).map((event) => ({ event, id: template.id }))), fc.uuid())
  .map(([{ event, id }, fresh]) =>
    event !== null && typeof event === 'object' && (event as { id?: unknown }).id === id ? { ...event, id: `evt_${fresh}` } : event);

// ---------------------------------------------------------------- the suite

/** A digest of every row of the tables: equal digests, nothing stored, changed or removed. */
async function fingerprint(db: Db, tables: readonly string[]): Promise<string> {
  if (tables.length === 0) return '';
  const parts = tables.map((t) => `(SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM ${t} r)`);
  const [row] = await db.query<{ digest: string }>(`SELECT ${parts.join(" || ',' || ")} AS digest`);
  return row!.digest;
}

async function rowCounts(db: Db, tables: readonly string[]): Promise<string> {
  const [row] = await db.query<{ counts: string }>(`SELECT concat_ws(',', ${tables.map((t) => `(SELECT count(*) FROM ${t})`).join(', ')}) AS counts`);
  return row!.counts;
}

async function seed(app: RunningApp, db: Db): Promise<Seeded> {
  const interactionId = `int_${randomUUID()}`;
  await ingest(db, anInteractionEvent('interaction.started', { interactionId, contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142', email: 'ed@example.com' } }));
  const [contact] = await db.query<{ contact_id: string }>('SELECT contact_id FROM interactions WHERE id = $1', [interactionId]);
  const other = await callApi(app.baseUrl, undefined, 'POST', '/contacts', { name: 'Edward F.', phone: '+1 803-555-0142' });
  const note = await callApi(app.baseUrl, undefined, 'POST', `/contacts/${contact!.contact_id}/notes`, { text: 'Prefers e-mail' });
  const field = await callApi(app.baseUrl, undefined, 'POST', '/admin/fields', { ident: 'tier', labels: { en: 'Tier' }, type: 'text' });
  expect([other.status, note.status, field.status]).toEqual([201, 201, 201]);
  return { interactionId, contactId: contact!.contact_id, otherContactId: ((await other.json()) as { contact: { id: string } }).contact.id, noteId: ((await note.json()) as { id: string }).id };
}

/**
 * Checks one answer: never a 5xx; a 4xx is problem details and leaves the tables as they were.
 * Returns the tables' state after it, to compare the next answer with.
 */
async function checkAnswer(response: Response, before: string, stateNow: () => Promise<string>): Promise<string> {
  const contentType = response.headers.get('content-type') ?? '';
  await response.body?.cancel();
  expect(response.status).toBeLessThan(500);
  const after = await stateNow();
  if (response.status >= 400) {
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(after).toBe(before);
  }
  return after;
}

describeEachStore('hostile input on every route', (store, kind) => {
  const numRuns = RUNS_PER_ROUTE[kind];
  let app: RunningApp;
  let closeServers: () => Promise<void>;
  beforeAll(async () => {
    const [smtp, sms] = await Promise.all([startSmtpServer(), startSmsProvider()]);
    closeServers = async () => void (await Promise.all([smtp.close(), sms.close()]));
    app = await startApp(store(), {
      EVENTS_RATE_LIMIT_PER_SECOND: '1000000',
      ...outboundEnv(smtp, sms),
    });
  });
  afterAll(async () => {
    await app.close();
    await closeServers();
  });

  it.each(ROUTES.map((fuzz) => [fuzz.route, fuzz] as const))(`%s: ${numRuns} hostile requests, no 5xx, refusals store nothing`, async (_route, fuzz) => {
    const seeded = await seed(app, store());
    let state = await fingerprint(store(), fuzz.tables);
    await fc.assert(
      fc.asyncProperty(hostileRequests(fuzz, seeded), async (request) => {
        state = await checkAnswer(await send(app, request), state, () => fingerprint(store(), fuzz.tables));
      }),
      { numRuns, seed: SEED },
    );
  }, timeoutFor(numRuns));

  // An event is only ever added (the inbox keeps it as sent): counting the rows shows whether a refused one left any.
  const eventRuns = EVENT_RUNS[kind];
  it(`POST /events: ${eventRuns} hostile signed events, no 5xx, refusals store nothing`, async () => {
    const tables = ['events', 'interactions', 'contacts', 'contact_identifiers', 'messages', 'web_visits'];
    const counts = () => rowCounts(store(), tables);
    let state = await counts();
    await fc.assert(
      fc.asyncProperty(hostileEvent, async (event) => {
        const body = event instanceof RawBody ? event.raw : (JSON.stringify(event) ?? '');
        state = await checkAnswer(await postEventApplied(app, body), state, counts);
      }),
      { numRuns: eventRuns, seed: SEED },
    );
  }, timeoutFor(eventRuns));
});
