import { DomainError, invalid } from '../domain/errors';
import type { Db, Queryable } from '../store/db';
import type { CrmKind, CrmRecordRef } from './connector';
import { refreshWrittenRecord } from './write-back';

/** A record the interaction's activity relates to, in its slot. */
export interface Relation extends CrmRecordRef {
  slot: string;
  name: string | null;
  /** True when no relation was chosen and this is the record most recently opened (CRM-4). */
  byDefault: boolean;
}

/** A record the agent had in hand during the interaction: opened, or linked. */
export interface ActiveRecord extends CrmRecordRef {
  name: string | null;
  url: string;
  at: Date;
}

const NAME_TYPES = ['lead', 'contact'];

/** Salesforce's rule, which the built-in CRM follows too: said the same way wherever it applies. */
export const LEAD_TAKES_NO_RELATED_TO = 'Related To cannot be used while Name holds a lead: relate a contact instead, or remove the lead';

/**
 * Where a relation goes. Salesforce and the like: leads and contacts to Name (who), everything else
 * to Related To (what). ServiceNow: one relation per record type (same type replaces, another adds).
 */
export function relationSlot(kind: CrmKind, type: string): string {
  if (kind === 'servicenow') return type;
  return NAME_TYPES.includes(type) ? 'who' : 'what';
}

/** Salesforce refuses Related To on a task whose Name is a lead; so do we, before writing anything. */
export function checkRelation(kind: CrmKind, current: Relation[], next: CrmRecordRef): void {
  if (kind === 'servicenow') return;
  const slot = relationSlot(kind, next.type);
  const who = slot === 'who' ? next : current.find((r) => r.slot === 'who' && !r.byDefault);
  const what = slot === 'what' ? next : current.find((r) => r.slot === 'what' && !r.byDefault);
  if (who?.type === 'lead' && what) {
    throw new DomainError('conflict', LEAD_TAKES_NO_RELATED_TO);
  }
}

export async function recordOpened(db: Queryable, interactionId: string, record: CrmRecordRef & { name: string | null; url: string }): Promise<void> {
  await db.query(
    `INSERT INTO crm_record_views (interaction_id, record_type, record_id, record_name, record_url) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (interaction_id, record_type, record_id) DO UPDATE SET viewed_at = now(), record_name = EXCLUDED.record_name`,
    [interactionId, record.type, record.id, record.name, record.url],
  );
}

/** Records opened or linked during the interaction, most recent first: the relates-to picker lists only these. */
export async function activeRecords(db: Queryable, interactionId: string): Promise<ActiveRecord[]> {
  const rows = await db.query<{ record_type: string; record_id: string; record_name: string | null; record_url: string; at: Date }>(
    `SELECT record_type, record_id, max(record_name) AS record_name, max(record_url) AS record_url, max(at) AS at FROM (
       SELECT record_type, record_id, record_name, record_url, viewed_at AS at FROM crm_record_views WHERE interaction_id = $1
       UNION ALL
       SELECT record_type, record_id, record_name, record_url, linked_at AS at FROM crm_links WHERE interaction_id = $1
     ) seen GROUP BY record_type, record_id ORDER BY max(at) DESC`,
    [interactionId],
  );
  return rows.map((r) => ({ type: r.record_type, id: r.record_id, name: r.record_name, url: r.record_url, at: r.at }));
}

/** The chosen relations; with none chosen, the record most recently opened (CRM-4's default). */
export async function relationsOf(db: Queryable, interactionId: string, kind: CrmKind): Promise<Relation[]> {
  const rows = await db.query<{ slot: string; record_type: string; record_id: string; record_name: string | null }>(
    'SELECT slot, record_type, record_id, record_name FROM crm_relations WHERE interaction_id = $1 ORDER BY slot',
    [interactionId],
  );
  if (rows.length > 0) return rows.map((r) => ({ slot: r.slot, type: r.record_type, id: r.record_id, name: r.record_name, byDefault: false }));
  const [opened] = await db.query<{ record_type: string; record_id: string; record_name: string | null }>(
    'SELECT record_type, record_id, record_name FROM crm_record_views WHERE interaction_id = $1 ORDER BY viewed_at DESC LIMIT 1',
    [interactionId],
  );
  return opened ? [{ slot: relationSlot(kind, opened.record_type), type: opened.record_type, id: opened.record_id, name: opened.record_name, byDefault: true }] : [];
}

/** Relates the activity to an active record: it takes its slot, replacing what was there. */
export async function relate(db: Db, interactionId: string, kind: CrmKind, record: CrmRecordRef, by: string): Promise<void> {
  await db.transaction(async (tx) => {
    const active = (await activeRecords(tx, interactionId)).find((r) => r.type === record.type && r.id === record.id);
    if (!active) throw invalid('only records opened or linked during this interaction can be related', 'id');
    checkRelation(kind, await relationsOf(tx, interactionId, kind), record);
    await tx.query(
      `INSERT INTO crm_relations (interaction_id, slot, record_type, record_id, record_name, related_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (interaction_id, slot) DO UPDATE SET record_type = EXCLUDED.record_type, record_id = EXCLUDED.record_id,
         record_name = EXCLUDED.record_name, related_by = EXCLUDED.related_by, related_at = now()`,
      [interactionId, relationSlot(kind, record.type), record.type, record.id, active.name, by],
    );
    await refreshWrittenRecord(tx, interactionId);
  });
}

export async function unrelate(db: Queryable, interactionId: string, record: CrmRecordRef): Promise<void> {
  await db.query('DELETE FROM crm_relations WHERE interaction_id = $1 AND record_type = $2 AND record_id = $3', [interactionId, record.type, record.id]);
}
