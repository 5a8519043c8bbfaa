import type { Connection, SaveResult } from 'jsforce';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  CrmError,
  type ActivityPlan,
  type CrmConnectionSettings,
  type CrmConnector,
  type CrmRecord,
  type CrmRecordRef,
  type CrmRecordType,
  type InteractionActivity,
  type NewCrmRecord,
  type PersonQuery,
  type WrittenActivity,
} from '../connector';
import { selectList, specOf, toCreateBody, toCrmRecord, typeOfSObject, type SfRecord } from './salesforce-objects';
import { offeredVersions, SalesforceSession } from './salesforce-session';
import { DEFAULT_KEY_FIELD } from './salesforce-task';
import { keyFieldProblem, TaskDescribe } from './salesforce-task-describe';
import { TaskWriter } from './salesforce-task-writer';
import { SalesforceUsers } from './salesforce-users';
import { isSalesforceId, soqlList, soqlString, soslPhrase, soslText } from './soql';

const PEOPLE: CrmRecordType[] = ['contact', 'lead', 'account'];
const SEARCHED: CrmRecordType[] = [...PEOPLE, 'case', 'opportunity', 'campaign'];
const LIMIT = 20;

interface Hit {
  type: CrmRecordType;
  row: SfRecord;
}

/**
 * Salesforce through its REST API (jsforce). Contacts, leads and accounts are the person-level
 * records; an interaction is written as one completed Task, upserted by its key.
 */
export class SalesforceConnector implements CrmConnector {
  readonly kind = 'salesforce' as const;
  private readonly session: SalesforceSession;
  private readonly keyField: string;
  private readonly taskDescribe: TaskDescribe;
  private readonly tasks: TaskWriter;
  /** Writes of the same key in this process wait for each other, so the second finds the first's task. */
  private readonly writing = new Map<string, Promise<WrittenActivity>>();

  constructor(settings: CrmConnectionSettings, options: { now?: () => number } = {}) {
    this.session = new SalesforceSession(settings, options.now);
    this.keyField = settings.externalIdField?.trim() || DEFAULT_KEY_FIELD;
    this.taskDescribe = new TaskDescribe(this.session, this.keyField, options.now);
    this.tasks = new TaskWriter(this.session, this.taskDescribe, new SalesforceUsers(options.now), this.keyField);
  }

  /**
   * Phones by SOSL IN PHONE FIELDS (Salesforce stores numbers as typed, "(555) 123-4567"; its phone
   * search matches them whatever the format, which SOQL equality or LIKE cannot); e-mails by SOQL
   * equality (exact, indexed, and it sees records the search index has not caught up with yet).
   * Then the found contacts' accounts. The name only when no identifier matched: a common name would
   * otherwise offer strangers next to the person the number identifies.
   */
  async findPeople(query: PersonQuery): Promise<CrmRecord[]> {
    return this.session.run('finding people in Salesforce', async (conn) => {
      const phones = [...new Set(query.phones.flatMap(phoneSearchTerms))];
      const emails = [...new Set(query.emails.map((email) => email.trim().toLowerCase()).filter(Boolean))];
      const [byPhone, contactsByEmail, leadsByEmail] = await Promise.all([
        phones.length ? this.sosl(conn, `FIND {${phones.map(soslPhrase).join(' OR ')}} IN PHONE FIELDS RETURNING ${returning(PEOPLE)} LIMIT ${LIMIT}`) : [],
        emails.length ? this.soql(conn, 'contact', `Email IN ${soqlList(emails)}`) : [],
        emails.length ? this.soql(conn, 'lead', `IsConverted = false AND Email IN ${soqlList(emails)}`) : [],
      ]);
      let hits = unique([...byPhone, ...contactsByEmail, ...leadsByEmail]);
      const accountIds = [...new Set(hits.filter((hit) => hit.type === 'contact').map((hit) => hit.row.AccountId))]
        .filter((id): id is string => typeof id === 'string' && !hits.some((hit) => hit.row.Id === id));
      if (accountIds.length) hits = unique([...hits, ...(await this.soql(conn, 'account', `Id IN ${soqlList(accountIds)}`))]);
      if (!hits.length && query.name && query.name.trim().length > 1) hits = await this.searchNames(conn, query.name, PEOPLE);
      return hits.map((hit) => this.record(hit));
    });
  }

  async search(text: string): Promise<CrmRecord[]> {
    // SOSL refuses search terms shorter than two characters.
    if (text.trim().length < 2) return [];
    return this.session.run('searching Salesforce', async (conn) => (await this.searchNames(conn, text, SEARCHED)).map((hit) => this.record(hit)));
  }

  async get(ref: CrmRecordRef): Promise<CrmRecord | null> {
    if (!isSalesforceId(ref.id)) return null;
    specOf(ref.type); // an unknown type is refused before any request
    return this.session.run(`reading a ${ref.type} from Salesforce`, async (conn) => {
      const [hit] = await this.soql(conn, ref.type, `Id = ${soqlString(ref.id)}`);
      return hit ? this.record(hit) : null;
    });
  }

  async create(record: NewCrmRecord): Promise<CrmRecord> {
    const body = toCreateBody(record.type, record.fields);
    const sObject = specOf(record.type).sObject;
    const id = await this.session.run(`creating a ${record.type} in Salesforce`, async (conn) => savedId(await conn.create(sObject, body)));
    // Read back: Salesforce computes what the card shows (Name from first and last name, CaseNumber).
    const created = await this.get({ type: record.type, id });
    if (!created) throw new CrmError('not_found', `the ${record.type} ${id} created in Salesforce cannot be read back`);
    return created;
  }

