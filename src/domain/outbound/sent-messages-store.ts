import type { Queryable } from '../../store/db';
import { cardIds } from '../contacts/family';
import type { OutboundChannel, SentMessage } from './sent-message';

interface SentMessageRow {
  id: string;
  contact_id: string;
  interaction_id: string | null;
  channel: OutboundChannel;
  recipient: string;
  subject: string | null;
  body: string;
  sender_id: string;
  sender_name: string;
  status: SentMessage['status'];
  failure: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toSentMessage = (r: SentMessageRow): SentMessage => ({
  id: r.id, contactId: r.contact_id, interactionId: r.interaction_id, channel: r.channel, to: r.recipient, subject: r.subject, text: r.body,
  senderId: r.sender_id, senderName: r.sender_name, status: r.status, failure: r.failure, createdAt: r.created_at, sentAt: r.sent_at,
});

/** The messages sent to a card and its aliases, newest first. */
export async function listSentMessages(tx: Queryable, contactId: string, limit = 200): Promise<SentMessage[]> {
  const rows = await tx.query<SentMessageRow>(
    `SELECT * FROM sent_messages WHERE contact_id = ANY(${cardIds('$1')}) ORDER BY created_at DESC, id LIMIT $2`,
    [contactId, limit],
  );
  return rows.map(toSentMessage);
}

export async function findSentMessage(tx: Queryable, id: string): Promise<SentMessage | null> {
  const [row] = await tx.query<SentMessageRow>('SELECT * FROM sent_messages WHERE id = $1', [id]);
  return row ? toSentMessage(row) : null;
}

/** Records the message as being sent; false when a message with this id exists already. */
export async function insertSending(tx: Queryable, m: Omit<SentMessage, 'status' | 'failure' | 'createdAt' | 'sentAt'>): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO sent_messages (id, contact_id, interaction_id, channel, recipient, subject, body, sender_id, sender_name, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'sending') ON CONFLICT (id) DO NOTHING RETURNING id`,
    [m.id, m.contactId, m.interactionId, m.channel, m.to, m.subject, m.text, m.senderId, m.senderName],
  );
  return rows.length === 1;
}

/** A failed message is tried again under the same id; true when this caller won the retry. */
export async function retryFailed(tx: Queryable, id: string): Promise<boolean> {
  const rows = await tx.query("UPDATE sent_messages SET status = 'sending', failure = NULL WHERE id = $1 AND status = 'failed' RETURNING id", [id]);
  return rows.length === 1;
}

export async function markSent(tx: Queryable, id: string, providerId: string): Promise<SentMessage> {
  const [row] = await tx.query<SentMessageRow>(
    "UPDATE sent_messages SET status = 'sent', provider_id = $2, sent_at = now() WHERE id = $1 RETURNING *",
    [id, providerId],
  );
  return toSentMessage(row!);
}

/** The provider gave no answer: the message may have gone, so it is not `failed` (which may be retried). */
export async function markUncertain(tx: Queryable, id: string, failure: string): Promise<void> {
  await tx.query("UPDATE sent_messages SET failure = $2 WHERE id = $1", [id, failure]);
}

export async function markFailed(tx: Queryable, id: string, failure: string): Promise<void> {
  await tx.query("UPDATE sent_messages SET status = 'failed', failure = $2 WHERE id = $1", [id, failure]);
}
