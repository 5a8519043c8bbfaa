import express, { type NextFunction, type Request, type Response } from 'express';
import { jwtVerify, type KeyLike } from 'jose';
import { createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Salesforce org for connector tests, on two hosts as a real one is: the login host
 * (OAuth 2.0 at /services/oauth2/token: client credentials and JWT bearer) and the instance that the
 * token answer names in `instance_url`, which alone serves the REST API: the version list at
 * /services/data/, then /services/data/vXX.X (query with a SOQL subset, search with a SOSL subset,
 * sobjects describe/create/retrieve/update and upsert by external ID), in Salesforce's own formats:
 * records with `attributes`, saves answering `{id, success, errors, created}`, failures as
 * `[{message, errorCode, fields}]`. It enforces Salesforce's documented Task rules: Name (WhoId) a
 * contact or lead, no Related To (WhatId) when a lead is named, OwnerId an active user, TaskSubtype
 * set on create only, external-ID fields unique; with Shared Activities, TaskRelation rows (one lead
 * or up to 50 contacts, the primary WhoId among them). Data is in memory and seeded by the test;
 * switches make the org fail the ways real ones do (expired sessions, API limits, 429/503, outages,
 * answers lost after commit).
 */

interface ObjectSchema {
  /** The id prefix Salesforce gives the object (003 Contact, 00Q Lead …). */
  prefix: string;
  /** Fields the API may write. */
  fields: string[];
  /** Fields the API may set on create but never change (Task.TaskSubtype). */
  createOnly?: string[];
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
  /** Text fields marked External ID (upsert keys), with their length and Unique attribute. */
  externalIds?: Record<string, { length: number; unique: boolean }>;
}

const BASE_SCHEMA: Record<string, ObjectSchema> = {
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
  User: {
    prefix: '005',
    fields: ['FirstName', 'LastName', 'Email', 'Username', 'IsActive', 'UserType'],
    computed: ['Name'],
    required: ['LastName', 'Email', 'Username'],
    nameFields: ['Name'],
    emailFields: ['Email'],
    defaults: { IsActive: true, UserType: 'Standard' },
  },
  Task: {
    prefix: '00T',
    fields: ['Subject', 'TaskSubtype', 'Type', 'Status', 'Priority', 'ActivityDate', 'Description', 'WhoId', 'WhatId', 'OwnerId', 'CallType', 'CallDurationInSeconds', 'CallObject', 'CallDisposition'],
    createOnly: ['TaskSubtype'],
    picklists: { TaskSubtype: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], CallType: ['Internal', 'Inbound', 'Outbound'], Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] },
    defaults: { Status: 'Not Started', Priority: 'Normal', TaskSubtype: 'Task' },
  },
};

/** Available only in orgs with Shared Activities enabled. */
const TASK_RELATION: ObjectSchema = { prefix: '0RT', fields: ['TaskId', 'RelationId', 'IsWhat'], computed: ['AccountId'], required: ['TaskId', 'RelationId'], defaults: { IsWhat: false } };
/** Objects a task's Related To (WhatId) cannot name. */
const NOT_WHAT = ['Contact', 'Lead', 'User', 'Task', 'TaskRelation'];
const MAX_TASK_CONTACTS = 50;

const SYSTEM_FIELDS = ['Id', 'CreatedDate', 'IsDeleted'];
export const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0', '65.0', '66.0'];
/** The field an admin adds for the Customer Card's upsert key, as the connector names it by default. */
export const TASK_KEY_FIELD = 'CustomerCard_Interaction_Key__c';

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
  /** The REST API versions the org offers (GET /services/data/). */
  apiVersions?: string[];
  /** Setup › Activity Settings › Enable Shared Activities (TaskRelation, WhoCount). Off by default, as in a new org. */
  sharedActivities?: boolean;
  /**
   * The Task's upsert key field as the admin added it; null when it was not added. Default: a
   * Text(64) field named TASK_KEY_FIELD, External ID and Unique.
   */
  taskKey?: null | { field?: string; externalId?: boolean; unique?: boolean; length?: number };
  /** Objects the integration user may not read: the API answers as if they did not exist. */
  hiddenObjects?: string[];
}

