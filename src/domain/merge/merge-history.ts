import type { Queryable } from '../../store/db';
import { cardIds } from '../contacts/family';
import type { ValueDecision } from './plan';

/** One audited merge, as the card shows it. */
export interface MergeRecord {
  id: string;
  survivorId: string;
  mergedId: string;
  /** The merged card's name (an alias keeps the name it had), null when it had none. */
  mergedName: string | null;
  actor: { id: string; name: string };
  mergedAt: Date;
  decisions: ValueDecision[];
}

/** The merges that made this card what it is, newest first. */
export async function listMerges(tx: Queryable, contactId: string): Promise<MergeRecord[]> {
  const rows = await tx.query<{ id: string; survivor_id: string; alias_id: string; merged_name: string | null; actor_id: string; actor_name: string; merged_at: Date; decisions: ValueDecision[] }>(
    `SELECT m.*, c.name AS merged_name FROM merges m LEFT JOIN contacts c ON c.id = m.alias_id
      WHERE m.survivor_id = ANY(${cardIds('$1')}) ORDER BY m.merged_at DESC, m.id LIMIT 50`,
    [contactId],
  );
  return rows.map((r) => ({
    id: r.id,
    survivorId: r.survivor_id,
    mergedId: r.alias_id,
    mergedName: r.merged_name,
    actor: { id: r.actor_id, name: r.actor_name },
    mergedAt: r.merged_at,
    decisions: r.decisions,
  }));
}
