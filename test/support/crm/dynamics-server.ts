import express, { type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CrmConnectionSettings } from '../../../src/crm/connector';

/**
 * A local Dataverse (Web API v9.2) with its Entra ID token endpoint, for connector tests over real
 * HTTP. It keeps to what the real service does where the connector depends on it: OData v4 JSON
 * with @odata.context and @odata.etag, lookups read as _<column>_value and written through
 * <navigation>@odata.bind (undeclared navigation properties and unknown columns are refused; a
 * null bind clears the lookup), contains/startswith/endswith with SQL LIKE wildcards,
 * case-insensitive string comparison, client-chosen primary keys with a 412 on duplicates, PATCH
 * upsert with If-Match / If-None-Match, Dataverse error bodies, 401 + WWW-Authenticate for a token
 * it does not take, 429 + Retry-After when throttling.
 *
 * Activities as Dataverse models them: Regarding through the per-activity navigation property
 * regardingobjectid_<table>_<activity>; activity parties (deep-inserted on create, replaced by a
 * PATCH that carries them) with the participation types each activity type has (phone call: From
 * and To; e-mail: From, To, Cc, Bcc, and parties that are an address alone; a task: none), parties
 * that are accounts, contacts, leads or systemusers; the owner (ownerid) a systemuser, the calling
 * application user unless bound; statecode/statuscode pairs each table allows; a completed or
 * cancelled activity read-only until its state is set back to open.
 */

export const DYNAMICS_TENANT = '5f1c2a0e-8d4b-4b7e-a1c3-9e0d2f4b6a81';
export const DYNAMICS_CLIENT_ID = '0c7d9e21-3f4a-4b5c-8d6e-7f8091a2b3c4';
export const DYNAMICS_CLIENT_SECRET = 'Zq8~dataverse-test-secret.Kx3vW7nP';

export type Row = Record<string, unknown>;

interface Table {
  logicalName: string;
  key: string;
  /** Columns a client may write (the key too: Dataverse accepts a client-chosen primary key). */
  writable: string[];
  /** Columns Dataverse computes. */
  computed: string[];
  /** Lookup column → the tables it may point to. */
  lookups: Record<string, string[]>;
  /** Activity tables: lookups navigate as <column>_<target>_<activity>; they may have parties. */
  activity?: {
    parties?: string;
    /** participationtypemask values the activity type takes (the activityparty docs' table). */
    partyTypes?: number[];
    /** Parties that are an e-mail address alone (addressused, no partyid): e-mails only. */
    unresolvedParties?: boolean;
    /** statecode → its statuscodes, the first the default. */
    states: Record<number, number[]>;
  };
  /** ownerid: a systemuser; the calling user unless bound. */
  owned?: boolean;
  readOnly?: boolean;
}

const COMMON = ['statecode', 'statuscode', 'description'];
const COMPUTED = ['createdon', 'modifiedon', 'versionnumber'];
const ACTIVITY_COLUMNS = ['activityid', 'subject', 'actualstart', 'actualend', 'actualdurationminutes', 'scheduledstart', 'scheduledend', ...COMMON];
const REGARDING = { regardingobjectid: ['account', 'contact', 'lead', 'incident', 'opportunity'] };
/** activityparty.participationtypemask: Sender (From), ToRecipient (To). */
const SENDER = 1;
const TO_RECIPIENT = 2;

