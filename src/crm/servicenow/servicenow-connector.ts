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
import { ClientCredentialsTokens } from '../shared/oauth-client-credentials';
import { AgentUsers } from './agent-users';
import { allOf, anyOf, contains, equals, oneOf, orderBy } from './encoded-query';
import { INTERACTION_TYPES, type Channel } from './interaction-fields';
import { INTERACTION, InteractionWriter } from './interaction-writer';
import { phoneRenderings } from './phone-renderings';
import { createBody, recordUrl, toCrmRecord } from './records';
import { RelatesTo } from './relates-to';
import { relatedRecords } from './related-records';
import { TableApi } from './table-api';
import { CSM_TABLES, isSysId, Tables, type TableMapping, type TableMappings } from './tables';

export interface ServiceNowOptions {
  /** Our record types → ServiceNow tables and fields; Customer Service Management by default. */
  tables?: TableMappings;
  /**
   * String field on `interaction` holding the activity's idempotency key. A dedicated custom
   * field, so no other integration (CTI, e-mail) that fills correlation fields can collide with it.
   */
  idempotencyField?: string;
  /** interaction.type per channel, for instances with their own choice values. */
  interactionTypes?: Partial<Record<Channel, string>>;
  /** Per-request time limit in milliseconds. */
  timeoutMs?: number;
  /** Clock for the token cache and the agents' remembered users. */
  now?: () => number;
}

export const DEFAULT_IDEMPOTENCY_FIELD = 'u_customer_card_key';
const DEFAULT_TIMEOUT_MS = 20_000;
/** Per table: the card shows a handful of people and search results, not a list view. */
const FIND_LIMIT = 10;
const SEARCH_LIMIT = 10;

/** ServiceNow (CSM tables, Table API) as a CrmConnector, plus relates-to (CRM-5). */
export class ServiceNowConnector implements CrmConnector {
  readonly kind = 'servicenow' as const;
  private readonly instanceUrl: string;
  private readonly api: TableApi;
  private readonly tables: Tables;
  private readonly writer: InteractionWriter;
  private readonly relatesTo: RelatesTo;
  private readonly keyField: string;

