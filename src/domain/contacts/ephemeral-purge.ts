import type { Queryable } from '../../store/db';
import { EPHEMERAL_LIFETIME_DAYS } from './contact';

/** Contacts deleted per statement: each batch commits alone, so a large backlog never outlasts the statement timeout. */
const PURGE_BATCH = 500;

/**
 * Deletes ephemeral contacts whose last interaction is more than 60 days before `now` (ID-6), with
 * their identifiers and web visits. Their interactions stay, no longer attached to a contact.
 * Promoted or linked contacts are no longer ephemeral, and aliases resolve elsewhere, so neither goes.
 * Oldest first, `batch` at a time, each batch its own transaction (on the pool, not in the caller's):
 * a contact another instance's purge or a card action holds is skipped, left for the next run.
 */
export async function purgeExpiredEphemeralContacts(db: Queryable, now: Date, batch = PURGE_BATCH): Promise<number> {
  let purged = 0;
  for (;;) {
    const rows = await db.query<{ id: string }>(
      `DELETE FROM contacts WHERE id IN (
         SELECT c.id FROM contacts c
         WHERE c.type = 'ephemeral' AND c.alias_of IS NULL
           AND c.last_interaction_at < $1::timestamptz - make_interval(days => $2)
           AND NOT EXISTS (SELECT 1 FROM contacts a WHERE a.alias_of = c.id)
         ORDER BY c.last_interaction_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [now, EPHEMERAL_LIFETIME_DAYS, batch],
    );
    purged += rows.length;
    if (rows.length < batch) return purged;
  }
}
