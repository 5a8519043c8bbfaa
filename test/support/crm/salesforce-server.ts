import express, { type NextFunction, type Request, type Response } from 'express';
import { jwtVerify, type KeyLike } from 'jose';
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local Salesforce org for connector tests: OAuth 2.0 at /services/oauth2/token (client
 * credentials and JWT bearer) and the REST API at /services/data/vXX.X (query with a SOQL subset,
 * search with a SOSL subset, sobjects create/retrieve/update), in Salesforce's own formats: records
 * with `attributes`, create answers `{id, success, errors}`, failures as `[{message, errorCode,
 * fields}]`. Data is in memory and seeded by the test; switches make the org fail the ways real
 * ones do (expired sessions, API limits, 429/503, outages, answers lost after commit).
 */

interface ObjectSchema {
  /** The id prefix Salesforce gives the object (003 Contact, 00Q Lead …). */
  prefix: string;
  /** Fields the API may write. */
  fields: string[];
  /** Fields Salesforce computes: readable, never writable. */
  computed?: string[];
  required?: string[];
  /** What SOSL IN NAME FIELDS / PHONE FIELDS / EMAIL FIELDS looks at. */
  nameFields?: string[];
  phoneFields?: string[];
  emailFields?: string[];
  /** Restricted picklists: a value outside the list is refused. */
  picklists?: Record<string, string[]>;
  defaults?: Record<string, unknown>;
}

const SCHEMA: Record<string, ObjectSchema> = {
  Account: { prefix: '001', fields: ['Name', 'Phone', 'Type', 'Description'], required: ['Name'], nameFields: ['Name'], phoneFields: ['Phone'] },
  Contact: {
    prefix: '003',
    fields: ['FirstName', 'LastName', 'Phone', 'MobilePhone', 'HomePhone', 'Email', 'Title', 'AccountId', 'Description'],
    computed: ['Name'],
    required: ['LastName'],
    nameFields: ['Name'],
    phoneFields: ['Phone', 'MobilePhone', 'HomePhone'],
    emailFields: ['Email'],
  },
  Lead: {
    prefix: '00Q',
    fields: ['FirstName', 'LastName', 'Company', 'Phone', 'MobilePhone', 'Email', 'Status', 'Description'],
    computed: ['Name', 'IsConverted'],
    required: ['LastName', 'Company'],
    nameFields: ['Name'],
    phoneFields: ['Phone', 'MobilePhone'],
    emailFields: ['Email'],
    defaults: { Status: 'Open - Not Contacted', IsConverted: false },
  },
  Case: {
    prefix: '500',
    fields: ['Subject', 'Description', 'Status', 'Priority', 'Origin', 'ContactId', 'AccountId', 'SuppliedName', 'SuppliedEmail', 'SuppliedPhone', 'SuppliedCompany'],
    computed: ['CaseNumber'],
    nameFields: ['CaseNumber'],
    defaults: { Status: 'New', Priority: 'Medium' },
  },
  Opportunity: { prefix: '006', fields: ['Name', 'StageName', 'CloseDate', 'AccountId', 'Amount'], required: ['Name', 'StageName', 'CloseDate'], nameFields: ['Name'] },
  Campaign: { prefix: '701', fields: ['Name', 'Status', 'Type', 'Description'], required: ['Name'], nameFields: ['Name'] },
  Task: {
    prefix: '00T',
    fields: ['Subject', 'TaskSubtype', 'Type', 'Status', 'Priority', 'ActivityDate', 'Description', 'WhoId', 'WhatId', 'CallType', 'CallDurationInSeconds', 'CallObject', 'CallDisposition'],
    picklists: { TaskSubtype: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], CallType: ['Internal', 'Inbound', 'Outbound'], Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] },
    defaults: { Status: 'Not Started', Priority: 'Normal', TaskSubtype: 'Task' },
  },
};

