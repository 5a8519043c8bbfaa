import { cardIds } from '../domain/contacts/family';
import { notify, type Queryable } from '../store/db';

/** What a chat can follow (BOT-1): one interaction, every interaction of a division, or a contact's. */
export type FollowKind = 'interaction' | 'division' | 'contact';

/** Where a conversation can be reached again, as Bot Framework describes it; stored on every turn. */
export async function saveConversation(db: Queryable, conversationId: string, reference: object): Promise<void> {
  await db.query(
    `INSERT INTO bot_conversations (conversation_id, reference) VALUES ($1, $2)
     ON CONFLICT (conversation_id) DO UPDATE SET reference = EXCLUDED.reference, updated_at = now()`,
    [conversationId, JSON.stringify(reference)],
  );
}

export async function follow(db: Queryable, conversationId: string, kind: FollowKind, key: string, by: { id: string; name: string }): Promise<void> {
  await db.query(
    `INSERT INTO bot_follows (conversation_id, kind, key, followed_by, followed_by_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [conversationId, kind, key, by.name, by.id],
  );
}

/** The chat users who follow something in a conversation: they get their own view of its cards. */
export async function followerIds(db: Queryable, conversationId: string): Promise<string[]> {
  const rows = await db.query<{ followed_by_id: string }>(
    'SELECT DISTINCT followed_by_id FROM bot_follows WHERE conversation_id = $1 AND followed_by_id IS NOT NULL ORDER BY followed_by_id',
    [conversationId],
  );
  return rows.map((r) => r.followed_by_id);
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
 * sender renders the newest state, so a burst of messages costs one update per chat.
 */
export async function enqueueCardUpdates(tx: Queryable, interactionId: string): Promise<number> {
  const rows = await tx.query(
    `INSERT INTO bot_updates (conversation_id, interaction_id)
     SELECT DISTINCT f.conversation_id, i.id FROM interactions i LEFT JOIN contacts c ON c.id = i.contact_id JOIN bot_follows f
       ON (f.kind = 'interaction' AND f.key = i.id) OR (f.kind = 'division' AND f.key = i.division)
       -- a followed card's interactions include those of the cards merged into it (they keep the alias's id)
       OR (f.kind = 'contact' AND f.key IN (i.contact_id::text, c.alias_of::text))
     WHERE i.id = $1
     ON CONFLICT (conversation_id, interaction_id) DO UPDATE SET changed_at = clock_timestamp() RETURNING conversation_id`,
    [interactionId],
  );
  if (rows.length > 0) await notify(tx, 'bot_updates', interactionId);
  return rows.length;
}

/**
 * Marks stale the cards already posted in chats for the card's interactions (its aliases' included):
 * what they show of the contact changed (an edit, a merge). Chats that follow the contact but have no
 * card of these interactions yet get one with the next interaction change, as before.
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
