import type { Queryable } from '../store/db';
import type { Actor } from './access/permissions';

/** One change to a setting: null before means it was created, null after that it was removed. */
export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string;
  actorName: string;
  setting: string;
  before: unknown;
  after: unknown;
}

/**
 * Records a change to a setting (ADMIN-2). Call it in the transaction that makes the change, so
 * neither is kept without the other. Never pass a secret: describe its change instead.
 */
export async function audit(tx: Queryable, actor: Pick<Actor, 'id' | 'name'>, setting: string, before: unknown, after: unknown): Promise<void> {
  await tx.query(
    'INSERT INTO settings_audit (actor_id, actor_name, setting, before, after) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)',
    [actor.id, actor.name, setting, asJson(before), asJson(after)],
  );
}

/** The newest changes first. */
export async function loadAudit(db: Queryable, limit: number): Promise<AuditEntry[]> {
  // Ordered by the column: the text of the id would sort "9" after "10".
  return db.query<AuditEntry>(
    `SELECT id::text AS id, at, actor_id AS "actorId", actor_name AS "actorName", setting, before, after
     FROM settings_audit ORDER BY settings_audit.id DESC LIMIT $1`,
    [limit],
  );
}

// Stringified here: the drivers would turn a JS array into a PostgreSQL array, not JSON.
const asJson = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