const SYSTEM_FIELDS = ['Id', 'CreatedDate', 'IsDeleted'];
export const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0'];

export type StoredRecord = Record<string, unknown> & { Id: string };
type SfError = { message: string; errorCode: string; fields?: string[] };

class SfFailure extends Error {
  constructor(readonly status: number, readonly errorCode: string, message: string, readonly fields?: string[]) {
    super(message);
  }
}

export interface SalesforceServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** Enables the JWT bearer flow: the connected app's certificate key and the user it may act as. */
  jwt?: { publicKey: KeyLike; username: string; audience?: string };
}

export async function startSalesforceServer(options: SalesforceServerOptions = {}) {
  const clientId = options.clientId ?? '3MVG9test.consumer.key';
  const clientSecret = options.clientSecret ?? 'consumer-secret-0123456789';
  const data = new Map<string, StoredRecord[]>(Object.keys(SCHEMA).map((name) => [name, []]));
  const tokens = new Map<string, { expired: boolean }>();
  const state = {
    sequence: 0,
    tokensIssued: 0,
    outage: null as null | 'http503' | 'refused',
    throttle: null as null | { status: 403 | 429 | 503; retryAfterSeconds?: number },
    crashAfterCommit: null as null | string,
    refuseSessions: false,
  };
  const requests: Array<{ method: string; url: string }> = [];
  let base = '';

  const app = express();
  app.use((req, _res, next) => {
    requests.push({ method: req.method, url: req.originalUrl });
    next();
  });
  app.use((_req, res, next) => {
    if (state.outage !== 'http503') return next();
    res.status(503).set('Retry-After', '30').type('text/html').send('<html><body><h1>Service Unavailable</h1><p>Salesforce is down for maintenance.</p></body></html>');
  });

  app.post('/services/oauth2/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    if (body.grant_type === 'client_credentials') {
      if (body.client_id !== clientId) return res.status(400).json({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
      if (body.client_secret !== clientSecret) return res.status(400).json({ error: 'invalid_client', error_description: 'invalid client credentials' });
      return res.json(issueToken());
    }
    if (body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && options.jwt && body.assertion) {
      const { publicKey, username, audience } = options.jwt;
      try {
        const { payload } = await jwtVerify(body.assertion, publicKey, { issuer: clientId, audience: audience ?? 'https://login.salesforce.com', algorithms: ['RS256'] });
        if (payload.sub !== username) return res.status(400).json({ error: 'invalid_grant', error_description: 'user hasn\'t approved this consumer' });
        if (!payload.exp || payload.exp * 1000 > Date.now() + 185_000) return res.status(400).json({ error: 'invalid_grant', error_description: 'invalid assertion' });
        return res.json(issueToken());
      } catch {
        return res.status(400).json({ error: 'invalid_grant', error_description: 'invalid assertion' });
      }
    }
    res.status(400).json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });

  // The version list is public in a real org too.
  app.get('/services/data', (_req, res) => {
    res.json(API_VERSIONS.map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version })));
  });

  const api = express.Router({ mergeParams: true });
  app.use('/services/data/:version', authenticate, api);

  api.get('/', (req, res) => {
    const root = `/services/data/${(req.params as { version?: string }).version}`;
    res.json({ limits: `${root}/limits`, query: `${root}/query`, search: `${root}/search`, sobjects: `${root}/sobjects` });
  });

  api.get('/query', (req, res) => {
    const query = parseSoql(String(req.query.q ?? ''));
    const rows = select(query.from, query.where, query.fields);
    const sorted = query.orderBy ? sortRows(rows, query.orderBy) : rows;
    const records = sorted.slice(0, query.limit ?? sorted.length).map((row) => render(query.from, row, query.fields));
    res.json({ totalSize: records.length, done: true, records });
  });

  api.get('/search', (req, res) => {
    const search = parseSosl(String(req.query.q ?? ''));
    const searchRecords = search.returning.flatMap((target) => {
      const matching = select(target.from, target.where, target.fields).filter((row) => soslMatches(target.from, row, search));
      return matching.map((row) => render(target.from, row, target.fields));
    });
    res.json({ searchRecords: searchRecords.slice(0, search.limit ?? 2000) });
  });

  api.post('/sobjects/:type', express.json(), (req, res) => {
    const type = objectName(String(req.params.type));
    const row = insert(type, req.body as Record<string, unknown>);
    if (state.crashAfterCommit === type) {
      // Committed, but the answer never arrives: what a dropped connection after the commit looks like.
      state.crashAfterCommit = null;
      return req.socket.destroy();
    }
    res.status(201).json({ id: row.Id, success: true, errors: [] });
  });

  api.get('/sobjects/:type/:id', (req, res) => {
    const type = objectName(String(req.params.type));
    const row = find(type, String(req.params.id));
    res.json(render(type, row, fieldsOf(type)));
  });

  api.patch('/sobjects/:type/:id', express.json(), (req, res) => {
    const type = objectName(String(req.params.type));
    const row = find(type, String(req.params.id));
    Object.assign(row, validated(type, req.body as Record<string, unknown>, false));
    res.status(204).end();
  });

  app.use((_req, res) => sendErrors(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof SfFailure) return sendErrors(res, error.status, [{ message: error.message, errorCode: error.errorCode, fields: error.fields ?? [] }]);
    sendErrors(res, 400, [{ errorCode: 'JSON_PARSER_ERROR', message: error.message }]);
  });

  function issueToken() {
    state.tokensIssued += 1;
    const token = `00D5g0000000001!AR${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { expired: false });
    const issuedAt = String(Date.now());
    return {
      access_token: token,
      signature: createHmac('sha256', clientSecret).update(`${base}/id/00D5g0000000001/0055g0000000001${issuedAt}`).digest('base64'),
      scope: 'api',
      instance_url: base,
      id: `${base}/id/00D5g0000000001/0055g0000000001`,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  function authenticate(req: Request, res: Response, next: NextFunction) {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const session = token ? tokens.get(token) : undefined;
    if (!session || session.expired || state.refuseSessions) return sendErrors(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    if (!API_VERSIONS.includes(String(req.params.version).replace(/^v/, ''))) {
      return sendErrors(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
    const throttle = state.throttle;
    if (throttle) {
      if (throttle.retryAfterSeconds !== undefined) res.set('Retry-After', String(throttle.retryAfterSeconds));
      const message = throttle.status === 403 ? 'TotalRequests Limit exceeded.' : 'Too many requests, retry later.';
      return sendErrors(res, throttle.status, [{ message, errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    }
    next();
  }

  function rowsOf(type: string): StoredRecord[] {
    return data.get(type) ?? [];
  }

  function find(type: string, id: string): StoredRecord {
    const row = rowsOf(type).find((r) => sameId(r.Id, id));
    if (!row) throw new SfFailure(404, 'NOT_FOUND', 'The requested resource does not exist');
    return row;
  }

  function select(type: string, where: Condition[], fields: string[]): StoredRecord[] {
    const known = fieldsOf(objectName(type));
    for (const field of [...fields, ...where.map((c) => c.field)]) {
      if (!known.includes(field)) {
        throw new SfFailure(400, 'INVALID_FIELD', `No such column '${field}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
      }
    }
    return rowsOf(objectName(type)).filter((row) => where.every((c) => holds(row, c)));
  }

  /** Writable fields only, with Salesforce's checks; a failure is what the REST API answers. */
  function validated(type: string, body: Record<string, unknown>, creating: boolean): Record<string, unknown> {
    const schema = SCHEMA[type]!;
    const readOnly = Object.keys(body).filter((f) => [...SYSTEM_FIELDS, ...(schema.computed ?? [])].includes(f));
    if (readOnly.length) {
      throw new SfFailure(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    }
    const unknown = Object.keys(body).filter((f) => !schema.fields.includes(f));
    if (unknown.length) throw new SfFailure(400, 'INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${type}`, []);
    for (const [field, values] of Object.entries(schema.picklists ?? {})) {
      if (field in body && !values.includes(String(body[field]))) {
        throw new SfFailure(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `bad value for restricted picklist field: ${String(body[field])}`, [field]);
      }
    }
    const missing = creating ? (schema.required ?? []).filter((f) => !body[f]) : [];
    if (missing.length) throw new SfFailure(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    if (type === 'Task') checkTaskRelations(body);
    return body;
  }

  /** Name (WhoId) takes a contact or lead; Related To (WhatId) may not be used when Name is a lead. */
  function checkTaskRelations(body: Record<string, unknown>) {
    const who = typeof body.WhoId === 'string' ? body.WhoId : null;
    const what = typeof body.WhatId === 'string' ? body.WhatId : null;
    if (who && !['Contact', 'Lead'].some((t) => rowsOf(t).some((r) => sameId(r.Id, who)))) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Name ID: id value of incorrect type: ' + who, ['WhoId']);
    }
    if (what && !Object.keys(SCHEMA).some((t) => t !== 'Task' && rowsOf(t).some((r) => sameId(r.Id, what)))) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: id value of incorrect type: ' + what, ['WhatId']);
    }
    if (who?.startsWith('00Q') && what) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: You can\'t relate a task to a record when its Name is a lead.', ['WhatId']);
    }
  }

  function insert(type: string, body: Record<string, unknown>, seeding = false): StoredRecord {
    const schema = SCHEMA[type]!;
    const values = seeding ? body : validated(type, body, true);
    state.sequence += 1;
    const id = salesforceId(schema.prefix, state.sequence);
    const created = new Date(Date.UTC(2025, 0, 1) + state.sequence * 1000).toISOString().replace('Z', '+0000');
    const row: StoredRecord = { ...schema.defaults, ...values, Id: id, CreatedDate: created, IsDeleted: false };
    if (type === 'Contact' || type === 'Lead') row.Name = [row.FirstName, row.LastName].filter(Boolean).join(' ');
    if (type === 'Case') row.CaseNumber ??= String(1000 + state.sequence).padStart(8, '0');
    rowsOf(type).push(row);
    return row;
  }

  function render(type: string, row: StoredRecord, fields: string[]): Record<string, unknown> {
    const name = objectName(type);
    const out: Record<string, unknown> = { attributes: { type: name, url: `/services/data/v62.0/sobjects/${name}/${row.Id}` } };
    for (const field of fields) out[field] = row[field] ?? null;
    return out;
  }

  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    tokenUrl: `${base}/services/oauth2/token`,
    clientId,
    clientSecret,
    requests,
    /** The connection settings an admin would enter for this org. */
    settings: (overrides: { clientSecret?: string } = {}) => ({ kind: 'salesforce' as const, instanceUrl: base, tokenUrl: `${base}/services/oauth2/token`, clientId, clientSecret, ...overrides }),
    /** Inserts a record as a data load would (computed fields such as IsConverted may be set). */
    seed(type: string, fields: Record<string, unknown>): string {
      const known = fieldsOf(type);
      const unknown = Object.keys(fields).filter((f) => !known.includes(f));
      if (unknown.length) throw new Error(`${type} has no fields ${unknown.join(', ')}`);
      return insert(type, fields, true).Id;
    },
    rows: (type: string): StoredRecord[] => rowsOf(type).map((r) => ({ ...r })),
    get tokensIssued() {
      return state.tokensIssued;
    },
    /** Every issued session stops working, as after the session timeout or a revocation. */
    expireTokens: () => tokens.forEach((session) => (session.expired = true)),
    /** Every session is refused, even a fresh one (a revoked connected app, an IP restriction). */
    refuseSessions: (on: boolean) => void (state.refuseSessions = on),
    /** 'http503': a maintenance page for every request; 'refused': nothing listens on the port. */
    async setOutage(mode: null | 'http503' | 'refused') {
      const wasRefused = state.outage === 'refused';
      state.outage = mode;
      if (mode === 'refused' && !wasRefused) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } else if (mode !== 'refused' && wasRefused) {
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
      }
    },
    /** Every API call answers this status with REQUEST_LIMIT_EXCEEDED (and Retry-After), or null to stop. */
    throttle: (value: null | { status: 403 | 429 | 503; retryAfterSeconds?: number }) => void (state.throttle = value),
    /** The next insert of this sObject is stored, then the connection is dropped unanswered. */
    crashAfterCommit: (type: string) => void (state.crashAfterCommit = type),
    close: () =>
      new Promise<void>((resolve) => {
        if (state.outage === 'refused') return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendErrors(res: Response, status: number, errors: SfError[]) {
  res.status(status).json(errors);
}

function objectName(type: string): string {
  const name = Object.keys(SCHEMA).find((n) => n.toLowerCase() === type.toLowerCase());
  if (!name) throw new SfFailure(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return name;
}

function fieldsOf(type: string): string[] {
  const schema = SCHEMA[objectName(type)]!;
  return [...SYSTEM_FIELDS, ...schema.fields, ...(schema.computed ?? [])];
}

/** 15- and 18-character ids name the same record. */
function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

/** An 18-character id: 15 case-sensitive characters and Salesforce's case-folding checksum. */
function salesforceId(prefix: string, sequence: number): string {
  const id15 = `${prefix}5g00000${String(sequence).padStart(5, '0')}`;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let flags = 0;
    for (let i = 0; i < 5; i += 1) if (/[A-Z]/.test(id15[chunk * 5 + i]!)) flags |= 1 << i;
    suffix += alphabet[flags];
  }
  return id15 + suffix;
}

// ---- SOQL and SOSL: the subset the connectors use -------------------------------------------------

type Value = string | number | boolean | null;
interface Condition {
  field: string;
  op: '=' | '!=' | 'IN' | 'NOT IN' | 'LIKE';
  values: Value[];
}
interface SoqlQuery {
  fields: string[];
  from: string;
  where: Condition[];
  orderBy?: { field: string; desc: boolean };
  limit?: number;
}

/** Tokens: quoted strings (backslash escapes), words, numbers and punctuation. */
function tokenize(text: string): Array<{ kind: 'string' | 'word' | 'punct'; text: string }> {
  const tokens: Array<{ kind: 'string' | 'word' | 'punct'; text: string }> = [];
  const pattern = /\s*(?:'((?:[^'\\]|\\.)*)'|(!=|<>|[(),=])|([A-Za-z0-9_.:+\-@%]+))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) throw malformed(text);
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1].replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c) });
    else if (m[2] !== undefined) tokens.push({ kind: 'punct', text: m[2] === '<>' ? '!=' : m[2] });
    else tokens.push({ kind: 'word', text: m[3]! });
    at = pattern.lastIndex;
  }
  return tokens;
}