  constructor(settings: CrmConnectionSettings, options: ServiceNowOptions = {}) {
    this.instanceUrl = settings.instanceUrl.replace(/\/+$/, '');
    const tokens = new ClientCredentialsTokens(
      { tokenUrl: settings.tokenUrl, clientId: settings.clientId, clientSecret: settings.clientSecret, scope: settings.scope },
      options.now,
    );
    this.api = new TableApi({ instanceUrl: this.instanceUrl, tokens, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    this.tables = new Tables(options.tables ?? CSM_TABLES);
    this.keyField = options.idempotencyField ?? DEFAULT_IDEMPOTENCY_FIELD;
    this.writer = new InteractionWriter(this.api, this.tables, new AgentUsers(this.api, options.now), {
      keyField: this.keyField,
      types: { ...INTERACTION_TYPES, ...options.interactionTypes },
    });
    this.relatesTo = new RelatesTo(this.api, this.tables);
  }

  /**
   * Identifiers first (CRM-2): phone fields IN the usual renderings of each number (see
   * phone-renderings), e-mail fields IN the addresses (ServiceNow compares strings without case).
   * The name is only used when no identifier matched: alone it is weak evidence, and homonyms
   * would crowd out the real match.
   */
  async findPeople(query: PersonQuery): Promise<CrmRecord[]> {
    const phones = query.phones.flatMap(phoneRenderings);
    const emails = query.emails.map((e) => e.trim()).filter(Boolean);
    const byIdentifier = await this.eachPersonTable((m) =>
      anyOf([...m.phoneFields.map((f) => oneOf(f, phones)), ...m.emailFields.map((f) => oneOf(f, emails))]),
    );
    const name = query.name?.trim();
    if (byIdentifier.length > 0 || !name) return byIdentifier;
    return this.eachPersonTable((m) => equals(m.nameField, name));
  }

  async search(text: string): Promise<CrmRecord[]> {
    const term = text.trim();
    if (term === '') return [];
    const found = await Promise.all(
      this.tables.entries().map(([type, m]) => this.read(type, m, anyOf(m.searchFields.map((f) => contains(f, term))), SEARCH_LIMIT)),
    );
    return found.flat().sort((a, b) => Number(b.person) - Number(a.person));
  }

  async get(ref: CrmRecordRef): Promise<CrmRecord | null> {
    const mapping = this.tables.find(ref.type);
    if (!mapping || !isSysId(ref.id)) return null;
    const row = await this.api.get(mapping.table, ref.id, this.tables.readFields(mapping));
    return row ? toCrmRecord(this.instanceUrl, ref.type, mapping, row) : null;
  }

  async create(record: NewCrmRecord): Promise<CrmRecord> {
    const mapping = this.tables.require(record.type);
    const body = createBody(mapping, record.fields);
    if (Object.keys(body).length === 0) throw new CrmError('rejected', `nothing to write to a ServiceNow ${record.type}`);
    const row = await this.api.insert(mapping.table, body, this.tables.readFields(mapping));
    return toCrmRecord(this.instanceUrl, record.type, mapping, row);
  }

  async related(ref: CrmRecordRef): Promise<CrmRecord[]> {
    return relatedRecords(this.api, this.tables, this.instanceUrl, ref);
  }

  /** Where each record goes on the interaction (see activity-plan); asks ServiceNow nothing. */
  async planActivity(activity: InteractionActivity): Promise<ActivityPlan> {
    return this.writer.plan(activity);
  }

  /** The interaction's one `interaction`, created or brought up to date (see interaction-writer). */
  async writeActivity(activity: InteractionActivity): Promise<WrittenActivity> {
    const { id, plan } = await this.writer.write(activity);
    return { id, url: recordUrl(this.instanceUrl, INTERACTION, id), plan };
  }

  /** Token, a read of the contact table, and the idempotency field when an interaction shows it. */
  async check(): Promise<void> {
    const contact = this.tables.require('contact');
    await this.api.list(contact.table, { query: '', fields: ['sys_id'], limit: 1 });
    const [interaction] = await this.api.list('interaction', { query: '', fields: ['sys_id', this.keyField], limit: 1 });
    if (interaction && !(this.keyField in interaction)) {
      throw new CrmError('rejected', `ServiceNow's interaction table has no "${this.keyField}" field: add it as a string field`);
    }
  }

  /** The record's deep link (classic UI). */
  url(ref: CrmRecordRef): string {
    return recordUrl(this.instanceUrl, this.tables.require(ref.type).table, ref.id);
  }

  /** CRM-5: writes `other` into the matching reference field of `record`; returns its relations. */
  relate(record: CrmRecordRef, other: CrmRecordRef): Promise<CrmRecordRef[]> {
    return this.relatesTo.relate(record, other);
  }

  /** CRM-5: clears the record's relation to a type (the green icon clicked). */
  unrelate(record: CrmRecordRef, type: CrmRecordType): Promise<CrmRecordRef[]> {
    return this.relatesTo.unrelate(record, type);
  }

  /** CRM-5: what the record is related to now (which icons are green). */
  relations(record: CrmRecordRef): Promise<CrmRecordRef[]> {
    return this.relatesTo.relations(record);
  }

  private async eachPersonTable(queryFor: (m: TableMapping) => string | null): Promise<CrmRecord[]> {
    const found = await Promise.all(this.tables.people().map(([type, m]) => this.read(type, m, queryFor(m), FIND_LIMIT)));
    return found.flat();
  }

  private async read(type: CrmRecordType, m: TableMapping, query: string | null, limit: number): Promise<CrmRecord[]> {
    if (query === null) return [];
    const rows = await this.api.list(m.table, { query: allOf([query, orderBy(m.nameField)]), fields: this.tables.readFields(m), limit });
    return rows.map((row) => toCrmRecord(this.instanceUrl, type, m, row));
  }
}
