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
  /** Shared by the merges of one action that merged several cards at once (MERGE-7): they undo together. */
  groupId: string | null;
  /** Who undid the merge and when (MERGE-6); the record stays, as the audit of both. */
  undone: { actor: { id: string; name: string }; at: Date } | null;
  /**
   * Whether it can be undone now: not undone yet, recorded with what it changed (merges before undo
   * existed are not), and its survivor not merged into another card since (that merge is undone first).
   */
  undoable: boolean;
}

/** The merges that made this card what it is, newest first. */
export async function listMerges(tx: Queryable, contactId: string): Promise<MergeRecord[]> {
  const rows = await tx.query<{
    id: string; survivor_id: string; alias_id: string; merged_name: string | null; actor_id: string; actor_name: string; merged_at: Date; decisions: ValueDecision[]; group_id: string | null;
    undone_at: Date | null; undone_by_id: string | null; undone_by_name: string | null; recorded: boolean;
  }>(
    `SELECT m.id, m.survivor_id, m.alias_id, m.actor_id, m.actor_name, m.merged_at, m.decisions, m.group_id, m.undone_at, m.undone_by_id, m.undone_by_name,
            m.survivor_before IS NOT NULL AND s.alias_of IS NULL AS recorded, c.name AS merged_name
       FROM merges m LEFT JOIN contacts c ON c.id = m.alias_id JOIN contacts s ON s.id = m.survivor_id
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
    groupId: r.group_id,
    undone: r.undone_at ? { actor: { id: r.undone_by_id!, name: r.undone_by_name! }, at: r.undone_at } : null,
    undoable: r.recorded && !r.undone_at,
  }));
}