function malformed(text: string): SfFailure {
  return new SfFailure(400, 'MALFORMED_QUERY', `unexpected token in: ${text.slice(0, 120)}`);
}

class Cursor {
  private at = 0;
  constructor(private readonly tokens: ReturnType<typeof tokenize>, private readonly source: string) {}
  peekWord(word: string): boolean {
    const t = this.tokens[this.at];
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }
  word(expected?: string): string {
    const t = this.tokens[this.at++];
    if (!t || t.kind !== 'word' || (expected && t.text.toUpperCase() !== expected)) throw malformed(this.source);
    return t.text;
  }
  punct(expected: string): void {
    const t = this.tokens[this.at++];
    if (!t || t.kind !== 'punct' || t.text !== expected) throw malformed(this.source);
  }
  tryPunct(expected: string): boolean {
    const t = this.tokens[this.at];
    if (t?.kind !== 'punct' || t.text !== expected) return false;
    this.at += 1;
    return true;
  }
  value(): Value {
    const t = this.tokens[this.at++];
    if (!t || t.kind === 'punct') throw malformed(this.source);
    if (t.kind === 'string') return t.text;
    const upper = t.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return upper === 'TRUE';
    if (upper === 'NULL') return null;
    if (/^-?\d+(\.\d+)?$/.test(t.text)) return Number(t.text);
    throw malformed(this.source);
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }
  fieldList(): string[] {
    const fields = [this.word()];
    while (this.tryPunct(',')) fields.push(this.word());
    return fields;
  }
  optionalWhere(): Condition[] {
    if (!this.peekWord('WHERE')) return [];
    this.word('WHERE');
    return this.conditions();
  }
  private conditions(): Condition[] {
    const conditions = [this.condition()];
    while (this.peekWord('AND')) {
      this.word('AND');
      conditions.push(this.condition());
    }
    return conditions;
  }
  private condition(): Condition {
    const field = this.word();
    if (this.tryPunct('=')) return { field, op: '=', values: [this.value()] };
    if (this.tryPunct('!=')) return { field, op: '!=', values: [this.value()] };
    const keyword = this.word().toUpperCase();
    if (keyword === 'LIKE') return { field, op: 'LIKE', values: [this.value()] };
    const negated = keyword === 'NOT';
    if (negated) this.word('IN');
    else if (keyword !== 'IN') throw malformed(this.source);
    this.punct('(');
    const values = [this.value()];
    while (this.tryPunct(',')) values.push(this.value());
    this.punct(')');
    return { field, op: negated ? 'NOT IN' : 'IN', values };
  }
  orderAndLimit(): Pick<SoqlQuery, 'orderBy' | 'limit'> {
    const out: Pick<SoqlQuery, 'orderBy' | 'limit'> = {};
    if (this.peekWord('ORDER')) {
      this.word('ORDER');
      this.word('BY');
      const field = this.word();
      let desc = false;
      if (this.peekWord('ASC') || this.peekWord('DESC')) desc = this.word().toUpperCase() === 'DESC';
      out.orderBy = { field, desc };
    }
    if (this.peekWord('LIMIT')) {
      this.word('LIMIT');
      out.limit = Number(this.value());
    }
    return out;
  }
}

