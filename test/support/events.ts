import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ContactCenterEventSchema } from '../../src/ingestion/event';
import { ingestEvent, type IngestContext } from '../../src/ingestion/ingest';
import { defaultPhoneRegionSetting } from '../../src/settings/app-settings';
import type { Db } from '../../src/store/db';

export const silentLog = pino({ level: 'silent' });
export const ingestContext: IngestContext = { defaultPhoneRegion: defaultPhoneRegionSetting('US'), log: silentLog };

export type EventPayload = Record<string, unknown> & { id: string; type: string };

interface InteractionEventOptions {
  interactionId?: string;
  channel?: string;
  division?: string;
  contact?: Record<string, unknown>;
  agent?: { id: string; name?: string };
  occurredAt?: Date | string;
  extra?: Record<string, unknown>;
}

/** An event of the contract, with sensible defaults; override what the test is about. */
export function anInteractionEvent(type: string, options: InteractionEventOptions = {}): EventPayload {
  return {
    id: `evt_${randomUUID()}`,
    type,
    occurredAt: new Date(options.occurredAt ?? Date.now()).toISOString(),
    interaction: {
      id: options.interactionId ?? `int_${randomUUID()}`,
      channel: options.channel ?? 'voice',
      division: options.division ?? 'support-emea',
      direction: 'inbound',
      ...(options.agent ? { agent: options.agent } : {}),
      contact: options.contact ?? { name: 'Edward Ferrars', phone: '+1 803-123-0000' },
    },
    ...(type === 'interaction.message' && !options.extra?.message
      ? { message: { id: `msg_${randomUUID()}`, direction: 'inbound', text: 'Hello' } }
      : {}),
    ...options.extra,
  };
}

export function aWebVisit(cookie: string, url: string, at: Date = new Date()): EventPayload {
  return {
    id: `evt_${randomUUID()}`,
    type: 'web.visit',
    occurredAt: at.toISOString(),
    contact: { cookie },
    visit: { url, title: `Page ${url}`, at: at.toISOString() },
  };
}

/** Feeds events through the same path the webhook uses, after its validation. */
export async function ingest(db: Db, ...payloads: EventPayload[]): Promise<void> {
  for (const payload of payloads) {
    await ingestEvent(db, ContactCenterEventSchema.parse(payload), payload, ingestContext);
  }
}

export async function contactOf(db: Db, interactionId: string): Promise<string | null> {
  const [row] = await db.query<{ contact_id: string | null }>('SELECT contact_id FROM interactions WHERE id = $1', [interactionId]);
  if (!row) throw new Error(`interaction ${interactionId} not stored`);
  return row.contact_id;
}
