import { DynamicsWebApi } from 'dynamics-web-api';
import {
  CrmError,
  type ActivityPlan,
  type CrmConnectionSettings,
  type CrmConnector,
  type CrmRecord,
  type CrmRecordRef,
  type InteractionActivity,
  type NewCrmRecord,
  type PersonQuery,
  type WrittenActivity,
} from '../connector';
import { ClientCredentialsTokens } from '../shared/oauth-client-credentials';
import { activityWrite, regardingProperty, type ActivityWrite } from './activities';
import { kindFor, type ActivityKind } from './activity-kinds';
import { placeOnActivity } from './activity-plan';
import { ENTITIES, entityFor, isGuid, PERSON_ENTITIES, recordUrl, selectFor, text, toRecord, type EntityDef, type Row } from './entities';
import { httpStatus, isDuplicateKey, toCrmError, toWriteError } from './errors';
import { newRecordBody } from './new-record';
import { anyOf, containsText, literal } from './odata';
import { phonePattern, samePhone } from './phone-match';
import { SystemUsers } from './system-users';

export interface DynamicsConnectorOptions {
  /** Per request; a hung Dataverse must not hold an outbox worker forever. */
  timeoutMs?: number;
  tokens?: ClientCredentialsTokens;
}

/** Rows per table per query: matches are confirmed in code, so leave room for wildcard hits. */
const PEOPLE_TOP = 50;
const SEARCH_TOP = 10;
const RELATED_TOP = 25;
const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

/**
 * Microsoft Dynamics 365 / Dataverse through the Web API v9.2 (dynamics-web-api), authenticated as
 * an application user with Entra ID client credentials.
 */
export class DynamicsConnector implements CrmConnector {
  readonly kind = 'dynamics' as const;
  private readonly instanceUrl: string;
  private readonly tokens: ClientCredentialsTokens;
  private readonly api: DynamicsWebApi;
  private readonly timeoutMs: number;
  private readonly users = new SystemUsers((email) => this.enabledUser(email));

  constructor(settings: CrmConnectionSettings, options: DynamicsConnectorOptions = {}) {
    this.instanceUrl = settings.instanceUrl.replace(/\/+$/, '');
    this.tokens =
      options.tokens ??
      new ClientCredentialsTokens({
        tokenUrl: settings.tokenUrl,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        // Dataverse's resource scope is the organisation URL itself.
        scope: settings.scope ?? `${this.instanceUrl}/.default`,
      });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.api = new DynamicsWebApi({
      serverUrl: this.instanceUrl,
      dataApi: { version: '9.2' },
      onTokenRefresh: () => this.tokens.token(),
      timeout: this.timeoutMs,
      // Without it update/upsert swallow 412/404 into false/null; we want to see every failure.
      propagateErrors: true,
    });
  }

  async findPeople(query: PersonQuery): Promise<CrmRecord[]> {
    const emails = query.emails.map((e) => e.toLowerCase());
    const patterns = query.phones.map(phonePattern).filter((p): p is string => p !== null);
    const name = query.name?.trim();
    if (!patterns.length && !emails.length && !name) return [];
    const perTable = await Promise.all(
      PERSON_ENTITIES.map(async (def) => {
        const conditions = [
          ...def.phones.flatMap((column) => patterns.map((p) => `contains(${column},${literal(p)})`)),
          ...def.emails.flatMap((column) => emails.map((e) => `${column} eq ${literal(e)}`)),
          ...(name ? [`${def.name} eq ${literal(name)}`] : []),
        ];
        const rows = await this.list(def, anyOf(conditions), PEOPLE_TOP, 'find people');
        return rows.map((row) => ({ def, row }));
      }),
    );
    // Identifier matches first, then name-only matches; wildcard phone hits that are another
    // number once normalised drop out.
    const byIdentifier: CrmRecord[] = [];
    const byName: CrmRecord[] = [];
    for (const { def, row } of perTable.flat()) {
      const phoneMatch = def.phones.some((c) => query.phones.some((p) => samePhone(text(row, c) ?? '', p)));
      const emailMatch = def.emails.some((c) => emails.includes((text(row, c) ?? '').toLowerCase()));
      if (phoneMatch || emailMatch) byIdentifier.push(toRecord(this.instanceUrl, def, row));
      else if (name && text(row, def.name)?.toLowerCase() === name.toLowerCase()) byName.push(toRecord(this.instanceUrl, def, row));
    }
    return [...byIdentifier, ...byName];
  }

