import type { Queryable } from '../../store/db';
import {
  CrmError,
  type CrmConnector,
  type CrmRecord,
  type CrmRecordRef,
  type ActivityPlan,
  type InteractionActivity,
  type NewCrmRecord,
  type PersonQuery,
  type WrittenActivity,
} from '../connector';
import { LEAD_TAKES_NO_RELATED_TO } from '../relates-to';

const PERSON_TYPES = ['contact', 'lead', 'account', 'consumer'];

interface RecordRow {
  id: string;
  type: string;
  name: string | null;
  fields: Record<string, string>;
  phones: string[];
  emails: string[];
}

/** The built-in CRM: records in our own store, for tenants that connect no CRM. */
export class BuiltinConnector implements CrmConnector {
  readonly kind = 'builtin' as const;

  constructor(private readonly db: Queryable, private readonly tabUrl = '/tab') {}

  async findPeople(query: PersonQuery): Promise<CrmRecord[]> {
    const rows = await this.db.query<RecordRow>(
      `SELECT * FROM crm_records WHERE type = ANY($1::text[]) AND (phones && $2::text[] OR emails && $3::text[])
       ORDER BY array_position($1::text[], type), name LIMIT 20`,
      [PERSON_TYPES, query.phones, query.emails],
    );
    return rows.map((r) => this.toRecord(r));
  }

  async search(text: string): Promise<CrmRecord[]> {
    const rows = await this.db.query<RecordRow>(
      `SELECT * FROM crm_records WHERE name ILIKE '%' || $1 || '%' ORDER BY name LIMIT 25`,
      [text.replace(/[\\%_]/g, (c) => `\\${c}`)],
    );
    return rows.map((r) => this.toRecord(r));
  }

  async get(ref: CrmRecordRef): Promise<CrmRecord | null> {
    if (!isUuid(ref.id)) return null;
    const [row] = await this.db.query<RecordRow>('SELECT * FROM crm_records WHERE id = $1 AND type = $2', [ref.id, ref.type]);
    return row ? this.toRecord(row) : null;
  }

  async create(record: NewCrmRecord): Promise<CrmRecord> {
    const { name, firstName, lastName, email, phone, contactId, ...rest } = record.fields;
    // A person is named by their names, a case by its subject.
    const displayName = name ?? ([firstName, lastName].filter(Boolean).join(' ') || rest.subject || null);
    const [row] = await this.db.query<RecordRow>(
      `INSERT INTO crm_records (type, name, fields, phones, emails, parent_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [record.type, displayName, JSON.stringify(rest), phone ? [phone] : [], email ? [email.toLowerCase()] : [], contactId && isUuid(contactId) ? contactId : null],
    );
    return this.toRecord(row!);
  }

  async related(ref: CrmRecordRef): Promise<CrmRecord[]> {
    if (!isUuid(ref.id)) return [];
    // Children of the record, and the record's parent with its other children (the household).
    const rows = await this.db.query<RecordRow>(
      `SELECT * FROM crm_records WHERE id <> $1 AND (
         parent_id = $1
         OR id = (SELECT parent_id FROM crm_records WHERE id = $1)
         OR parent_id = (SELECT parent_id FROM crm_records WHERE id = $1))
       ORDER BY array_position($2::text[], type) NULLS LAST, name`,
      [ref.id, PERSON_TYPES],
    );
    return rows.map((r) => this.toRecord(r));
  }

  /**
   * The built-in CRM holds every record on the activity, people as Name and the rest as Related To,
   * with the one rule the tab also enforces: a lead as Name takes no Related To (as in Salesforce), so
   * the card shows what an external CRM would hold.
   */
  async planActivity(activity: InteractionActivity): Promise<ActivityPlan> {
    const lead = activity.records.find((r) => r.type === 'lead' && r.source !== 'default');
    const plan: ActivityPlan = { placed: [], dropped: [] };
    for (const record of activity.records) {
      const ref = { type: record.type, id: record.id };
      const person = PERSON_TYPES.includes(record.type) && record.type !== 'account';
      if (!person && lead) plan.dropped.push({ ...ref, reason: LEAD_TAKES_NO_RELATED_TO });
      else plan.placed.push({ ...ref, as: person ? 'Name' : 'Related To' });
    }
    return plan;
  }

  async writeActivity(activity: InteractionActivity): Promise<WrittenActivity> {
    const plan = await this.planActivity(activity);
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO crm_activities (idempotency_key, activity) VALUES ($1, $2)
       ON CONFLICT (idempotency_key) DO UPDATE SET activity = EXCLUDED.activity, updated_at = now() RETURNING id`,
      [activity.idempotencyKey, JSON.stringify({ ...activity, plan })],
    );
    return { id: rows[0]!.id, url: null, plan };
  }

  async check(): Promise<void> {
    await this.db.query('SELECT 1 FROM crm_records LIMIT 1').catch((error: Error) => {
      throw new CrmError('unavailable', `the built-in CRM cannot be read: ${error.message}`);
    });
  }

  private toRecord(row: RecordRow): CrmRecord {
    const fields: Record<string, string> = { ...row.fields };
    if (row.phones[0]) fields.phone = row.phones[0];
    if (row.emails[0]) fields.email = row.emails[0];
    return {
      type: row.type,
      id: row.id,
      name: row.name,
      person: PERSON_TYPES.includes(row.type),
      url: `${this.tabUrl}?crmRecord=${row.type}:${row.id}`,
      fields,
    };
  }
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