function parseSoql(soql: string): SoqlQuery {
  const cursor = new Cursor(tokenize(soql), soql);
  cursor.word('SELECT');
  const fields = cursor.fieldList();
  cursor.word('FROM');
  const from = objectName(cursor.word());
  const where = cursor.optionalWhere();
  const rest = cursor.orderAndLimit();
  if (!cursor.done()) throw malformed(soql);
  return { fields, from, where, ...rest };
}

interface SoslSearch {
  /** Alternatives (OR); each is a phrase or words that must all match. */
  alternatives: Array<{ phrase: string } | { words: string[] }>;
  scope: 'ALL' | 'NAME' | 'PHONE' | 'EMAIL';
  returning: Array<{ from: string; fields: string[]; where: Condition[] }>;
  limit?: number;
}

/** FIND {…} IN <scope> FIELDS RETURNING Object(fields [WHERE …]), … [LIMIT n] */
function parseSosl(sosl: string): SoslSearch {
  const find = /^\s*FIND\s+\{((?:[^\\}]|\\.)*)\}\s+IN\s+(ALL|NAME|PHONE|EMAIL)\s+FIELDS\s+RETURNING\s+(.*)$/is.exec(sosl);
  if (!find) throw new SfFailure(400, 'MALFORMED_SEARCH', `No search term found. The search term must be enclosed in braces.`);
  const alternatives = splitOutsideQuotes(find[1]!, ' OR ').map((alt): SoslSearch['alternatives'][number] => {
    const trimmed = alt.trim();
    if (/^"(.*)"$/s.test(trimmed)) return { phrase: unescapeSosl(trimmed.slice(1, -1)) };
    return { words: trimmed.split(/\s+/).map(unescapeSosl) };
  });
  if (alternatives.some((alt) => ('phrase' in alt ? alt.phrase : alt.words.join(' ')).length < 2)) {
    throw new SfFailure(400, 'INVALID_SEARCH', 'search term must be longer than one character');
  }
  const cursor = new Cursor(tokenize(find[3]!), sosl);
  const returning: SoslSearch['returning'] = [];
  do {
    const from = objectName(cursor.word());
    cursor.punct('(');
    const fields = cursor.fieldList();
    const where = cursor.optionalWhere();
    cursor.punct(')');
    returning.push({ from, fields, where });
  } while (cursor.tryPunct(','));
  const { limit } = cursor.orderAndLimit();
  if (!cursor.done()) throw malformed(sosl);
  return { alternatives, scope: find[2]!.toUpperCase() as SoslSearch['scope'], returning, limit };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\\') {
      current += c + (text[i + 1] ?? '');
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (!quoted && text.startsWith(separator, i)) {
      parts.push(current);
      current = '';
      i += separator.length - 1;
    } else current += c;
  }
  return [...parts, current];
}