  async search(value: string): Promise<CrmRecord[]> {
    const needle = value.trim();
    if (!needle) return [];
    const perTable = await Promise.all(
      ENTITIES.map(async (def) => {
        const columns = def.type === 'case' ? [def.name, 'ticketnumber'] : [def.name];
        const rows = await this.list(def, anyOf(columns.map((c) => containsText(c, needle))), SEARCH_TOP, 'search');
        return rows.map((row) => toRecord(this.instanceUrl, def, row));
      }),
    );
    return perTable.flat();
  }

  async get(ref: CrmRecordRef): Promise<CrmRecord | null> {
    const def = entityFor(ref.type);
    if (!def || !isGuid(ref.id)) return null;
    try {
      const row = await this.send(() => this.api.retrieve<Row>({ collection: def.set, key: ref.id, select: selectFor(def) }));
      return toRecord(this.instanceUrl, def, row);
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw toCrmError(error, `read the ${ref.type}`);
    }
  }

  async create(record: NewCrmRecord): Promise<CrmRecord> {
    const def = entityFor(record.type);
    if (!def) throw new CrmError('rejected', `Dynamics 365 has no table mapped for record type "${record.type}"`);
    // return=representation: the row comes back with what Dataverse computed (fullname, ticketnumber).
    const row = await this.call(
      () => this.api.create<Row, Row>({ collection: def.set, data: newRecordBody(def, record.fields), returnRepresentation: true, select: selectFor(def) }),
      `create the ${record.type}`,
    );
    return toRecord(this.instanceUrl, def, row);
  }

  async related(ref: CrmRecordRef): Promise<CrmRecord[]> {
    if (!isGuid(ref.id)) return [];
    const id = ref.id;
    const contacts = entityFor('contact')!;
    const accounts = entityFor('account')!;
    const cases = entityFor('case')!;
    const opportunities = entityFor('opportunity')!;
    if (ref.type === 'account') {
      return this.listAll([
        [contacts, `_parentcustomerid_value eq ${id}`],
        [cases, `_customerid_value eq ${id}`],
        [opportunities, `_customerid_value eq ${id}`],
      ]);
    }
    if (ref.type === 'contact') {
      const contact = await this.contactParent(id);
      if (!contact) return [];
      // parentcustomerid is a Customer lookup (account or contact): asking both tables by id needs
      // no lookuplogicalname annotation.
      const parent = text(contact, '_parentcustomerid_value');
      const household: [EntityDef, string][] = parent
        ? [
            [accounts, `accountid eq ${parent}`],
            [contacts, `contactid eq ${parent} or (_parentcustomerid_value eq ${parent} and contactid ne ${id})`],
          ]
        : [];
      return this.listAll([...household, [contacts, `_parentcustomerid_value eq ${id}`], [cases, `_customerid_value eq ${id}`]]);
    }
    return [];
  }

  async planActivity(activity: InteractionActivity): Promise<ActivityPlan> {
    return placeOnActivity(activity, kindFor(activity.channel)).plan;
  }

  /**
   * The interaction's one activity, upserted by its id (derived from the idempotency key): created
   * at the first write-back point, updated at later ones and on a retry after a crash between
   * Dataverse's commit and ours. A completed activity is read-only, so it is reopened, updated and
   * completed again.
   */
  async writeActivity(activity: InteractionActivity): Promise<WrittenActivity> {
    const kind = kindFor(activity.channel);
    const placement = placeOnActivity(activity, kind);
    const owner = activity.agents[0]?.email ?? activity.agent?.email ?? null;
    const write = activityWrite(activity, kind, placement, owner ? await this.users.idFor(owner) : null);
    try {
      await this.send(() => this.api.create<Row, string>({ collection: kind.set, data: write.create }));
    } catch (error) {
      if (!isDuplicateKey(error)) throw toWriteError(error, 'write the activity');
      await this.update(kind, write, placement.regarding !== null, error);
    }
    if (write.close) await this.patch(kind, write.id, write.close, 'complete the activity');
    return { id: write.id, url: recordUrl(this.instanceUrl, kind.logicalName, write.id), plan: placement.plan };
  }

  async check(): Promise<void> {
    try {
      await this.send(() => this.api.callFunction<Row>('WhoAmI'));
    } catch (error) {
      const crmError = toCrmError(error, 'identify the application user (WhoAmI)');
      // 403 here: the app registration is no application user of this environment, or lacks a role.
      if (httpStatus(error) === 403) throw new CrmError('unauthorized', crmError.message);
      throw crmError;
    }
  }

  /** The contact's parentcustomerid, or null when there is no such contact. */
  private async contactParent(id: string): Promise<Row | null> {
    try {
      return await this.send(() => this.api.retrieve<Row>({ collection: 'contacts', key: id, select: ['_parentcustomerid_value'] }));
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw toCrmError(error, 'read the contact');
    }
  }

