import type { ChangeFollower } from '../src/domain/changes';
import { cardIds } from '../src/domain/contacts/family';
import { notify, notifyEach, type Queryable } from '../src/store/db';

/** What a chat can follow (BOT-1): one interaction, every interaction of a division, or a contact's. */
export type FollowKind = 'interaction' | 'division' | 'contact';

/**
 * When a follow `f` brings interaction `i` (contact `c`) to its chat. A followed card's interactions
 * include those of the cards merged into it (they keep the alias's id).
 */
const BRINGS = `(f.kind = 'interaction' AND f.key = i.id) OR (f.kind = 'division' AND f.key = i.division)
       OR (f.kind = 'contact' AND f.key IN (i.contact_id::text, c.alias_of::text))`;

/** Where a conversation can be reached again, as Bot Framework describes it; stored on every turn. */
export async function saveConversation(db: Queryable, conversationId: string, reference: object): Promise<void> {
  await db.query(
    `INSERT INTO bot_conversations (conversation_id, reference) VALUES ($1, $2)
     ON CONFLICT (conversation_id) DO UPDATE SET reference = EXCLUDED.reference, updated_at = now()`,
    [conversationId, JSON.stringify(reference)],
  );
}

/** Who followed: their Bot Framework id, display name and Entra object id (absent outside Entra tenants). */
export interface Follower {
  id: string;
  name: string;
  aadObjectId?: string;
}

export async function follow(db: Queryable, conversationId: string, kind: FollowKind, key: string, by: Follower): Promise<void> {
  await db.query(
    `INSERT INTO bot_follows (conversation_id, kind, key, followed_by, followed_by_id, followed_by_aad_object_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [conversationId, kind, key, by.name, by.id, by.aadObjectId ?? null],
  );
}

/**
 * The follows in a conversation that bring the interaction there (directly, by its division, or by
 * its contact or the card it was merged into), with who made each. A follow that names no follower
 * (made before followers were recorded) vouches for no one.
 */
export async function followsBringing(db: Queryable, conversationId: string, interactionId: string): Promise<Array<{ kind: FollowKind; follower: Follower }>> {
  const rows = await db.query<{ kind: FollowKind; id: string; name: string; aad_object_id: string | null }>(
    `SELECT f.kind, f.followed_by_id AS id, f.followed_by AS name, f.followed_by_aad_object_id AS aad_object_id
     FROM interactions i LEFT JOIN contacts c ON c.id = i.contact_id JOIN bot_follows f ON f.conversation_id = $2 AND (${BRINGS})
     WHERE i.id = $1 AND f.followed_by_id IS NOT NULL ORDER BY f.created_at`,
    [interactionId, conversationId],
  );
  return rows.map((r) => ({ kind: r.kind, follower: { id: r.id, name: r.name, aadObjectId: r.aad_object_id ?? undefined } }));
}

export async function unfollow(db: Queryable, conversationId: string, kind: FollowKind, key: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM bot_follows WHERE conversation_id = $1 AND kind = $2 AND key = $3 RETURNING key', [conversationId, kind, key]);
  return rows.length > 0;
}

export async function listFollows(db: Queryable, conversationId: string): Promise<Array<{ kind: FollowKind; key: string }>> {
  return db.query('SELECT kind, key FROM bot_follows WHERE conversation_id = $1 ORDER BY created_at', [conversationId]);
}

/** Marks the interaction's card stale in one chat (the one that just began to follow it). */
export async function enqueueCardUpdate(tx: Queryable, conversationId: string, interactionId: string): Promise<void> {
  await tx.query(
    `INSERT INTO bot_updates (conversation_id, interaction_id) VALUES ($1, $2)
     ON CONFLICT (conversation_id, interaction_id) DO UPDATE SET changed_at = clock_timestamp()`,
    [conversationId, interactionId],
  );
  await notify(tx, 'bot_updates', interactionId);
}

/**
 * Marks the interaction's card stale in every chat following it (directly, by division or by
 * contact), in the caller's transaction. A row already waiting only gets a newer change time: the
 * sender renders the newest state, so a burst of messages costs one update per chat. What a chat
 * is shown, if anything, is decided when the card is sent, by who followed (bot/chat-audience.ts).
 */
export async function enqueueCardUpdates(tx: Queryable, interactionIds: string[]): Promise<number> {
  const rows = await tx.query<{ interaction_id: string }>(
    `INSERT INTO bot_updates (conversation_id, interaction_id)
     SELECT DISTINCT f.conversation_id, i.id FROM interactions i LEFT JOIN contacts c ON c.id = i.contact_id JOIN bot_follows f ON ${BRINGS}
     WHERE i.id = ANY($1::text[])
     ON CONFLICT (conversation_id, interaction_id) DO UPDATE SET changed_at = clock_timestamp() RETURNING interaction_id`,
    [interactionIds],
  );
  if (rows.length > 0) await notifyEach(tx, 'bot_updates', [...new Set(rows.map((r) => r.interaction_id))]);
  return rows.length;
}

/**
 * Marks stale the cards already posted in chats for the card's interactions (its aliases' included):
 * what they show of the contact changed (an edit, a merge, a delete, a note, a message). Chats that
 * follow the contact but have no card of these interactions yet get one with the next interaction change.
 */
export async function enqueueContactCardUpdates(tx: Queryable, contactId: string): Promise<number> {
  const rows = await tx.query(
    `INSERT INTO bot_updates (conversation_id, interaction_id)
     SELECT k.conversation_id, k.interaction_id FROM bot_cards k JOIN interactions i ON i.id = k.interaction_id
     WHERE i.contact_id = ANY(${cardIds('$1')})
     ON CONFLICT (conversation_id, interaction_id) DO UPDATE SET changed_at = clock_timestamp() RETURNING conversation_id`,
    [contactId],
  );
  if (rows.length > 0) await notify(tx, 'bot_updates', contactId);
  return rows.length;
}

/** The bot hears of every card change in its transaction and marks the cards it posted stale (see ChangeFollower). */
export const chatCardUpdates: ChangeFollower = {
  contactChanged: enqueueContactCardUpdates,
  interactionsChanged: enqueueCardUpdates,
};