function unescapeSosl(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Phone numbers match whatever their punctuation: one's digits end with the other's (7 digits at least). */
function soslMatches(type: string, row: StoredRecord, search: SoslSearch): boolean {
  const schema = SCHEMA[type]!;
  const scoped = { NAME: schema.nameFields, PHONE: schema.phoneFields, EMAIL: schema.emailFields, ALL: fieldsOf(type) }[search.scope] ?? [];
  const values = scoped.map((f) => row[f]).filter((v): v is string => typeof v === 'string' && v !== '');
  return search.alternatives.some((alt) =>
    values.some((value) => {
      if (search.scope === 'PHONE') return phoneMatches(value, 'phrase' in alt ? alt.phrase : alt.words.join(''));
      const haystack = value.toLowerCase();
      if ('phrase' in alt) return haystack.includes(alt.phrase.toLowerCase());
      const words = haystack.split(/[^\p{L}\p{N}@.]+/u);
      return alt.words.every((w) => words.includes(w.toLowerCase()));
    }),
  );
}

function phoneMatches(stored: string, term: string): boolean {
  const a = stored.replace(/\D/g, '');
  const b = term.replace(/\D/g, '');
  return a.length >= 7 && b.length >= 7 && (a.endsWith(b) || b.endsWith(a));
}

function holds(row: StoredRecord, condition: Condition): boolean {
  const value = row[condition.field] ?? null;
  const equals = (v: Value) => {
    if (v === null || value === null) return v === value;
    if (condition.field === 'Id' || condition.field.endsWith('Id')) return typeof value === 'string' && sameId(value, String(v));
    return typeof value === 'string' ? value.toLowerCase() === String(v).toLowerCase() : value === v;
  };
  switch (condition.op) {
    case '=':
      return equals(condition.values[0] ?? null);
    case '!=':
      return !equals(condition.values[0] ?? null);
    case 'IN':
      return condition.values.some(equals);
    case 'NOT IN':
      return !condition.values.some(equals);
    case 'LIKE': {
      const pattern = String(condition.values[0]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
      return typeof value === 'string' && new RegExp(`^${pattern}$`, 'i').test(value);
    }
  }
}

function sortRows(rows: StoredRecord[], order: { field: string; desc: boolean }): StoredRecord[] {
  const key = (row: StoredRecord) => String(row[order.field] ?? '');
  const sorted = [...rows].sort((a, b) => key(a).localeCompare(key(b)));
  return order.desc ? sorted.reverse() : sorted;
}
