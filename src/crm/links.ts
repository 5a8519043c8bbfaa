import { announceInteractionChanged } from '../domain/changes';
import type { Db, Queryable } from '../store/db';
import type { CrmRecord, CrmRecordRef } from './connector';
import { recordState, refreshWrittenRecord, type InteractionRecordState } from './write-back';

/**
 * What a linked record receives (CRM-2): nothing yet (waiting), the interaction record on its way
 * (pending), written into it (written, `as` says where), left out by the CRM's rules (dropped, with
 * the reason), or the record failed (failed, with the CRM's words).
 */
export type WriteBackState = 'waiting' | 'pending' | 'written' | 'dropped' | 'failed';

/** A CRM record linked to an interaction, and how its write-back stands. */
export interface CrmLink extends CrmRecordRef {
  name: string | null;
  url: string;
  linkedBy: string;
  linkedAt: Date;
  writeBack: { state: WriteBackState; error: string | null; as: string | null };
}

/** Links a record to the interaction (CRM-1); linking twice is one link. */
export async function linkRecord(db: Db, interactionId: string, record: CrmRecord, linkedBy: string): Promise<void> {
  await db.transaction(async (tx) => {
    const linked = await tx.query(
      `INSERT INTO crm_links (interaction_id, record_type, record_id, record_name, record_url, linked_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [interactionId, record.type, record.id, record.name, record.url, linkedBy],
    );
    if (linked.length > 0) await refreshWrittenRecord(tx, interactionId);
    await announceInteractionChanged(tx, interactionId);
  });
}

/**
 * Unlinks (CRM-3): nothing is written to the record afterwards, even if the interaction record was
 * queued; what the CRM already holds stays (we never delete from the customer's system of record).
 */
export async function unlinkRecord(db: Db, interactionId: string, ref: CrmRecordRef): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM crm_links WHERE interaction_id = $1 AND record_type = $2 AND record_id = $3', [interactionId, ref.type, ref.id]);
    await announceInteractionChanged(tx, interactionId);
  });
}

export async function listLinks(tx: Queryable, interactionId: string): Promise<CrmLink[]> {
  const [rows, record] = await Promise.all([
    tx.query<{ record_type: string; record_id: string; record_name: string | null; record_url: string; linked_by: string; linked_at: Date }>(
      'SELECT * FROM crm_links WHERE interaction_id = $1 ORDER BY linked_at',
      [interactionId],
    ),
    recordState(tx, interactionId),
  ]);
  return rows.map((r) => {
    const ref = { type: r.record_type, id: r.record_id };
    return { ...ref, name: r.record_name, url: r.record_url, linkedBy: r.linked_by, linkedAt: r.linked_at, writeBack: linkWriteBack(record, ref) };
  });
}

/** A link's part in its interaction's record, as last written; a link made since is on its way or waiting. */
export function linkWriteBack(record: InteractionRecordState, ref: CrmRecordRef): CrmLink['writeBack'] {
  const same = (r: CrmRecordRef) => r.type === ref.type && r.id === ref.id;
  if (record.state === 'failed') return { state: 'failed', error: record.error, as: null };
  if (record.state === 'pending') return { state: 'pending', error: record.error, as: null };
  const placed = record.plan?.placed.find(same);
  if (placed) return { state: 'written', error: null, as: placed.as };
  const dropped = record.plan?.dropped.find(same);
  if (dropped) return { state: 'dropped', error: dropped.reason, as: null };
  return { state: 'waiting', error: null, as: null };
}

/**
 * How the interaction's CRM record and links stand, in a few words: sent with the live card, so an
 * open card hears of a record written or refused, or a link made by someone else, without asking.
 */
export async function crmChanges(tx: Queryable, interactionId: string): Promise<{ record: string; links: string[] }> {
  const [record, links] = await Promise.all([recordState(tx, interactionId), listLinks(tx, interactionId)]);
  return {
    record: `${record.state}:${record.writtenAt?.toISOString() ?? ''}:${record.error ?? ''}`,
    links: links.map((l) => `${l.type}:${l.id}:${l.writeBack.state}`),
  };
}
