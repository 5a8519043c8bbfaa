import type { Queryable } from '../../store/db';
import { cardIds } from '../contacts/family';

export interface WebVisit {
  url: string;
  title: string | null;
  visitedAt: Date;
}

/** The web visits of a contact and its aliases, oldest first. */
export async function listVisits(tx: Queryable, contactId: string, limit = 200): Promise<WebVisit[]> {
  const rows = await tx.query<{ url: string; title: string | null; visited_at: Date }>(
    `SELECT url, title, visited_at FROM (
       SELECT url, title, visited_at FROM web_visits
       WHERE contact_id = ANY(${cardIds('$1')})
       ORDER BY visited_at DESC LIMIT $2
     ) newest ORDER BY visited_at`,
    [contactId, limit],
  );
  return rows.map((r) => ({ url: r.url, title: r.title, visitedAt: r.visited_at }));
}
