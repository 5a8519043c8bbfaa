import express, { type NextFunction, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local ServiceNow instance for connector tests: OAuth client credentials at /oauth_token.do and
 * the Table API at /api/now/table, in the formats a real instance uses (sysparm_display_value=false:
 * strings, references as {link, value}; failures as {"error": {message, detail}, "status":
 * "failure"}). Tables are in memory and seeded by the test; switches make the instance fail the
 * ways real ones do.
 *
 * Like the platform it keeps table hierarchy (customer_contact extends sys_user, a case extends
 * task: reading the parent table returns the children's rows, with sys_class_name), journal fields
 * (work_notes goes to sys_journal_field, and reads back empty without display values), and it
 * checks every reference written against the referenced table and its children, as the reference
 * qualifiers and business rules of a configured CSM instance do: a reference to a missing or
 * wrong-class record fails the write with 403 Operation Failed.
 */

interface TableSchema {
  /** The table this one extends: it has the parent's fields and is read with it. */
  extends?: string;
  fields: string[];
  /** Reference field → referenced table. */
  references: Record<string, string>;
  /** Document ID field → the field naming its table (interaction_related_record.document_id). */
  documentIds?: Record<string, string>;
  /** Journal fields: each value written becomes a sys_journal_field entry, not a column. */
  journal?: string[];
  /** Record numbers (CS0001001, IMS0001001) are generated on insert. */
  numberPrefix?: string;
  /** Field → label; a missing value fails the insert like a data policy does. */
  mandatory?: Record<string, string>;
  /** sys_user-style tables calculate name from first_name and last_name. */
  calculatedName?: boolean;
}

const SCHEMA: Record<string, TableSchema> = {
  sys_user: {
    fields: ['user_name', 'name', 'first_name', 'last_name', 'email', 'phone', 'mobile_phone', 'title', 'active'],
    references: {},
    calculatedName: true,
  },
  customer_contact: { extends: 'sys_user', fields: ['account'], references: { account: 'customer_account' } },
  csm_consumer: {
    fields: ['name', 'first_name', 'last_name', 'email', 'mobile_phone', 'business_phone', 'home_phone'],
    references: {},
    calculatedName: true,
  },
  customer_account: { fields: ['name', 'number', 'phone'], references: {}, numberPrefix: 'ACCT' },
  task: { fields: ['number', 'short_description', 'description', 'state'], references: {} },
  sn_customerservice_case: {
    extends: 'task',
    fields: ['contact', 'consumer', 'account'],
    references: { contact: 'customer_contact', consumer: 'csm_consumer', account: 'customer_account' },
    numberPrefix: 'CS',
    mandatory: { short_description: 'Short description' },
  },
  interaction: {
    fields: [
      'number', 'type', 'direction', 'state', 'short_description', 'opened_at', 'closed_at', 'opened_for', 'assigned_to',
      'contact', 'consumer', 'account', 'work_notes', 'u_customer_card_key',
    ],
    references: { opened_for: 'sys_user', assigned_to: 'sys_user', contact: 'customer_contact', consumer: 'csm_consumer', account: 'customer_account' },
    journal: ['work_notes'],
    numberPrefix: 'IMS',
  },
  interaction_related_record: {
    fields: ['interaction', 'document_table', 'document_id', 'type', 'task'],
    references: { interaction: 'interaction', task: 'task' },
    documentIds: { document_id: 'document_table' },
  },
  sys_journal_field: { fields: ['element_id', 'name', 'element', 'value'], references: {} },
};

const SYSTEM_FIELDS = ['sys_id', 'sys_class_name', 'sys_created_on', 'sys_updated_on', 'sys_created_by', 'sys_updated_by', 'sys_mod_count'];

export type StoredRow = Record<string, string>;

export interface ServiceNowServerOptions {
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
  /** Fields this instance lacks, per table (e.g. the idempotency field nobody added yet). */
  withoutFields?: Record<string, string[]>;
  /** Data policies this instance adds, per table: field → label of a field that must be filled. */
  dataPolicies?: Record<string, Record<string, string>>;
}

export type ServiceNowServer = Awaited<ReturnType<typeof startServiceNow>>;

export async function startServiceNow(options: ServiceNowServerOptions = {}) {
  const clientId = options.clientId ?? 'customer-card-client';
  const clientSecret = options.clientSecret ?? 'sn-client-secret-0123456789';
  const data = new Map<string, StoredRow[]>(Object.keys(SCHEMA).map((t) => [t, []]));
  const tokens = new Set<string>();
  const state = { outage: false, throttleSeconds: null as number | null, crashAfterCommit: null as string | null, tokensIssued: 0, sequence: 1000 };
  const requests: { method: string; table: string; query: string }[] = [];
  let base = '';

  /** The table and its parents, nearest first: a child has its parents' fields and rules. */
  const lineage = (table: string): TableSchema[] => {
    const schema = SCHEMA[table];
    return schema ? [schema, ...(schema.extends ? lineage(schema.extends) : [])] : [];
  };
  /** The table and every table extending it: what reading the table returns. */
  const family = (table: string): string[] => [
    table,
    ...Object.entries(SCHEMA).filter(([, schema]) => schema.extends === table).flatMap(([child]) => family(child)),
  ];
  const fieldsOf = (table: string): string[] => {
    const missing = options.withoutFields?.[table] ?? [];
    return lineage(table).reverse().flatMap((schema) => schema.fields).filter((f) => !missing.includes(f));
  };
  const referencesOf = (table: string): Record<string, string> => Object.assign({}, ...lineage(table).reverse().map((schema) => schema.references));
  const mandatoryOf = (table: string): Record<string, string> =>
    Object.assign({}, ...lineage(table).reverse().map((schema) => schema.mandatory ?? {}), options.dataPolicies?.[table] ?? {});

  const app = express();
  app.use((_req, res, next) => (state.outage ? res.status(503).type('html').send(OUTAGE_PAGE) : next()));

  app.post('/oauth_token.do', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const body = req.body as Record<string, string | undefined>;
    if (body.grant_type !== 'client_credentials') return res.status(400).json({ error: 'unsupported_grant_type', error_description: 'unsupported_grant_type' });
    if (body.client_id !== clientId || body.client_secret !== clientSecret) {
      return res.status(401).json({ error: 'access_denied', error_description: 'access_denied' });
    }
    const token = randomBytes(32).toString('base64url');
    tokens.add(token);
    state.tokensIssued += 1;
    res.json({ access_token: token, scope: 'useraccount', token_type: 'Bearer', expires_in: options.tokenLifetimeSeconds ?? 1799 });
  });

  app.use('/api', (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !tokens.has(token)) return failure(res, 401, 'User Not Authenticated', 'Required to provide Auth information');
    if (state.throttleSeconds !== null) {
      res.set({
        'Retry-After': String(state.throttleSeconds),
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + state.throttleSeconds),
        'X-RateLimit-Rule': 'b3c1a2d4e5f60718293a4b5c6d7e8f90',
      });
      return failure(res, 429, 'Rate limit exceeded', 'Maximum 100 requests per hour for rule "Customer Card integration" reached');
    }
    next();
  });
  app.use('/api', express.json());

  app.use('/api/now/table/:table', (req, res, next) => {
    const table = req.params.table ?? '';
    requests.push({ method: req.method, table, query: param(req, 'sysparm_query') ?? '' });
    return SCHEMA[table] ? next() : failure(res, 400, `Invalid table ${table}`, null);
  });

  app.get('/api/now/table/:table', (req, res) => {
    const table = req.params.table;
    const { matches, order } = parseQuery(param(req, 'sysparm_query') ?? '', [...SYSTEM_FIELDS, ...fieldsOf(table)]);
    const limit = Number(param(req, 'sysparm_limit') ?? 10000);
    const found = sortRows(readable(table).filter(matches), order);
    res.set('X-Total-Count', String(found.length));
    res.json({ result: found.slice(0, limit).map((row) => render(table, row, req)) });
  });

  app.get('/api/now/table/:table/:sysId', (req, res) => {
    const row = readable(req.params.table).find((r) => r.sys_id === req.params.sysId);
    if (!row) return notFound(res);
    res.json({ result: render(req.params.table, row, req) });
  });

  app.post('/api/now/table/:table', (req, res) => {
    const table = req.params.table;
    const row = write(table, { sys_id: randomBytes(16).toString('hex'), sys_class_name: table }, requestBody(req));
    if (typeof row === 'string') return failure(res, 403, 'Operation Failed', row);
    rowsOf(table).push(row);
    if (crashed(table, req)) return;
    res.status(201).json({ result: render(table, row, req) });
  });

  const update = (req: Request<{ table: string; sysId: string }>, res: Response) => {
    const table = family(req.params.table).find((t) => rowsOf(t).some((r) => r.sys_id === req.params.sysId));
    if (!table) return notFound(res);
    const rows = rowsOf(table);
    const index = rows.findIndex((r) => r.sys_id === req.params.sysId);
    const row = write(table, { ...rows[index]! }, requestBody(req));
    if (typeof row === 'string') return failure(res, 403, 'Operation Failed', row);
    rows[index] = row;
    if (crashed(req.params.table, req)) return;
    res.json({ result: render(req.params.table, row, req) });
  };
  app.patch('/api/now/table/:table/:sysId', update);
  app.put('/api/now/table/:table/:sysId', update);

  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => failure(res, 400, 'Exception while reading request', error.message));

  function rowsOf(table: string): StoredRow[] {
    return data.get(table) ?? [];
  }

  function readable(table: string): StoredRow[] {
    return family(table).flatMap(rowsOf);
  }

  /** Committed, but the answer never arrives: what a node restart or proxy reset looks like. */
  function crashed(table: string, req: Request): boolean {
    if (state.crashAfterCommit !== table) return false;
    state.crashAfterCommit = null;
    req.socket.destroy();
    return true;
  }

  /**
   * Known fields only (a real instance drops the rest silently); journal values become
   * sys_journal_field entries. A refused write (reference, data policy) answers as text.
   */
  function write(table: string, row: StoredRow, body: Record<string, unknown>): StoredRow | string {
    const journal = SCHEMA[table]?.journal ?? [];
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    const entries: { element: string; value: string }[] = [];
    for (const field of fieldsOf(table)) {
      if (!(field in body)) continue;
      const value = String(body[field] ?? '');
      if (!journal.includes(field)) row[field] = value;
      else if (value !== '') entries.push({ element: field, value });
    }
    if (lineage(table).some((schema) => schema.calculatedName)) row.name = [row.first_name, row.last_name].filter(Boolean).join(' ');
    const prefix = lineage(table).find((schema) => schema.numberPrefix)?.numberPrefix;
    if (prefix && !row.number) row.number = `${prefix}${String((state.sequence += 1)).padStart(7, '0')}`;
    const invalid = invalidReference(table, row, body);
    if (invalid) return invalid;
    const missing = Object.entries(mandatoryOf(table)).filter(([field]) => !row[field]);
    if (missing.length > 0) return `Data Policy Exception: \n\t${missing.map(([, label]) => `${label} is mandatory`).join('\n\t')}\n`;
    stamp(row, now);
    for (const entry of entries) {
      const id = randomBytes(16).toString('hex');
      rowsOf('sys_journal_field').push(stamp({ sys_id: id, sys_class_name: 'sys_journal_field', element_id: row.sys_id!, name: table, ...entry }, now));
    }
    return row;
  }

  function stamp(row: StoredRow, now: string): StoredRow {
    row.sys_created_on ??= now;
    row.sys_created_by ??= 'customer.card.integration';
    row.sys_updated_on = now;
    row.sys_updated_by = 'customer.card.integration';
    row.sys_mod_count = row.sys_mod_count === undefined ? '0' : String(Number(row.sys_mod_count) + 1);
    return row;
  }

  /** A written reference must name a record of the referenced table or a table extending it. */
  function invalidReference(table: string, row: StoredRow, body: Record<string, unknown>): string | null {
    const documentIds = Object.entries(SCHEMA[table]?.documentIds ?? {}).map(([field, tableField]) => [field, row[tableField] ?? ''] as const);
    for (const [field, target] of [...Object.entries(referencesOf(table)), ...documentIds]) {
      const value = row[field];
      if (!(field in body) || !value) continue;
      if (!SCHEMA[target]) return `Invalid table name "${target}" for field ${field}`;
      if (!readable(target).some((r) => r.sys_id === value)) return `Invalid reference: ${field} "${value}" is not a ${target} record`;
    }
    return null;
  }

  function render(table: string, row: StoredRow, req: Request): Record<string, unknown> {
    const all = [...SYSTEM_FIELDS, ...fieldsOf(table)];
    const references = referencesOf(table);
    const journal = lineage(table).flatMap((schema) => schema.journal ?? []);
    const asked = param(req, 'sysparm_fields')?.split(',').filter(Boolean);
    const plainReferences = param(req, 'sysparm_exclude_reference_link') === 'true';
    const out: Record<string, unknown> = {};
    for (const field of asked ? asked.filter((f) => all.includes(f)) : all) {
      // Journal fields read back empty without display values; their entries are in sys_journal_field.
      const value = journal.includes(field) ? '' : (row[field] ?? '');
      const target = references[field];
      out[field] = target && value && !plainReferences ? { link: `${base}/api/now/table/${target}/${value}`, value } : value;
    }
    return out;
  }

  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    tokenUrl: `${base}/oauth_token.do`,
    clientId,
    clientSecret,
    requests,
    /** Inserts a row as an import would; unknown fields are a test mistake. */
    seed(table: string, fields: Record<string, string>): StoredRow {
      const unknown = Object.keys(fields).filter((f) => !fieldsOf(table).includes(f));
      if (unknown.length > 0) throw new Error(`${table} has no fields ${unknown.join(', ')}`);
      const row = write(table, { sys_id: randomBytes(16).toString('hex'), sys_class_name: table }, fields);
      if (typeof row === 'string') throw new Error(row);
      rowsOf(table).push(row);
      return { ...row };
    },
    /** The rows of this table itself (not of tables extending it), unset fields empty as ServiceNow reads them. */
    rows: (table: string): StoredRow[] => {
      const empty = Object.fromEntries(fieldsOf(table).map((field) => [field, '']));
      return rowsOf(table).map((r) => ({ ...empty, ...r }));
    },
    /** Deletes a record, as someone in ServiceNow would. */
    remove(table: string, sysId: string): void {
      const rows = rowsOf(table);
      const index = rows.findIndex((r) => r.sys_id === sysId);
      if (index >= 0) rows.splice(index, 1);
    },
    /** A record's journal entries (work notes …), oldest first. */
    journal: (id: string, element = 'work_notes'): string[] =>
      rowsOf('sys_journal_field').filter((e) => e.element_id === id && e.element === element).map((e) => e.value!),
    get tokensIssued() {
      return state.tokensIssued;
    },
    /** Every issued token stops working, as after a revocation or the token's lifetime. */
    expireTokens: () => tokens.clear(),
    setOutage: (on: boolean) => void (state.outage = on),
    /** 429 with Retry-After for every API call, or null to stop. */
    throttle: (retryAfterSeconds: number | null) => void (state.throttleSeconds = retryAfterSeconds),
    /** The next insert into or update of this table is stored, then the connection is dropped unanswered. */
    crashAfterCommit: (table: string) => void (state.crashAfterCommit = table),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const OUTAGE_PAGE = '<html><head><title>Service Unavailable</title></head><body><h1>Instance unavailable</h1><p>This instance is currently unavailable.</p></body></html>';