  /** An account's contacts, cases and opportunities; a contact's account, its other contacts and its cases. */
  async related(ref: CrmRecordRef): Promise<CrmRecord[]> {
    if (!isSalesforceId(ref.id) || (ref.type !== 'account' && ref.type !== 'contact')) return [];
    return this.session.run(`reading records related to a ${ref.type} in Salesforce`, async (conn) => {
      const id = soqlString(ref.id);
      let hits: Hit[];
      if (ref.type === 'account') {
        hits = (await Promise.all([
          this.soql(conn, 'contact', `AccountId = ${id} ORDER BY Name`),
          this.soql(conn, 'case', `AccountId = ${id} ORDER BY CreatedDate DESC`),
          this.soql(conn, 'opportunity', `AccountId = ${id} ORDER BY CloseDate DESC`),
        ])).flat();
      } else {
        const [contact] = await this.soql(conn, 'contact', `Id = ${id}`);
        const accountId = typeof contact?.row.AccountId === 'string' ? soqlString(contact.row.AccountId) : null;
        hits = (await Promise.all([
          accountId ? this.soql(conn, 'account', `Id = ${accountId}`) : [],
          accountId ? this.soql(conn, 'contact', `AccountId = ${accountId} AND Id != ${id} ORDER BY Name`) : [],
          this.soql(conn, 'case', `ContactId = ${id} ORDER BY CreatedDate DESC`),
        ])).flat();
      }
      const records = hits.map((hit) => this.record(hit));
      return [...records.filter((r) => r.person), ...records.filter((r) => !r.person)];
    });
  }

  /** Name, Related To and Shared Activities as this org allows them (its Task describe, cached). */
  planActivity(activity: InteractionActivity): Promise<ActivityPlan> {
    return this.tasks.plan(activity);
  }

  async writeActivity(activity: InteractionActivity): Promise<WrittenActivity> {
    const key = activity.idempotencyKey;
    const previous = this.writing.get(key) ?? Promise.resolve();
    const write = previous.catch(() => undefined).then(() => this.tasks.write(activity));
    this.writing.set(key, write);
    try {
      return await write;
    } finally {
      if (this.writing.get(key) === write) this.writing.delete(key);
    }
  }

  /**
   * "Test connection": the token, the REST API version (the configured one must be offered), a call
   * that needs a valid session, and the Task's key field, naming what an admin must add or change.
   */
  async check(): Promise<void> {
    await this.session.run('Salesforce connection check', async (conn) => {
      const offered = await offeredVersions(conn);
      if (!offered.includes(conn.version)) {
        throw new CrmError('rejected', `this Salesforce org does not offer REST API v${conn.version}; it offers v${offered.at(-1) ?? '(none)'} and earlier`);
      }
      // The version's resource directory needs a valid session: proves the token is accepted.
      await conn.request(`/services/data/v${conn.version}/`);
    });
    const problem = keyFieldProblem(await this.taskDescribe.get({ fresh: true }), this.keyField);
    if (problem) throw new CrmError('rejected', problem);
  }

  /** Records of one type matching a condition (which may end with ORDER BY). */
  private async soql(conn: Connection, type: CrmRecordType, where: string): Promise<Hit[]> {
    const { records } = await conn.query<SfRecord>(`SELECT ${selectList(type)} FROM ${specOf(type).sObject} WHERE ${where} LIMIT ${LIMIT}`);
    return records.map((row) => ({ type, row }));
  }

  private async sosl(conn: Connection, sosl: string): Promise<Hit[]> {
    const { searchRecords } = await conn.search(sosl);
    return (searchRecords as SfRecord[]).map((row) => ({ type: typeOfSObject(row.attributes?.type ?? ''), row }));
  }

  private searchNames(conn: Connection, text: string, types: CrmRecordType[]): Promise<Hit[]> {
    return this.sosl(conn, `FIND {${soslText(text.trim())}} IN NAME FIELDS RETURNING ${returning(types)} LIMIT ${LIMIT}`);
  }

  private record(hit: Hit): CrmRecord {
    return toCrmRecord(hit.type, hit.row, this.session.instanceUrl);
  }
}

/** SOSL RETURNING: the display fields of each type; converted leads are read-only history, left out. */
function returning(types: CrmRecordType[]): string {
  return types
    .map((type) => `${specOf(type).sObject}(${selectList(type)}${type === 'lead' ? ' WHERE IsConverted = false' : ''})`)
    .join(', ');
}

/**
 * The number as Salesforce users type it: the national number ("5551234567" for +1 555 123 4567),
 * which the phone search matches in any punctuation; and the full international digits for records
 * stored with a country code. Unparseable input falls back to its last ten digits.
 */
function phoneSearchTerms(e164: string): string[] {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 7) return [];
  const national = parsePhoneNumberFromString(e164)?.nationalNumber ?? digits.slice(-10);
  return [...new Set([national, digits])];
}

/** A single create answers 201 with success true, or an error status; a success:false body is refused too. */
function savedId(result: SaveResult): string {
  if (result.success) return result.id;
  throw new CrmError('rejected', `Salesforce refused the record: ${result.errors.map((e) => e.message).join('; ')}`);
}

function unique(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.row.Id) && seen.add(hit.row.Id));
}