  /** The activity exists (written before): reopen it if completed, then bring it up to date. */
  private async update(kind: ActivityKind, write: ActivityWrite, hasRegarding: boolean, duplicate: unknown): Promise<void> {
    const existing = await this.existingActivity(kind, write.id);
    // Refused as a duplicate, yet not there: it is another activity type's id, or deleted meanwhile.
    if (!existing) throw toWriteError(duplicate, 'write the activity');
    if (existing.statecode !== 0) await this.patch(kind, write.id, write.reopen, 'reopen the activity');
    const body = { ...write.update };
    // No record left to be regarding (all unlinked since): the earlier Regarding goes too.
    if (!hasRegarding && existing.regarding) body[regardingProperty(kind, existing.regarding)] = null;
    await this.patch(kind, write.id, body, 'update the activity');
  }

  private async patch(kind: ActivityKind, id: string, data: Row, action: string): Promise<void> {
    try {
      // If-Match: * (dynamics-web-api's default for update): an update never creates.
      await this.send(() => this.api.update({ collection: kind.set, key: id, data }));
    } catch (error) {
      throw toWriteError(error, action);
    }
  }

  private async existingActivity(kind: ActivityKind, id: string): Promise<{ statecode: number; regarding: string | null } | null> {
    try {
      const row = await this.send(() =>
        this.api.retrieve<Row>({ collection: kind.set, key: id, select: ['statecode', '_regardingobjectid_value'], includeAnnotations: LOOKUP_LOGICAL_NAME }),
      );
      return {
        statecode: typeof row.statecode === 'number' ? row.statecode : 0,
        regarding: text(row, '_regardingobjectid_value') ? text(row, '_regardingobjectid_value_LogicalName') : null,
      };
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw toCrmError(error, 'read the activity');
    }
  }

  /** The enabled systemuser whose primary e-mail (internalemailaddress) is this address, or null. */
  private async enabledUser(email: string): Promise<string | null> {
    try {
      const { value } = await this.send(() =>
        this.api.retrieveMultiple<Row>({ collection: 'systemusers', select: ['systemuserid'], filter: `internalemailaddress eq ${literal(email)} and isdisabled eq false`, top: 1 }),
      );
      return value[0] ? text(value[0], 'systemuserid') : null;
    } catch (error) {
      // Not allowed to read users (no prvReadUser): the activity is written without an agent's user.
      if (httpStatus(error) === 403) return null;
      throw toCrmError(error, "find the agent's user");
    }
  }

  private async list(def: EntityDef, filter: string, top: number, action: string): Promise<Row[]> {
    const response = await this.call(
      () => this.api.retrieveMultiple<Row>({ collection: def.set, select: selectFor(def), filter, top, orderBy: ['modifiedon desc'] }),
      action,
    );
    return response.value;
  }

  /** Several queries in parallel, results in query order, each record once. */
  private async listAll(queries: [EntityDef, string][]): Promise<CrmRecord[]> {
    const results = await Promise.all(queries.map(([def, filter]) => this.list(def, filter, RELATED_TOP, 'list related records')));
    const seen = new Set<string>();
    const records: CrmRecord[] = [];
    results.forEach((rows, i) => {
      const def = queries[i]![0];
      for (const row of rows) {
        const record = toRecord(this.instanceUrl, def, row);
        if (seen.has(`${record.type}:${record.id}`)) continue;
        seen.add(`${record.type}:${record.id}`);
        records.push(record);
      }
    });
    return records;
  }

  private async call<T>(request: () => Promise<T>, action: string): Promise<T> {
    try {
      return await this.send(request);
    } catch (error) {
      throw toCrmError(error, action);
    }
  }

  /**
   * One Web API request. A 401 means Dataverse no longer takes the cached token (revoked, clock
   * skew): drop it and try once more with a fresh one; the request was refused before it did
   * anything, so repeating it is safe. Other failures propagate as they are.
   */
  private async send<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await this.withDeadline(request());
    } catch (error) {
      if (httpStatus(error) !== 401) throw error;
      this.tokens.invalidate();
      return this.withDeadline(request());
    }
  }

  /**
   * dynamics-web-api's own timeout destroys the request, but once the response has begun its promise
   * never settles when the connection drops (it listens for the body's end only), which would hold
   * an outbox worker forever. Our deadline settles it; a write it cuts short is retried by the
   * outbox and found again by its id.
   */
  private withDeadline<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CrmError('unavailable', `Dynamics 365 did not answer within ${this.timeoutMs} ms`)), this.timeoutMs + 1000);
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }
}
