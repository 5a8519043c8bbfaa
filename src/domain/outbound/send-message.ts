import type { Db } from '../../store/db';
import type { Actor } from '../access/permissions';
import { announceContactChanged } from '../changes';
import { canonicalIdOf, findContact } from '../contacts/contacts-store';
import { cardIds } from '../contacts/family';
import { conflict, DomainError, invalid, notFound } from '../errors';
import { normalizeEmail, normalizePhone } from '../identity/identifiers';
import { SendFailure, type MessageSender } from './message-sender';
import type { OutboundChannel, SentMessage } from './sent-message';
import { findSentMessage, insertSending, markFailed, markSent, markUncertain, retryFailed } from './sent-messages-store';

/** The configured providers; null where none is. */
export type OutboundSenders = Record<OutboundChannel, MessageSender | null>;

export interface MessageRequest {
  /** The client's id for this message: the same id twice sends once. */
  id: string;
  channel: OutboundChannel;
  /** One of the card's phone numbers (SMS) or e-mail addresses, in any common format. */
  to: string;
  subject?: string;
  text: string;
  /** The interaction being served, when sent during one. */
  interactionId?: string;
}

const NOT_CONFIGURED: Record<OutboundChannel, string> = {
  sms: 'no SMS provider is configured; an administrator sets SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM',
  email: 'no e-mail server is configured; an administrator sets SMTP_URL and MAIL_FROM',
};

/**
 * OUT-1: sends a message to the customer and keeps it in the card's history. Only the card's own
 * numbers and addresses are accepted, so the app is no general-purpose mailer. The message is
 * recorded as `sending` (committed) before the provider is called, then as sent or failed.
 */
export async function sendMessage(
  db: Db, senders: OutboundSenders, sender: Pick<Actor, 'id' | 'name'>, contactId: string, request: MessageRequest, defaultRegion: string,
): Promise<{ message: SentMessage; repeated: boolean }> {
  const provider = senders[request.channel];
  if (!provider) throw new DomainError('unavailable', NOT_CONFIGURED[request.channel]);
  const cardId = await canonicalIdOf(db, contactId);
  const contact = cardId ? await findContact(db, cardId) : null;
  if (!contact) throw notFound(`contact ${contactId} does not exist`);
  const to = recipient(request, contact.identifiers, contact.name ?? 'this contact', defaultRegion);
  if (request.interactionId) await requireInteractionOf(db, request.interactionId, contact.id);

  const draft = {
    id: request.id, contactId: contact.id, interactionId: request.interactionId ?? null, channel: request.channel, to,
    subject: request.subject ?? null, text: request.text, senderId: sender.id, senderName: sender.name,
  };
  if (!(await insertSending(db, draft))) {
    const earlier = await findSentMessage(db, request.id);
    if (!earlier || earlier.senderId !== sender.id || !sameMessage(earlier, draft)) throw conflict(`message id ${request.id} is taken by another message; send with a new id`);
    if (earlier.status === 'sent') return { message: earlier, repeated: true };
    if (earlier.status === 'sending') throw conflict(earlier.failure ?? 'this message is being sent already');
    if (!(await retryFailed(db, request.id))) throw conflict('this message is being sent already');
  }

  try {
    const receipt = await provider.send({ to, subject: draft.subject ?? undefined, text: draft.text, senderName: sender.name });
    const message = await db.transaction(async (tx) => {
      const sent = await markSent(tx, request.id, receipt.providerId);
      await announceContactChanged(tx, contact.id);
      return sent;
    });
    return { message, repeated: false };
  } catch (error) {
    // Maybe sent: it stays `sending`, so the same id is not sent again; the reason shows in the history.
    if (error instanceof SendFailure && error.reason === 'uncertain') await markUncertain(db, request.id, error.message);
    else await markFailed(db, request.id, error instanceof SendFailure ? error.message : 'an unexpected error occurred');
    throw error;
  }
}

/** A repeated request is the same message: same channel, recipient, subject and text. */
function sameMessage(earlier: SentMessage, draft: Pick<SentMessage, 'channel' | 'to' | 'subject' | 'text'>): boolean {
  return earlier.channel === draft.channel && earlier.to === draft.to && earlier.subject === draft.subject && earlier.text === draft.text;
}

function recipient(request: MessageRequest, identifiers: ReadonlyArray<{ kind: string; value: string }>, name: string, region: string): string {
  const kind = request.channel === 'sms' ? 'phone' : 'email';
  let to: string;
  try {
    to = kind === 'phone' ? normalizePhone(request.to, region) : normalizeEmail(request.to);
  } catch (error) {
    throw invalid((error as Error).message, 'to');
  }
  if (!identifiers.some((i) => i.kind === kind && i.value === to)) {
    throw invalid(`${to} is not one of ${name}'s ${kind === 'phone' ? 'phone numbers' : 'e-mail addresses'}`, 'to');
  }
  return to;
}

async function requireInteractionOf(db: Db, interactionId: string, contactId: string): Promise<void> {
  const [row] = await db.query(`SELECT 1 FROM interactions WHERE id = $1 AND contact_id = ANY(${cardIds('$2')})`, [interactionId, contactId]);
  if (!row) throw invalid(`interaction ${interactionId} is not one of this contact's`, 'interactionId');
}