export async function startSalesforceServer(options: SalesforceServerOptions = {}) {
  const clientId = options.clientId ?? '3MVG9test.consumer.key';
  const clientSecret = options.clientSecret ?? 'consumer-secret-0123456789';
  const apiVersions = options.apiVersions ?? API_VERSIONS;
  const sharedActivities = options.sharedActivities ?? false;
  const schema = orgSchema(options);
  const data = new Map<string, StoredRecord[]>(Object.keys(schema).map((name) => [name, []]));
  const tokens = new Map<string, { expired: boolean }>();
  const state = {
    sequence: 0,
    tokensIssued: 0,
    outage: null as null | 'http503' | 'refused',
    throttle: null as null | { status: 403 | 429 | 503; retryAfterSeconds?: number },
    crashAfterCommit: null as null | string,
    refuseSessions: false,
  };
  const requests: Array<{ method: string; url: string; host: 'login' | 'instance' }> = [];
  let base = '';

  const login = express();
  const app = express();
  for (const [host, server] of [['login', login], ['instance', app]] as const) {
    server.use((req, _res, next) => {
      requests.push({ method: req.method, url: req.originalUrl, host });
      next();
    });
    server.use((_req, res, next) => {
      if (state.outage !== 'http503') return next();
      res.status(503).set('Retry-After', '30').type('text/html').send('<html><body><h1>Service Unavailable</h1><p>Salesforce is down for maintenance.</p></body></html>');
    });
    // My Domain serves the token endpoint on both hosts; the REST API only on the instance.
    server.post('/services/oauth2/token', express.urlencoded({ extended: false }), async (req, res) => {
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
  }
  login.use((_req, res) => sendErrors(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));

  // The version list is public in a real org too.
  app.get('/services/data', (_req, res) => {
    res.json(apiVersions.map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version })));
  });

  const api = express.Router({ mergeParams: true });
  app.use('/services/data/:version', authenticate, api);
  const versionOf = (req: Request) => String((req.params as { version?: string }).version).replace(/^v/, '');

  api.get('/', (req, res) => {
    const root = `/services/data/v${versionOf(req)}`;
    res.json({ limits: `${root}/limits`, query: `${root}/query`, search: `${root}/search`, sobjects: `${root}/sobjects` });
  });

  api.get('/query', (req, res) => {
    const query = parseSoql(String(req.query.q ?? ''), apiObject);
    const rows = select(query.from, query.where, query.fields);
    const sorted = query.orderBy ? sortRows(rows, query.orderBy) : rows;
    const records = sorted.slice(0, query.limit ?? sorted.length).map((row) => render(req, query.from, row, query.fields));
    res.json({ totalSize: records.length, done: true, records });
  });

  api.get('/search', (req, res) => {
    const search = parseSosl(String(req.query.q ?? ''), apiObject);
    const searchRecords = search.returning.flatMap((target) => {
      const matching = select(target.from, target.where, target.fields).filter((row) => soslMatches(schema[target.from]!, fieldsOf(target.from), row, search));
      return matching.map((row) => render(req, target.from, row, target.fields));
    });
    res.json({ searchRecords: searchRecords.slice(0, search.limit ?? 2000) });
  });

  api.get('/sobjects/:type/describe', (req, res) => {
    const type = apiObject(String(req.params.type));
    res.json({ name: type, label: type, createable: true, updateable: type !== 'TaskRelation', queryable: true, fields: fieldsOf(type).map((name) => describeField(type, name)) });
  });

  api.post('/sobjects/:type', express.json(), (req, res) => {
    const type = apiObject(String(req.params.type));
    const row = insert(type, req.body as Record<string, unknown>);
    if (crashedAfterCommit(req, type)) return;
    res.status(201).json({ id: row.Id, success: true, errors: [] });
  });

  api.get('/sobjects/:type/:id', (req, res) => {
    const type = apiObject(String(req.params.type));
    const row = find(type, String(req.params.id));
    res.json(render(req, type, row, fieldsOf(type)));
  });

  api.patch('/sobjects/:type/:id', express.json(), (req, res) => {
    const type = apiObject(String(req.params.type));
    update(type, find(type, String(req.params.id)), req.body as Record<string, unknown>);
    if (crashedAfterCommit(req, type)) return;
    res.status(204).end();
  });

  /**
   * Upsert by external ID: 201 when created; when updated, 200 with the id (API 46.0 and later) or
   * 204 (before); 300 with the matching records' URLs when the value is not unique.
   */
  api.patch('/sobjects/:type/:field/:value', express.json(), (req, res) => {
    const type = apiObject(String(req.params.type));
    const field = String(req.params.field);
    if (!schema[type]!.externalIds?.[field]) {
      throw new SfFailure(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
    }
    const value = String(req.params.value);
    const body = req.body as Record<string, unknown>;
    const matches = rowsOf(type).filter((row) => typeof row[field] === 'string' && row[field].toLowerCase() === value.toLowerCase());
    if (matches.length > 1) return res.status(300).json(matches.map((row) => `/services/data/v${versionOf(req)}/sobjects/${type}/${row.Id}`));
    const withCreatedFlag = Number(versionOf(req)) >= 46;
    const existing = matches[0];
    if (!existing) {
      const row = insert(type, { ...body, [field]: value });
      if (crashedAfterCommit(req, type)) return;
      return res.status(201).json({ id: row.Id, success: true, errors: [], ...(withCreatedFlag ? { created: true } : {}) });
    }
    update(type, existing, body);
    if (crashedAfterCommit(req, type)) return;
    if (!withCreatedFlag) return res.status(204).end();
    res.status(200).json({ id: existing.Id, success: true, errors: [], created: false });
  });

  app.use((_req, res) => sendErrors(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
  for (const server of [login, app]) {
    server.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof SfFailure) return sendErrors(res, error.status, [{ message: error.message, errorCode: error.errorCode, fields: error.fields ?? [] }]);
      sendErrors(res, 400, [{ errorCode: 'JSON_PARSER_ERROR', message: error.message }]);
    });
  }

  /** The user the integration acts as: the default owner of what it creates. */
  const integrationUser = insert('User', { FirstName: 'Integration', LastName: 'User', Email: 'integration@norland.example', Username: 'integration@norland.example' }, true).Id;

  function issueToken() {
    state.tokensIssued += 1;
    const token = `00D5g0000000001!AR${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { expired: false });
    const issuedAt = String(Date.now());
    const id = `${loginBase}/id/00D5g0000000001/${integrationUser}`;
    return {
      access_token: token,
      signature: createHmac('sha256', clientSecret).update(`${id}${issuedAt}`).digest('base64'),
      scope: 'api',
      instance_url: base,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  function authenticate(req: Request, res: Response, next: NextFunction) {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const session = token ? tokens.get(token) : undefined;
    if (!session || session.expired || state.refuseSessions) return sendErrors(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    if (!apiVersions.includes(versionOf(req))) {
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

  /** A write of the sObject named by crashAfterCommit is kept, and its answer is lost with the connection. */
  function crashedAfterCommit(req: Request, type: string): boolean {
    if (state.crashAfterCommit !== type) return false;
    state.crashAfterCommit = null;
    req.socket.destroy();
    return true;
  }

  function objectName(type: string): string {
    const name = Object.keys(schema).find((n) => n.toLowerCase() === type.toLowerCase());
    if (!name) throw unsupported(type);
    return name;
  }

  /** An object as the API shows it to the integration user: a hidden one is not supported. */
  function apiObject(type: string): string {
    const name = objectName(type);
    if (options.hiddenObjects?.includes(name)) throw unsupported(type);
    return name;
  }

  function fieldsOf(type: string): string[] {
    const object = schema[objectName(type)]!;
    return [...SYSTEM_FIELDS, ...object.fields, ...(object.computed ?? [])];
  }

  function describeField(type: string, name: string) {
    const object = schema[type]!;
    const key = object.externalIds?.[name];
    const writable = object.fields.includes(name);
    return {
      name,
      label: name,
      type: name === 'Id' ? 'id' : /Id$/.test(name) ? 'reference' : /^Is[A-Z]/.test(name) ? 'boolean' : /Count$|InSeconds$/.test(name) ? 'int' : /Date$/.test(name) ? 'date' : 'string',
      length: key?.length ?? (/Id$/.test(name) ? 18 : 255),
      custom: name.endsWith('__c'),
      externalId: Boolean(key),
      unique: key?.unique ?? false,
      createable: writable,
      updateable: writable && !(object.createOnly ?? []).includes(name),
      nillable: !(object.required ?? []).includes(name),
      ...(type === 'Task' && name === 'WhoId' ? { referenceTo: ['Contact', 'Lead'] } : {}),
      ...(type === 'Task' && name === 'WhatId' ? { referenceTo: Object.keys(schema).filter((t) => !NOT_WHAT.includes(t)) } : {}),
    };
  }

  function rowsOf(type: string): StoredRecord[] {
    return data.get(type) ?? [];
  }

  function find(type: string, id: string): StoredRecord {
    const row = rowsOf(type).find((r) => sameId(r.Id, id));
    if (!row) throw new SfFailure(404, 'NOT_FOUND', 'The requested resource does not exist');
    return row;
  }

  /** The object a record id belongs to, by its prefix and the records stored. */
  function typeOfId(id: string): string | null {
    return Object.keys(schema).find((type) => rowsOf(type).some((row) => sameId(row.Id, id))) ?? null;
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
  function validated(type: string, body: Record<string, unknown>, existing: StoredRecord | null): Record<string, unknown> {
    const object = schema[type]!;
    const readOnly = Object.keys(body).filter((f) => [...SYSTEM_FIELDS, ...(object.computed ?? []), ...(existing ? (object.createOnly ?? []) : [])].includes(f));
    if (readOnly.length) {
      throw new SfFailure(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    }
    const unknown = Object.keys(body).filter((f) => !object.fields.includes(f));
    if (unknown.length) throw new SfFailure(400, 'INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${type}`, []);
    for (const [field, values] of Object.entries(object.picklists ?? {})) {
      if (field in body && !values.includes(String(body[field]))) {
        throw new SfFailure(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `bad value for restricted picklist field: ${String(body[field])}`, [field]);
      }
    }
    const missing = existing ? [] : (object.required ?? []).filter((f) => !body[f]);
    if (missing.length) throw new SfFailure(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    for (const [field, key] of Object.entries(object.externalIds ?? {})) {
      const value = body[field];
      if (typeof value !== 'string') continue;
      if (value.length > key.length) throw new SfFailure(400, 'STRING_TOO_LONG', `${field}: data value too large: ${value} (max length=${key.length})`, [field]);
      const other = key.unique && rowsOf(type).find((row) => row !== existing && typeof row[field] === 'string' && row[field].toLowerCase() === value.toLowerCase());
      if (other) throw new SfFailure(400, 'DUPLICATE_VALUE', `duplicate value found: ${field} duplicates value on record with id: ${other.Id}`, [field]);
    }
    if (type === 'Task') checkTask({ ...existing, ...body }, existing);
    if (type === 'TaskRelation') checkTaskRelation(body);
    return body;
  }

  /** Name (WhoId) takes a contact or lead; Related To (WhatId) may not be used when a lead is named; the owner is an active user. */
  function checkTask(task: Record<string, unknown>, existing: StoredRecord | null) {
    const who = typeof task.WhoId === 'string' ? task.WhoId : null;
    const what = typeof task.WhatId === 'string' ? task.WhatId : null;
    if (who && !['Contact', 'Lead'].includes(typeOfId(who) ?? '')) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Name ID: id value of incorrect type: ' + who, ['WhoId']);
    }
    const whatType = what ? typeOfId(what) : null;
    if (what && (!whatType || NOT_WHAT.includes(whatType))) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: id value of incorrect type: ' + what, ['WhatId']);
    }
    const people = [who, ...(existing ? whoRelations(existing.Id).map((r) => String(r.RelationId)) : [])];
    if (what && people.some((id) => id && typeOfId(id) === 'Lead')) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: You can\'t relate a task to a record when its Name is a lead.', ['WhatId']);
    }
    const owner = typeof task.OwnerId === 'string' ? task.OwnerId : null;
    if (owner) {
      const user = rowsOf('User').find((row) => sameId(row.Id, owner));
      if (!user) throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Assigned To ID: id value of incorrect type: ' + owner, ['OwnerId']);
      if (user.IsActive !== true) throw new SfFailure(400, 'INACTIVE_OWNER_OR_USER', `operation performed with inactive user [${owner}] as owner of task`, []);
    }
  }

  /** Shared Activities: a task relates to one lead or up to 50 contacts, and to one record through WhatId. */
  function checkTaskRelation(relation: Record<string, unknown>) {
    const taskId = String(relation.TaskId);
    const task = rowsOf('Task').find((row) => sameId(row.Id, taskId));
    if (!task) throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Task ID: id value of incorrect type: ' + taskId, ['TaskId']);
    const relationId = String(relation.RelationId);
    const relationType = typeOfId(relationId);
    if (relation.IsWhat === true) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Relation ID: a task is related to one record (Related To) through its WhatId', ['IsWhat']);
    }
    if (relationType !== 'Contact' && relationType !== 'Lead') {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Relation ID: id value of incorrect type: ' + relationId, ['RelationId']);
    }
    const people = whoRelations(task.Id);
    const duplicate = people.find((row) => sameId(String(row.RelationId), relationId));
    if (duplicate) throw new SfFailure(400, 'DUPLICATE_VALUE', `duplicate value found: RelationId duplicates value on record with id: ${duplicate.Id}`, ['RelationId']);
    const leads = [relationId, ...people.map((row) => String(row.RelationId))].filter((id) => typeOfId(id) === 'Lead');
    if (leads.length && people.length) {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Relation ID: a task can be related to one lead or up to 50 contacts, not to a lead and other people', ['RelationId']);
    }
    if (relationType === 'Lead' && typeof task.WhatId === 'string') {
      throw new SfFailure(400, 'FIELD_INTEGRITY_EXCEPTION', 'Relation ID: You can\'t relate a task to a lead when it is related to a record (Related To).', ['RelationId']);
    }
    if (people.length >= MAX_TASK_CONTACTS) throw new SfFailure(400, 'LIMIT_EXCEEDED', `Relation ID: a task can be related to up to ${MAX_TASK_CONTACTS} contacts`, ['RelationId']);
  }

  function whoRelations(taskId: string): StoredRecord[] {
    return rowsOf('TaskRelation').filter((row) => sameId(String(row.TaskId), taskId) && row.IsWhat === false);
  }

  function insert(type: string, body: Record<string, unknown>, seeding = false): StoredRecord {
    const object = schema[type]!;
    const values = seeding ? body : validated(type, body, null);
    state.sequence += 1;
    const id = salesforceId(object.prefix, state.sequence);
    const created = new Date(Date.UTC(2025, 0, 1) + state.sequence * 1000).toISOString().replace('Z', '+0000');
    const row: StoredRecord = { ...object.defaults, ...values, Id: id, CreatedDate: created, IsDeleted: false };
    if (type === 'Contact' || type === 'Lead' || type === 'User') row.Name = [row.FirstName, row.LastName].filter(Boolean).join(' ');
    if (type === 'Case') row.CaseNumber ??= String(1000 + state.sequence).padStart(8, '0');
    if (type === 'Task') row.OwnerId ??= integrationUser;
    rowsOf(type).push(row);
    if (type === 'Task') relateTask(row, { WhoId: null, WhatId: null });
    if (type === 'TaskRelation') {
      row.AccountId = rowsOf('Contact').find((c) => sameId(c.Id, String(row.RelationId)))?.AccountId ?? null;
      countRelations(find('Task', String(row.TaskId)));
    }
    return row;
  }

  function update(type: string, row: StoredRecord, body: Record<string, unknown>): void {
    const before = { WhoId: row.WhoId ?? null, WhatId: row.WhatId ?? null };
    Object.assign(row, validated(type, body, row));
    if (type === 'Task') relateTask(row, before);
  }

  /** Shared Activities keeps a TaskRelation row for the task's WhoId (the primary person) and WhatId. */
  function relateTask(task: StoredRecord, before: { WhoId: unknown; WhatId: unknown }): void {
    if (!sharedActivities) return;
    for (const [field, isWhat] of [['WhoId', false], ['WhatId', true]] as const) {
      if (before[field] === (task[field] ?? null)) continue;
      const relations = rowsOf('TaskRelation');
      const old = relations.findIndex((r) => sameId(String(r.TaskId), task.Id) && r.IsWhat === isWhat && typeof before[field] === 'string' && sameId(String(r.RelationId), before[field]));
      if (old >= 0) relations.splice(old, 1);
      const now = task[field];
      if (typeof now === 'string' && !relations.some((r) => sameId(String(r.TaskId), task.Id) && sameId(String(r.RelationId), now))) {
        insert('TaskRelation', { TaskId: task.Id, RelationId: now, IsWhat: isWhat }, true);
      }
    }
    countRelations(task);
  }

  function countRelations(task: StoredRecord): void {
    if (!sharedActivities) return;
    const relations = rowsOf('TaskRelation').filter((r) => sameId(String(r.TaskId), task.Id));
    task.WhoCount = relations.filter((r) => r.IsWhat === false).length;
    task.WhatCount = relations.filter((r) => r.IsWhat === true).length;
  }

  function render(req: Request, type: string, row: StoredRecord, fields: string[]): Record<string, unknown> {
    const name = objectName(type);
    const out: Record<string, unknown> = { attributes: { type: name, url: `/services/data/v${versionOf(req)}/sobjects/${name}/${row.Id}` } };
    for (const field of fields) out[field] = row[field] ?? null;
    return out;
  }

  const loginServer = login.listen(0, '127.0.0.1');
  const server = app.listen(0, '127.0.0.1');
  const [loginPort, port] = await Promise.all([listening(loginServer), listening(server)]);
  // Another port, as another host: a REST call sent to the login host instead of instance_url fails.
  const loginBase = `http://127.0.0.1:${loginPort}`;
  base = `http://127.0.0.1:${port}`;

  return {
    /** The instance: where the REST API is, and what instance_url names. */
    url: base,
    /** The login host an admin configures (https://login.salesforce.com or the My Domain login URL). */
    loginUrl: loginBase,
    tokenUrl: `${loginBase}/services/oauth2/token`,
    clientId,
    clientSecret,
    requests,
    integrationUser,
    /** The connection settings an admin would enter for this org: the login host, not the instance. */
    settings: (overrides: { clientSecret?: string; apiVersion?: string; externalIdField?: string } = {}) => ({
      kind: 'salesforce' as const,
      instanceUrl: loginBase,
      tokenUrl: `${loginBase}/services/oauth2/token`,
      clientId,
      clientSecret,
      ...overrides,
    }),
    /** Inserts a record as a data load would (computed fields such as IsConverted may be set). */
    seed(type: string, fields: Record<string, unknown>): string {
      const known = fieldsOf(type);
      const unknown = Object.keys(fields).filter((f) => !known.includes(f));
      if (unknown.length) throw new Error(`${type} has no fields ${unknown.join(', ')}`);
      return insert(type, fields, true).Id;
    },
    rows: (type: string): StoredRecord[] => rowsOf(type).map((r) => ({ ...r })),
    /** A user is deactivated (left the company): records can no longer be assigned to them. */
    deactivate: (userId: string) => void (find('User', userId).IsActive = false),
    get tokensIssued() {
      return state.tokensIssued;
    },
    /** Every issued session stops working, as after the session timeout or a revocation. */
    expireTokens: () => tokens.forEach((session) => (session.expired = true)),
    /** Every session is refused, even a fresh one (a revoked connected app, an IP restriction). */
    refuseSessions: (on: boolean) => void (state.refuseSessions = on),
    /** 'http503': a maintenance page for every request; 'refused': nothing listens on the instance's port. */
    async setOutage(mode: null | 'http503' | 'refused') {
      const wasRefused = state.outage === 'refused';
      state.outage = mode;
      if (mode === 'refused' && !wasRefused) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } else if (mode !== 'refused' && wasRefused) {
        server.listen(port, '127.0.0.1');
        await listening(server);
      }
    },
    /** Every API call answers this status with REQUEST_LIMIT_EXCEEDED (and Retry-After), or null to stop. */
    throttle: (value: null | { status: 403 | 429 | 503; retryAfterSeconds?: number }) => void (state.throttle = value),
    /** The next write of this sObject (insert, update or upsert) is stored, then the connection is dropped unanswered. */
    crashAfterCommit: (type: string) => void (state.crashAfterCommit = type),
    close: async () => {
      loginServer.closeAllConnections();
      await new Promise<void>((resolve) => loginServer.close(() => resolve()));
      if (state.outage === 'refused') return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The org's objects: the standard ones, the Task's key field as added, TaskRelation with Shared Activities. */
function orgSchema(options: SalesforceServerOptions): Record<string, ObjectSchema> {
  const schema: Record<string, ObjectSchema> = { ...BASE_SCHEMA };
  const key = options.taskKey === null ? null : { field: TASK_KEY_FIELD, externalId: true, unique: true, length: 64, ...options.taskKey };
  const task = BASE_SCHEMA.Task!;
  schema.Task = {
    ...task,
    fields: key ? [...task.fields, key.field] : task.fields,
    computed: options.sharedActivities ? ['WhoCount', 'WhatCount'] : [],
    externalIds: key?.externalId ? { [key.field]: { length: key.length, unique: key.unique } } : {},
  };
  if (options.sharedActivities) schema.TaskRelation = TASK_RELATION;
  return schema;
}

function unsupported(type: string): SfFailure {
  return new SfFailure(400, 'INVALID_TYPE', `sObject type '${type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`);
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => server.once('listening', () => resolve((server.address() as AddressInfo).port)));
}

function sendErrors(res: Response, status: number, errors: SfError[]) {
  res.status(status).json(errors);
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

function parseSoql(soql: string, objectName: (name: string) => string): SoqlQuery {
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
function parseSosl(sosl: string, objectName: (name: string) => string): SoslSearch {
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
function soslMatches(schema: ObjectSchema, allFields: string[], row: StoredRecord, search: SoslSearch): boolean {
  const scoped = { NAME: schema.nameFields, PHONE: schema.phoneFields, EMAIL: schema.emailFields, ALL: allFields }[search.scope] ?? [];
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
