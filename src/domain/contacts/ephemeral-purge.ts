import type { Queryable } from '../../store/db';
import { EPHEMERAL_LIFETIME_DAYS } from './contact';

/**
 * Deletes ephemeral contacts whose last interaction is more than 60 days before `now` (ID-6), with
 * their identifiers and web visits. Their interactions stay, no longer attached to a contact.
 * Promoted or linked contacts are no longer ephemeral, and aliases resolve elsewhere, so neither goes.
 */
export async function purgeExpiredEphemeralContacts(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `DELETE FROM contacts c
     WHERE c.type = 'ephemeral' AND c.alias_of IS NULL
       AND c.last_interaction_at < $1::timestamptz - make_interval(days => $2)
       AND NOT EXISTS (SELECT 1 FROM contacts a WHERE a.alias_of = c.id)
     RETURNING c.id`,
    [now, EPHEMERAL_LIFETIME_DAYS],
  );
  return rows.length;
}