const TABLES: Record<string, Table> = {
  contacts: {
    logicalName: 'contact', key: 'contactid',
    writable: ['contactid', 'firstname', 'lastname', 'telephone1', 'telephone2', 'mobilephone', 'emailaddress1', 'jobtitle', ...COMMON],
    computed: ['fullname'], lookups: { parentcustomerid: ['account', 'contact'] },
  },
  leads: {
    logicalName: 'lead', key: 'leadid',
    writable: ['leadid', 'firstname', 'lastname', 'companyname', 'subject', 'telephone1', 'mobilephone', 'emailaddress1', ...COMMON],
    computed: ['fullname'], lookups: {},
  },
  accounts: {
    logicalName: 'account', key: 'accountid',
    writable: ['accountid', 'name', 'telephone1', 'telephone2', 'emailaddress1', 'websiteurl', ...COMMON],
    computed: [], lookups: {},
  },
  incidents: {
    logicalName: 'incident', key: 'incidentid',
    writable: ['incidentid', 'title', ...COMMON], computed: ['ticketnumber'], lookups: { customerid: ['account', 'contact'] },
  },
  opportunities: {
    logicalName: 'opportunity', key: 'opportunityid',
    writable: ['opportunityid', 'name', ...COMMON], computed: [], lookups: { customerid: ['account', 'contact'] },
  },
  systemusers: {
    logicalName: 'systemuser', key: 'systemuserid',
    writable: ['systemuserid', 'firstname', 'lastname', 'internalemailaddress', 'isdisabled', 'applicationid'], computed: ['fullname'], lookups: {},
  },
  phonecalls: {
    logicalName: 'phonecall', key: 'activityid', writable: [...ACTIVITY_COLUMNS, 'phonenumber', 'directioncode'],
    computed: [], lookups: REGARDING, owned: true,
    activity: { parties: 'phonecall_activity_parties', partyTypes: [SENDER, TO_RECIPIENT], states: { 0: [1], 1: [2, 4], 2: [3] } },
  },
  emails: {
    logicalName: 'email', key: 'activityid', writable: [...ACTIVITY_COLUMNS, 'directioncode'],
    computed: [], lookups: REGARDING, owned: true,
    activity: { parties: 'email_activity_parties', partyTypes: [SENDER, TO_RECIPIENT, 3, 4], unresolvedParties: true, states: { 0: [1, 8], 1: [2, 3, 4, 6, 7], 2: [5] } },
  },
  tasks: {
    logicalName: 'task', key: 'activityid', writable: ACTIVITY_COLUMNS, computed: [], lookups: REGARDING, owned: true,
    activity: { states: { 0: [2, 3, 4, 7], 1: [5], 2: [6] } },
  },
  activityparties: {
    logicalName: 'activityparty', key: 'activitypartyid', writable: ['participationtypemask', 'addressused'], computed: [],
    lookups: { activityid: ['phonecall', 'email'], partyid: ['account', 'contact', 'lead', 'systemuser'] }, readOnly: true,
  },
};

const LOOKUP_NAME = '@Microsoft.Dynamics.CRM.lookuplogicalname';
/**
 * The code answered with "Cannot update Closed or Cancelled Activity" (a completed or cancelled
 * activity changed in anything but its state): here the generic invalid-argument code; clients
 * must not depend on it.
 */
const CLOSED_ACTIVITY = '0x80040203';
/** A synchronous plug-in's InvalidPluginExecutionException (IsvAborted): its message is the customer's own rule. */
const PLUGIN_ABORTED = '0x80040265';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Dataverse error: {"error":{"code":"0x…","message":"…"}} with its HTTP status. */
class DataverseError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const notExist = (logicalName: string, id: string) => new DataverseError(404, '0x80040217', `${logicalName} With Id = ${id} Does Not Exist`);
const noProperty = (table: Table, name: string) =>
  new DataverseError(400, '0x80060888', `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${table.logicalName}'.`);

function columnsOf(table: Table): string[] {
  const lookups = [...Object.keys(table.lookups), ...(table.owned ? ['ownerid'] : [])];
  return [...table.writable.filter((c) => c !== table.key), table.key, ...table.computed, ...COMPUTED, ...lookups.map((l) => `_${l}_value`)];
}

