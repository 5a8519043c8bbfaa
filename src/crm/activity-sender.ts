import { findContact } from '../domain/contacts/contacts-store';
import { findInteraction, listMessages } from '../domain/interactions/interactions-store';
import type { Interaction, Message } from '../domain/interactions/interaction';
import { OutboxFailure, type OutboxItem } from '../outbox/outbox-worker';
import type { Db } from '../store/db';
import { CrmError, type CrmConnector, type CrmRecordRef, type InteractionActivity } from './connector';
import { isLinked } from './links';
import { relationsOf } from './relates-to';

const EXCERPT_MESSAGES = 10;
const EXCERPT_CHARS = 2000;

/** Delivers one queued activity to the CRM (the outbox handler of topic crm.activity). */
export function activitySender(db: Db, connector: () => CrmConnector) {
  return async (item: OutboxItem): Promise<void> => {
    const { interactionId, type, id } = item.payload as { interactionId: string; type: string; id: string };
    const regarding: CrmRecordRef = { type, id };
    // Unlinked after it was queued: the record gets nothing (CRM-3).
    if (!(await isLinked(db, interactionId, regarding))) return;
    const interaction = await findInteraction(db, interactionId);
    if (!interaction) return;
    const contact = interaction.contactId ? await findContact(db, interaction.contactId) : null;
    const messages = interaction.channel === 'voice' || interaction.channel === 'voicemail' ? [] : await listMessages(db, interactionId);
    const relatedTo = (await relationsOf(db, interactionId, connector().kind)).filter((r) => !(r.type === type && r.id === id));
    const contactName = contact?.name ?? interaction.providedContact.name ?? null;
    const activity = buildActivity(item.key, interaction, contactName, messages, regarding, relatedTo.map((r) => ({ type: r.type, id: r.id })));
    try {
      await connector().writeActivity(activity);
    } catch (error) {
      if (error instanceof CrmError) throw new OutboxFailure(`${error.kind}: ${error.message}`, error.retryable, error.retryAfterMs);
      throw error;
    }
  };
}

export function buildActivity(
  key: string,
  i: Interaction,
  contactName: string | null,
  messages: Message[],
  regarding: CrmRecordRef,
  relatedTo: CrmRecordRef[],
): InteractionActivity {
  const durationSeconds = i.endedAt ? Math.round((i.endedAt.getTime() - i.startedAt.getTime()) / 1000) : null;
  const subject = `${CHANNEL_LABEL[i.channel]} ${i.direction === 'inbound' ? 'from' : 'to'} ${contactName ?? 'customer'}`;
  return {
    idempotencyKey: key,
    interactionId: i.id,
    channel: i.channel,
    direction: i.direction,
    subject,
    contactName,
    agentName: i.agent?.name ?? i.agent?.id ?? null,
    startedAt: i.startedAt,
    endedAt: i.endedAt,
    durationSeconds,
    transcriptExcerpt: excerpt(messages),
    regarding,
    relatedTo,
  };
}

const CHANNEL_LABEL: Record<Interaction['channel'], string> = {
  voice: 'Call', voicemail: 'Voicemail', sms: 'SMS', chat: 'Chat', email: 'E-mail', social: 'Social message', web: 'Web session',
};

function excerpt(messages: Message[]): string | null {
  if (messages.length === 0) return null;
  const text = messages.slice(0, EXCERPT_MESSAGES).map((m) => `${m.direction === 'inbound' ? 'Customer' : 'Agent'}: ${m.text}`).join('\n');
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}
