import { findContact } from '../domain/contacts/contacts-store';
import type { Contact } from '../domain/contacts/contact';
import { findInteraction, listMessages } from '../domain/interactions/interactions-store';
import type { Interaction, Message } from '../domain/interactions/interaction';
import { OutboxFailure, type OutboxItem } from '../outbox/outbox-worker';
import type { Db, Queryable } from '../store/db';
import { CrmError, type ActivityRecord, type AgentOfRecord, type CrmConnector, type CrmKind, type CrmRecordRef, type InteractionActivity } from './connector';
import { relationsOf } from './relates-to';
import { agentsOfRecord, interactionRecordKey, recordWritten } from './write-back';

const EXCERPT_MESSAGES = 10;
const EXCERPT_CHARS = 2000;

interface RecordPayload {
  interactionId: string;
  /** Records written by the per-record model before migration 017: they already hold this interaction's activity. */
  alreadyWritten?: CrmRecordRef[];
}

/**
 * Delivers an interaction's one record to the CRM (the outbox handler of topic crm.interaction),
 * with the links and relations as they are when it is sent.
 */
export function activitySender(db: Db, connector: () => CrmConnector) {
  return async (item: OutboxItem): Promise<void> => {
    const { interactionId, alreadyWritten = [] } = item.payload as unknown as RecordPayload;
    const crm = connector();
    const activity = await draftActivity(db, interactionId, crm.kind, alreadyWritten);
    // Nothing linked or related (all unlinked since): there is nothing to relate a record to.
    if (!activity || activity.records.every((r) => r.source === 'default')) return;
    try {
      await recordWritten(db, interactionId, crm.kind, await crm.writeActivity(activity));
    } catch (error) {
      if (error instanceof CrmError) throw new OutboxFailure(error.message, error.retryable, error.retryAfterMs);
      throw error;
    }
  };
}

/** The interaction's record as it would be written now; null when the interaction is gone. */
export async function draftActivity(db: Queryable, interactionId: string, kind: CrmKind, alreadyWritten: CrmRecordRef[] = []): Promise<InteractionActivity | null> {
  const interaction = await findInteraction(db, interactionId);
  if (!interaction) return null;
  const contact = interaction.contactId ? await findContact(db, interaction.contactId) : null;
  const digital = interaction.channel !== 'voice' && interaction.channel !== 'voicemail';
  const messages = digital ? await listMessages(db, interactionId) : [];
  const agents = await agentsOfRecord(db, interactionId);
  const written = new Set(alreadyWritten.map(refKey));
  const records = (await recordsOf(db, interactionId, kind)).filter((r) => !written.has(refKey(r)));
  return buildActivity(interaction, contact, messages, agents, records);
}

/** Links first (in linking order), then relates-to picks, then relates-to's default; each record once. */
async function recordsOf(db: Queryable, interactionId: string, kind: CrmKind): Promise<ActivityRecord[]> {
  const links = await db.query<{ record_type: string; record_id: string }>(
    'SELECT record_type, record_id FROM crm_links WHERE interaction_id = $1 ORDER BY linked_at, record_type, record_id',
    [interactionId],
  );
  const relations = await relationsOf(db, interactionId, kind);
  const picked = new Map(relations.filter((r) => !r.byDefault).map((r) => [refKey(r), r]));
  const records = new Map<string, ActivityRecord>();
  for (const link of links) {
    const ref = { type: link.record_type, id: link.record_id };
    const relation = picked.get(refKey(ref));
    records.set(refKey(ref), relation ? { ...ref, source: 'relation', slot: relation.slot } : { ...ref, source: 'link' });
  }
  for (const r of relations) {
    if (records.has(refKey(r))) continue;
    records.set(refKey(r), { type: r.type, id: r.id, source: r.byDefault ? 'default' : 'relation', slot: r.slot });
  }
  return [...records.values()];
}

const refKey = (ref: CrmRecordRef) => `${ref.type}:${ref.id}`;

export function buildActivity(
  i: Interaction,
  contact: Contact | null,
  messages: Message[],
  agents: AgentOfRecord[],
  records: ActivityRecord[],
): InteractionActivity {
  const contactName = contact?.name ?? i.providedContact.name ?? null;
  const durationSeconds = i.endedAt ? Math.round((i.endedAt.getTime() - i.startedAt.getTime()) / 1000) : null;
  const subject = `${CHANNEL_LABEL[i.channel]} ${i.direction === 'inbound' ? 'from' : 'to'} ${contactName ?? 'customer'}`;
  return {
    idempotencyKey: interactionRecordKey(i.id),
    interactionId: i.id,
    channel: i.channel,
    direction: i.direction,
    subject,
    contactName,
    customer: customerOf(i, contact),
    agent: agents[0] ?? null,
    agents,
    startedAt: i.startedAt,
    endedAt: i.endedAt,
    durationSeconds,
    transcriptExcerpt: excerpt(messages),
    records,
  };
}

/** The identifier the interaction came in on when it is a phone or e-mail, else the contact's first. */
function customerOf(i: Interaction, contact: Contact | null): InteractionActivity['customer'] {
  const first = (kind: 'phone' | 'email') =>
    (i.matched?.kind === kind ? i.matched.value : null) ?? contact?.identifiers.find((id) => id.kind === kind)?.value ?? null;
  return { phone: first('phone'), email: first('email') };
}

const CHANNEL_LABEL: Record<Interaction['channel'], string> = {
  voice: 'Call', voicemail: 'Voicemail', sms: 'SMS', chat: 'Chat', email: 'E-mail', social: 'Social message', web: 'Web session',
};

function excerpt(messages: Message[]): string | null {
  if (messages.length === 0) return null;
  const text = messages.slice(0, EXCERPT_MESSAGES).map((m) => `${m.direction === 'inbound' ? 'Customer' : 'Agent'}: ${m.text}`).join('\n');
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}