/** <navigation property> → the lookup column and target table it sets. */
function navigation(table: Table, property: string): { column: string; target: string } {
  for (const [column, targets] of Object.entries(table.lookups)) {
    for (const target of targets) {
      const name = table.activity ? `${column}_${target}_${table.logicalName}` : `${column}_${target}`;
      if (name === property) return { column, target };
    }
  }
  throw new DataverseError(
    400,
    '0x80060888',
    `An undeclared property '${property}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
  );
}

// ---------------------------------------------------------------------------------------------
// $filter: the OData subset the connector uses — eq/ne/gt/ge/lt/le, and/or/not, parentheses,
// contains/startswith/endswith — with Dataverse's semantics: case-insensitive, LIKE wildcards.

type Predicate = (row: Row) => boolean;
type Literal = string | number | boolean | null;

const TOKEN =
  /\s*(?:(\()|(\))|(,)|'((?:[^']|'')*)'|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])|(-?\d+(?:\.\d+)?)(?![\w-])|([A-Za-z_]\w*))/iy;

type Token = { kind: '(' | ')' | ',' | 'string' | 'guid' | 'number' | 'word'; text: string };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    if (/^\s*$/.test(filter.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(filter);
    if (!m) throw new DataverseError(400, '0x80060888', `Syntax error at position ${at} in '${filter}'.`);
    if (m[1]) tokens.push({ kind: '(', text: '(' });
    else if (m[2]) tokens.push({ kind: ')', text: ')' });
    else if (m[3]) tokens.push({ kind: ',', text: ',' });
    else if (m[4] !== undefined) tokens.push({ kind: 'string', text: m[4].replace(/''/g, "'") });
    else if (m[5]) tokens.push({ kind: 'guid', text: m[5].toLowerCase() });
    else if (m[6]) tokens.push({ kind: 'number', text: m[6] });
    else tokens.push({ kind: 'word', text: m[7]! });
  }
  return tokens;
}

/** SQL LIKE (%, _, [set], [^set]) as a regular expression, case-insensitive. */
function likeRegExp(pattern: string, anyBefore: boolean, anyAfter: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const close = c === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (c === '%') out += '[\\s\\S]*';
    else if (c === '_') out += '[\\s\\S]';
    else if (close > 0) {
      let set = pattern.slice(i + 1, close);
      const negated = set.startsWith('^');
      if (negated) set = set.slice(1);
      out += `[${negated ? '^' : ''}${set.replace(/[\\\]^[]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${anyBefore ? '[\\s\\S]*' : ''}${out}${anyAfter ? '[\\s\\S]*' : ''}$`, 'i');
}

function compare(a: unknown, b: Literal): number | null {
  if (a === null || a === undefined || b === null) return null;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return null;
}

function parseFilter(filter: string, column: (name: string) => string): Predicate {
  const tokens = tokenize(filter);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (text: string) => peek()?.kind === 'word' && peek()!.text.toLowerCase() === text;
  const expect = (kind: Token['kind']) => {
    const token = tokens[i++];
    if (token?.kind !== kind) throw new DataverseError(400, '0x80060888', `Syntax error in '${filter}': expected ${kind}.`);
    return token;
  };
  const value = (): Literal => {
    const token = tokens[i++];
    if (!token) throw new DataverseError(400, '0x80060888', `Syntax error in '${filter}': value expected.`);
    if (token.kind === 'string' || token.kind === 'guid') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word' && ['true', 'false', 'null'].includes(token.text)) return token.text === 'null' ? null : token.text === 'true';
    throw new DataverseError(400, '0x80060888', `Syntax error in '${filter}' near '${token.text}'.`);
  };
  const or = (): Predicate => {
    const parts = [and()];
    while (isWord('or')) {
      i++;
      parts.push(and());
    }
    return (row) => parts.some((p) => p(row));
  };
  const and = (): Predicate => {
    const parts = [unary()];
    while (isWord('and')) {
      i++;
      parts.push(unary());
    }
    return (row) => parts.every((p) => p(row));
  };
  const unary = (): Predicate => {
    if (isWord('not')) {
      i++;
      const inner = unary();
      return (row) => !inner(row);
    }
    return primary();
  };
  const primary = (): Predicate => {
    if (peek()?.kind === '(') {
      i++;
      const inner = or();
      expect(')');
      return inner;
    }
    const name = expect('word').text;
    const fn = name.toLowerCase();
    if (['contains', 'startswith', 'endswith'].includes(fn)) {
      expect('(');
      const col = column(expect('word').text);
      expect(',');
      const pattern = expect('string').text;
      expect(')');
      const re = likeRegExp(pattern, fn !== 'startswith', fn !== 'endswith');
      return (row) => typeof row[col] === 'string' && re.test(row[col] as string);
    }
    const col = column(name);
    const op = expect('word').text.toLowerCase();
    const v = value();
    const test: Record<string, (c: number | null, a: unknown) => boolean> = {
      eq: (c, a) => (v === null ? a === null || a === undefined : c === 0),
      ne: (c, a) => (v === null ? a !== null && a !== undefined : c !== 0),
      gt: (c) => c !== null && c > 0,
      ge: (c) => c !== null && c >= 0,
      lt: (c) => c !== null && c < 0,
      le: (c) => c !== null && c <= 0,
    };
    const check = test[op];
    if (!check) throw new DataverseError(400, '0x80060888', `Syntax error in '${filter}': unknown operator '${op}'.`);
    return (row) => check(compare(row[col], v), row[col]);
  };
  const predicate = or();
  if (i < tokens.length) throw new DataverseError(400, '0x80060888', `Syntax error in '${filter}' near '${tokens[i]!.text}'.`);
  return predicate;
}

// ---------------------------------------------------------------------------------------------

export interface DynamicsServerSwitches {
  /** Every Web API request answers 503 (the token endpoint stays up). */
  outage: boolean;
  /** Service protection: every Web API request answers 429 with this Retry-After (seconds). */
  throttleSeconds: number | null;
  /** The next N writes are committed, then their connection is dropped before any answer. */
  crashAfterCommit: number;
  /** The next N answers stop halfway through the body: the connection drops after the headers. */
  dropMidResponse: number;
  /** A plug-in registered on the activity tables refuses every create and update with this message. */
  pluginRejects: string | null;
}

export interface LoggedRequest {
  method: string;
  /** Path under /api/data/v9.2/, e.g. contacts or phonecalls(<id>). */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status?: number;
}

export async function startDynamicsServer() {
  const data = new Map<string, Map<string, Row>>(Object.keys(TABLES).map((set) => [set, new Map()]));
  const tokens = new Map<string, { revoked: boolean }>();
  const switches: DynamicsServerSwitches = { outage: false, throttleSeconds: null, crashAfterCommit: 0, dropMidResponse: 0, pluginRejects: null };
  const requests: LoggedRequest[] = [];
  let tokenRequests = 0;
  let clock = Date.parse('2024-05-01T09:00:00Z');
  let version = 1000;
  const organizationId = randomUUID();
  // The application user the connector signs in as: WhoAmI names it, and it owns what it creates.
  const applicationUserId = randomUUID();
  data.get('systemusers')!.set(applicationUserId, {
    systemuserid: applicationUserId, firstname: '#', lastname: 'Customer Card', fullname: '# Customer Card', applicationid: DYNAMICS_CLIENT_ID,
    internalemailaddress: null, isdisabled: false, statecode: 0, statuscode: 1, versionnumber: version,
  });

  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiBase = `${instanceUrl}/api/data/v9.2/`;
  const tokenUrl = `${instanceUrl}/${DYNAMICS_TENANT}/oauth2/v2.0/token`;

  const table = (set: string): Table => {
    const t = TABLES[set];
    if (!t) throw new DataverseError(404, '0x8006088a', `Resource not found for the segment '${set}'.`);
    return t;
  };
  const rowsOf = (set: string) => data.get(set)!;

  /** An @odata.bind value: /contacts(<id>) or the absolute URL dynamics-web-api makes of it. */
  function bound(value: unknown, target: string): string {
    const m = typeof value === 'string' ? /(?:^|\/)(\w+)\(([0-9a-f-]{36})\)$/i.exec(value) : null;
    if (!m || table(m[1]!).logicalName !== target) {
      throw new DataverseError(400, '0x80060888', `Invalid @odata.bind value '${String(value)}' for a ${target} reference.`);
    }
    const id = m[2]!.toLowerCase();
    if (!rowsOf(m[1]!).has(id)) throw notExist(target, id);
    return id;
  }

  /** A lookup set, or cleared with null, through <navigation>@odata.bind. */
  function bind(t: Table, row: Row, property: string, value: unknown): void {
    // ownerid is one navigation property for either owner table; the bound URL says which.
    const { column, target } =
      property === 'ownerid' && t.owned ? { column: 'ownerid', target: 'systemuser' } : navigation(t, property);
    if (value === null) {
      if (column === 'ownerid') throw new DataverseError(400, '0x80040203', 'Every record must have an owner: ownerid cannot be null.');
      delete row[`_${column}_value`];
      delete row[`_${column}_value${LOOKUP_NAME}`];
      return;
    }
    row[`_${column}_value`] = bound(value, target);
    row[`_${column}_value${LOOKUP_NAME}`] = target;
  }

  /** Applies a create/update body to a row; returns the activity parties it carries, if it does. */
  function apply(set: string, row: Row, body: Row, creating: boolean): Row[] | null {
    const t = table(set);
    let parties: Row[] | null = null;
    for (const [key, value] of Object.entries(body)) {
      if (key.endsWith('@odata.bind')) {
        bind(t, row, key.slice(0, -'@odata.bind'.length), value);
      } else if (t.activity?.parties && key === t.activity.parties) {
        if (!Array.isArray(value)) throw new DataverseError(400, '0x80060888', `'${key}' must be a collection.`);
        parties = value as Row[];
      } else if (key === t.key && !creating) {
        continue;
      } else if (t.writable.includes(key)) {
        if (key === t.key && (typeof value !== 'string' || !GUID.test(value))) throw new DataverseError(400, '0x80060888', `'${key}' must be a Guid.`);
        row[key] = key === t.key ? (value as string).toLowerCase() : value;
      } else {
        throw new DataverseError(
          400,
          '0x80060888',
          `The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${t.logicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        );
      }
    }
    if (['contact', 'lead', 'systemuser'].includes(t.logicalName)) {
      row.fullname = [row.firstname, row.lastname].filter((p) => typeof p === 'string' && p).join(' ') || null;
    }
    if (t.activity) settleState(t, row, body);
    clock += 1000;
    row.modifiedon = new Date(clock).toISOString();
    row.versionnumber = ++version;
    return parties;
  }

  /** statecode alone takes that state's default statuscode; a statuscode must belong to the state. */
  function settleState(t: Table, row: Row, body: Row): void {
    const states = t.activity!.states;
    const state = Number(row.statecode);
    if (!states[state]) throw new DataverseError(400, '0x80040203', `${String(row.statecode)} is not a valid state code on ${t.logicalName}.`);
    if ('statecode' in body && !('statuscode' in body)) row.statuscode = states[state][0];
    if (!states[state].includes(Number(row.statuscode))) {
      throw new DataverseError(400, '0x80040203', `${String(row.statuscode)} is not a valid status code for state code ${state} on ${t.logicalName}.`);
    }
  }

  /** Validates an activity's parties into activityparty rows. */
  function partyRows(t: Table, activityKey: string, parties: Row[]): Row[] {
    const types = t.activity?.partyTypes ?? [];
    return parties.map((party) => {
      const partyRow: Row = { activitypartyid: randomUUID(), _activityid_value: activityKey, [`_activityid_value${LOOKUP_NAME}`]: t.logicalName };
      for (const [k, v] of Object.entries(party)) {
        if (k === 'participationtypemask') {
          if (typeof v !== 'number' || !types.includes(v)) throw new DataverseError(400, '0x80040203', `${String(v)} is not a valid participation type for a ${t.logicalName}.`);
          partyRow.participationtypemask = v;
        } else if (k === 'addressused' && typeof v === 'string') partyRow.addressused = v;
        else if (k.startsWith('partyid_') && k.endsWith('@odata.bind')) {
          const { target } = navigation(TABLES.activityparties!, k.slice(0, -'@odata.bind'.length));
          partyRow._partyid_value = bound(v, target);
          partyRow[`_partyid_value${LOOKUP_NAME}`] = target;
        } else throw noProperty(TABLES.activityparties!, k);
      }
      if (partyRow.participationtypemask === undefined) throw new DataverseError(400, '0x80040203', 'An activity party needs a participationtypemask.');
      if (!partyRow._partyid_value && !(t.activity?.unresolvedParties && partyRow.addressused)) {
        throw new DataverseError(400, '0x80040203', `An activity party of a ${t.logicalName} must name a record (partyid).`);
      }
      return partyRow;
    });
  }

  /** The activity's parties are these from now on. */
  function replaceParties(activityKey: string, rows: Row[]): void {
    const parties = rowsOf('activityparties');
    for (const [id, party] of parties) if (party._activityid_value === activityKey) parties.delete(id);
    for (const p of rows) parties.set(p.activitypartyid as string, p);
  }

  function create(set: string, body: Row, id?: string): string {
    const t = table(set);
    if (t.readOnly) throw new DataverseError(405, '0x80060888', `The '${set}' entity set does not support create.`);
    const row: Row = { statecode: 0, statuscode: t.activity?.states[0]![0] ?? 1 };
    // Owned by the calling user unless the body binds another owner.
    if (t.owned) Object.assign(row, { _ownerid_value: applicationUserId, [`_ownerid_value${LOOKUP_NAME}`]: 'systemuser' });
    const parties = apply(set, row, body, true);
    const key = ((row[t.key] as string | undefined) ?? id ?? randomUUID()).toLowerCase();
    if (rowsOf(set).has(key)) throw new DataverseError(412, '0x80040237', 'A record with matching key values already exists.');
    row[t.key] = key;
    row.createdon = row.modifiedon;
    if (t.logicalName === 'incident') {
      if (!row._customerid_value) throw new DataverseError(400, '0x80040203', 'You should specify a parent contact or account.');
      row.ticketnumber = `CAS-${String(rowsOf(set).size + 1001).padStart(5, '0')}-X7K2P9`;
    }
    const partyList = parties ? partyRows(t, key, parties) : [];
    // Validation done: commit the row and its parties together.
    rowsOf(set).set(key, row);
    replaceParties(key, partyList);
    return key;
  }

  /** Updates a row; an activity that is completed or cancelled takes nothing but a state change. */
  function update(set: string, key: string, row: Row, body: Row): void {
    const t = table(set);
    if (t.readOnly) throw new DataverseError(405, '0x80060888', `The '${set}' entity set does not support update.`);
    if (t.activity && row.statecode !== 0 && Object.keys(body).some((k) => k !== 'statecode' && k !== 'statuscode')) {
      throw new DataverseError(400, CLOSED_ACTIVITY, 'Cannot update Closed or Cancelled Activity');
    }
    const draft = { ...row };
    const parties = apply(set, draft, body, false);
    const partyList = parties && partyRows(t, key, parties);
    rowsOf(set).set(key, draft);
    if (partyList) replaceParties(key, partyList);
  }

  function project(set: string, row: Row, select: string[] | null, annotations: boolean): Row {
    const t = table(set);
    const columns = select ?? columnsOf(t);
    const out: Row = { '@odata.etag': `W/"${String(row.versionnumber)}"` };
    for (const c of [...new Set([...columns, t.key])]) {
      out[c] = row[c] ?? null;
      if (annotations && c.startsWith('_') && row[c]) out[`${c}${LOOKUP_NAME}`] = row[`${c}${LOOKUP_NAME}`];
    }
    return out;
  }

  function parseSelect(set: string, raw: string | undefined): string[] | null {
    if (!raw) return null;
    const t = table(set);
    const known = columnsOf(t);
    const select = raw.split(',').map((c) => c.trim());
    for (const c of select) if (!known.includes(c)) throw noProperty(t, c);
    return select;
  }

  function list(set: string, query: Record<string, string>, annotations: boolean): Row {
    const t = table(set);
    const known = columnsOf(t);
    const column = (name: string) => {
      if (!known.includes(name)) throw noProperty(t, name);
      return name;
    };
    const select = parseSelect(set, query.$select);
    let rows = [...rowsOf(set).values()];
    if (query.$filter) {
      const predicate = parseFilter(query.$filter, column);
      rows = rows.filter(predicate);
    }
    if (query.$orderby) {
      const keys = query.$orderby.split(',').map((part) => {
        const [name, direction] = part.trim().split(/\s+/);
        return { name: column(name!), sign: direction?.toLowerCase() === 'desc' ? -1 : 1 };
      });
      rows.sort((a, b) => {
        for (const { name, sign } of keys) {
          const x = a[name];
          const y = b[name];
          // SQL Server sorts nulls first ascending.
          const c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : (compare(x, y as Literal) ?? 0);
          if (c) return c * sign;
        }
        return 0;
      });
    }
    if (query.$top) rows = rows.slice(0, Number(query.$top));
    return {
      '@odata.context': `${apiBase}$metadata#${set}${select ? `(${select.join(',')})` : ''}`,
      value: rows.map((r) => project(set, r, select, annotations)),
    };
  }

  // --- Entra ID token endpoint (client credentials) ---
  app.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    tokenRequests++;
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const trace = `Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`;
    const fail = (status: number, error: string, description: string) =>
      res.status(status).json({ error, error_description: `${description} ${trace}`, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1])], trace_id: randomUUID() });
    if (req.params.tenant !== DYNAMICS_TENANT) return fail(400, 'invalid_request', `AADSTS90002: Tenant '${String(req.params.tenant)}' not found.`);
    if (form.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    if (form.client_id !== DYNAMICS_CLIENT_ID) {
      return fail(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${String(form.client_id)}' was not found in the directory.`);
    }
    if (form.client_secret !== DYNAMICS_CLIENT_SECRET) {
      return fail(
        401,
        'invalid_client',
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${DYNAMICS_CLIENT_ID}'.`,
      );
    }
    if (form.scope !== `${instanceUrl}/.default`) {
      return fail(400, 'invalid_scope', `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.`);
    }
    const accessToken = `eyJ0eXAiOiJKV1QifQ.${Buffer.from(randomUUID()).toString('base64url')}.sig`;
    tokens.set(accessToken, { revoked: false });
    return res.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  });

  // --- Web API ---
  app.use('/api/data/v9.2', express.json({ type: ['application/json'] }), (req: Request, res: Response) => {
    const path = decodeURIComponent(req.path.replace(/^\//, ''));
    const query = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const logged: LoggedRequest = { method: req.method, path, query, body: req.body as unknown };
    requests.push(logged);
    res.on('finish', () => (logged.status = res.statusCode));
    res.set({ 'OData-Version': '4.0', 'x-ms-service-request-id': randomUUID() });
    const send = (status: number, body?: Row, headers: Record<string, string> = {}) => {
      res.status(status).set(headers);
      if (body && switches.dropMidResponse > 0) {
        switches.dropMidResponse--;
        const json = JSON.stringify(body);
        res.type('application/json; odata.metadata=minimal').write(json.slice(0, json.length >> 1), () => req.socket.destroy());
      } else if (body) res.type('application/json; odata.metadata=minimal').send(JSON.stringify(body));
      else res.end();
    };

    if (switches.outage) return res.status(503).type('text/html').send('<html><body><h1>Service Unavailable</h1></body></html>');
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || tokens.get(token)?.revoked !== false) {
      return send(401, undefined, {
        'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${DYNAMICS_TENANT}/oauth2/authorize, resource_id=${instanceUrl}/`,
      });
    }
    if (switches.throttleSeconds !== null) {
      return send(
        429,
        { error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' } },
        { 'Retry-After': String(switches.throttleSeconds), 'x-ms-ratelimit-burst-remaining-xrm-requests': '0', 'x-ms-ratelimit-time-remaining-xrm-requests': '1,200.00' },
      );
    }
    const ok = { 'x-ms-ratelimit-burst-remaining-xrm-requests': '5999', 'x-ms-ratelimit-time-remaining-xrm-requests': '1,200.00' };
    /** Write committed: with the crash switch on, the client never hears about it. */
    const committed = () => {
      if (switches.crashAfterCommit <= 0) return false;
      switches.crashAfterCommit--;
      req.socket.destroy();
      return true;
    };
    const annotations = /odata\.include-annotations/.test(req.get('prefer') ?? '');
    try {
      if (/^WhoAmI(\(\))?$/.test(path) && req.method === 'GET') {
        return send(200, { '@odata.context': `${apiBase}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: organizationId, UserId: applicationUserId, OrganizationId: organizationId }, ok);
      }
      const m = /^(\w+)(?:\(([^)]*)\))?$/.exec(path);
      if (!m) throw new DataverseError(404, '0x8006088a', `Resource not found for the segment '${path}'.`);
      const set = m[1]!;
      const t = table(set);
      const key = m[2]?.toLowerCase();
      if (key !== undefined && !GUID.test(key)) throw new DataverseError(400, '0x80060888', `Bad Request - Error in query syntax.`);
      const entityId = (id: string) => ({ 'OData-EntityId': `${apiBase}${set}(${id})` });
      const body = (req.body ?? {}) as Row;

      if (key === undefined && req.method === 'GET') return send(200, list(set, query, annotations), ok);
      if (t.activity && switches.pluginRejects !== null && (req.method === 'POST' || req.method === 'PATCH')) {
        throw new DataverseError(400, PLUGIN_ABORTED, switches.pluginRejects);
      }
      if (key === undefined && req.method === 'POST') {
        const id = create(set, body);
        if (committed()) return;
        if (/return=representation/.test(req.get('prefer') ?? '')) {
          const select = parseSelect(set, query.$select);
          return send(201, { '@odata.context': `${apiBase}$metadata#${set}/$entity`, ...project(set, rowsOf(set).get(id)!, select, annotations) }, { ...ok, ...entityId(id) });
        }
        return send(204, undefined, { ...ok, ...entityId(id) });
      }
      if (key !== undefined && req.method === 'GET') {
        const row = rowsOf(set).get(key);
        if (!row) throw notExist(t.logicalName, key);
        return send(200, { '@odata.context': `${apiBase}$metadata#${set}/$entity`, ...project(set, row, parseSelect(set, query.$select), annotations) }, ok);
      }
      if (key !== undefined && req.method === 'PATCH') {
        const row = rowsOf(set).get(key);
        // If-Match: * forbids the create half of an upsert, If-None-Match: * the update half.
        if (!row && req.get('if-match') === '*') throw notExist(t.logicalName, key);
        if (row && req.get('if-none-match') === '*') throw new DataverseError(412, '', 'A record with matching key values already exists.');
        if (row) update(set, key, row, body);
        else create(set, body, key);
        if (committed()) return;
        return send(204, undefined, { ...ok, ...entityId(key) });
      }
      if (key !== undefined && req.method === 'DELETE') {
        if (!rowsOf(set).delete(key)) throw notExist(t.logicalName, key);
        if (committed()) return;
        return send(204, undefined, ok);
      }
      throw new DataverseError(405, '0x80060888', `The HTTP method '${req.method}' is not allowed here.`);
    } catch (error) {
      if (!(error instanceof DataverseError)) throw error;
      return send(error.status, { error: { code: error.code, message: error.message } }, ok);
    }
  });

  return {
    instanceUrl,
    tokenUrl,
    switches,
    /** The systemuser the connector acts as (WhoAmI's UserId): the owner of what it creates unless it names another. */
    applicationUserId,
    /** Web API requests in arrival order. */
    requests,
    get tokenRequests() {
      return tokenRequests;
    },
    /** Connection settings for the connector; override clientSecret and the like to make them wrong. */
    settings(overrides: Partial<CrmConnectionSettings> = {}): CrmConnectionSettings {
      return { kind: 'dynamics', instanceUrl, tokenUrl, clientId: DYNAMICS_CLIENT_ID, clientSecret: DYNAMICS_CLIENT_SECRET, scope: `${instanceUrl}/.default`, ...overrides };
    },
    /** Seeds a row as a client would create it (columns and <navigation>@odata.bind); returns its id. */
    insert(set: string, body: Row): string {
      return create(set, body);
    },
    rows(set: string): Row[] {
      return [...rowsOf(set).values()].map((r) => ({ ...r }));
    },
    row(set: string, id: string): Row | undefined {
      const r = rowsOf(set).get(id.toLowerCase());
      return r ? { ...r } : undefined;
    },
    /** Entra ID revokes every token issued so far: Dataverse answers 401 until a new one is used. */
    expireTokens(): void {
      for (const state of tokens.values()) state.revoked = true;
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type DynamicsServer = Awaited<ReturnType<typeof startDynamicsServer>>;
