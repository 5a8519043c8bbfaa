import type { Queryable } from '../../store/db';
import { isUuid } from '../contacts/contacts-store';

/** A card as privacy requests see it: its canonical contact and every contact merged into it. */
export interface Card {
  id: string;
  /** The canonical contact first, then its aliases. */
  contactIds: string[];
}

/** The card any of its ids (the canonical contact's or an alias's) addresses; null when none does. */
export async function cardOf(tx: Queryable, id: string): Promise<Card | null> {
  if (!isUuid(id)) return null;
  const rows = await tx.query<{ id: string; canonical: boolean }>(
    `SELECT c.id, c.alias_of IS NULL AS canonical FROM contacts c
      WHERE c.id = (SELECT coalesce(alias_of, id) FROM contacts WHERE id = $1)
         OR c.alias_of = (SELECT coalesce(alias_of, id) FROM contacts WHERE id = $1)
      ORDER BY c.alias_of IS NULL DESC, c.created_at, c.id`,
    [id],
  );
  if (rows.length === 0) return null;
  return { id: rows[0]!.id, contactIds: rows.map((r) => r.id) };
}
