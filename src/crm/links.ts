import { announceInteractionChanged } from '../domain/interactions/interactions-store';
import type { Db, Queryable } from '../store/db';
import type { CrmRecord, CrmRecordRef } from './connector';

export type WriteBackState = 'waiting' | 'pending' | 'written' | 'failed';

/** A CRM record linked to an interaction, and how its write-back stands. */
export interface CrmLink extends CrmRecordRef {
  name: string | null;
  url: string;
  linkedBy: string;
  linkedAt: Date;
  writeBack: { state: WriteBackState; error: string | null };
}

/** Links a record to the interaction (CRM-1); linking twice is one link. */
export async function linkRecord(db: Db, interactionId: string, record: CrmRecord, linkedBy: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO crm_links (interaction_id, record_type, record_id, record_name, record_url, linked_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [interactionId, record.type, record.id, record.name, record.url, linkedBy],
    );
    await announceInteractionChanged(tx, interactionId);
  });
}

/** Unlinks (CRM-3): nothing is written to the record afterwards, even if its write-back was queued. */
export async function unlinkRecord(db: Db, interactionId: string, ref: CrmRecordRef): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM crm_links WHERE interaction_id = $1 AND record_type = $2 AND record_id = $3', [interactionId, ref.type, ref.id]);
    await announceInteractionChanged(tx, interactionId);
  });
}

export async function isLinked(tx: Queryable, interactionId: string, ref: CrmRecordRef): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM crm_links WHERE interaction_id = $1 AND record_type = $2 AND record_id = $3', [interactionId, ref.type, ref.id]);
  return rows.length > 0;
}

export async function listLinks(tx: Queryable, interactionId: string): Promise<CrmLink[]> {
  const rows = await tx.query<{
    record_type: string; record_id: string; record_name: string | null; record_url: string; linked_by: string; linked_at: Date;
    done_at: Date | null; dead_at: Date | null; queued: boolean; last_error: string | null;
  }>(
    `SELECT l.*, o.done_at, o.dead_at, o.id IS NOT NULL AS queued, o.last_error
     FROM crm_links l LEFT JOIN outbox o ON o.key = ${activityKeySql('l')}
     WHERE l.interaction_id = $1 ORDER BY l.linked_at`,
    [interactionId],
  );
  return rows.map((r) => ({
    type: r.record_type,
    id: r.record_id,
    name: r.record_name,
    url: r.record_url,
    linkedBy: r.linked_by,
    linkedAt: r.linked_at,
    writeBack: {
      state: r.done_at ? 'written' : r.dead_at ? 'failed' : r.queued ? 'pending' : 'waiting',
      error: r.last_error,
    },
  }));
}

/** The outbox key of the activity for one interaction and one linked record: also its idempotency key. */
export const activityKey = (interactionId: string, ref: CrmRecordRef) => `crm.activity:${interactionId}:${ref.type}:${ref.id}`;
const activityKeySql = (alias: string) => `'crm.activity:' || ${alias}.interaction_id || ':' || ${alias}.record_type || ':' || ${alias}.record_id`;

/**
 * Queues the activity for every record linked now (CRM-2), in the caller's transaction, so the
 * decision and the work commit together. Queueing again is a no-op: one activity per record, ever.
 */
export async function enqueueWriteBack(tx: Queryable, interactionId: string): Promise<number> {
  const rows = await tx.query(
    `INSERT INTO outbox (topic, key, payload)
     SELECT 'crm.activity', ${activityKeySql('l')},
            jsonb_build_object('interactionId', l.interaction_id, 'type', l.record_type, 'id', l.record_id)
     FROM crm_links l WHERE l.interaction_id = $1
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [interactionId],
  );
  if (rows.length > 0) await tx.query(`SELECT pg_notify('outbox', $1)`, [interactionId]);
  return rows.length;
}
