import type { Queryable } from '../../store/db';
import type { Actor } from '../access/permissions';

export type PrivacyRequestKind = 'export' | 'erase';

/** One export or erasure as audited: the card by its id only, never its name or identifiers. */
export interface PrivacyRequest {
  id: string;
  kind: PrivacyRequestKind;
  contactId: string;
  actorId: string;
  actorName: string;
  at: Date;
  /** How many rows of each kind were exported or erased. */
  counts: Record<string, number>;
}

/** Audits a privacy request in the transaction that carries it out, so neither is kept without the other. */
export async function recordPrivacyRequest(
  tx: Queryable, actor: Pick<Actor, 'id' | 'name'>, kind: PrivacyRequestKind, contactId: string, counts: Record<string, number>,
): Promise<void> {
  await tx.query(
    'INSERT INTO privacy_requests (kind, contact_id, actor_id, actor_name, counts) VALUES ($1, $2, $3, $4, $5)',
    [kind, contactId, actor.id, actor.name, JSON.stringify(counts)],
  );
}

/** The newest requests first. */
export async function listPrivacyRequests(db: Queryable, limit: number): Promise<PrivacyRequest[]> {
  return db.query<PrivacyRequest>(
    `SELECT id::text AS id, kind, contact_id AS "contactId", actor_id AS "actorId", actor_name AS "actorName", at, counts
       FROM privacy_requests ORDER BY privacy_requests.id DESC LIMIT $1`,
    [limit],
  );
}