function failure(res: Response, status: number, message: string, detail: string | null) {
  res.status(status).json({ error: { message, detail }, status: 'failure' });
}

function notFound(res: Response) {
  failure(res, 404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
}

function param(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

function requestBody(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

/** The sysparm_query subset the connector uses. Comparisons ignore case, as on a real instance. */
function parseQuery(query: string, knownFields: string[]) {
  const groups: ((row: StoredRow) => boolean)[][] = [];
  const order: { field: string; desc: boolean }[] = [];
  for (const term of splitTerms(query)) {
    if (term.startsWith('ORDERBYDESC')) order.push({ field: term.slice(11), desc: true });
    else if (term.startsWith('ORDERBY')) order.push({ field: term.slice(7), desc: false });
    else if (term.startsWith('OR') && groups.length > 0) groups.at(-1)!.push(condition(term.slice(2), knownFields));
    else if (term !== '') groups.push([condition(term, knownFields)]);
  }
  return { matches: (row: StoredRow) => groups.every((any) => any.some((test) => test(row))), order };
}

/** `^` separates terms; `^^` is a literal caret inside a value. */
function splitTerms(query: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < query.length; i += 1) {
    if (query[i] !== '^') {
      current += query[i];
    } else if (query[i + 1] === '^') {
      current += '^';
      i += 1;
    } else {
      terms.push(current);
      current = '';
    }
  }
  terms.push(current);
  return terms;
}

const CONDITION = /^([a-z_][a-z0-9_.]*?)(!=|=|LIKE|IN|STARTSWITH|ISNOTEMPTY|ISEMPTY)(.*)$/s;

function condition(term: string, knownFields: string[]): (row: StoredRow) => boolean {
  const match = CONDITION.exec(term);
  if (!match) throw new Error(`the local ServiceNow does not understand the query term "${term}"`);
  const [, field = '', op, raw = ''] = match;
  // An unknown field makes the condition vanish (glide.invalid_query.returns_no_rows=false, the default).
  if (!knownFields.includes(field)) return () => true;
  const value = raw.toLowerCase();
  const get = (row: StoredRow) => (row[field] ?? '').toLowerCase();
  switch (op) {
    case '=': return (row) => get(row) === value;
    case '!=': return (row) => get(row) !== value;
    case 'LIKE': return (row) => get(row).includes(value);
    case 'STARTSWITH': return (row) => get(row).startsWith(value);
    case 'IN': return (row) => value.split(',').includes(get(row));
    case 'ISEMPTY': return (row) => get(row) === '';
    default: return (row) => get(row) !== '';
  }
}

function sortRows(rows: StoredRow[], order: { field: string; desc: boolean }[]): StoredRow[] {
  return [...rows].sort((a, b) => {
    for (const { field, desc } of order) {
      const diff = (a[field] ?? '').localeCompare(b[field] ?? '');
      if (diff !== 0) return desc ? -diff : diff;
    }
    return 0;
  });
}
