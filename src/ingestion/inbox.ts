import type { Queryable } from '../store/db';
import { ContactCenterEventSchema, type ContactCenterEvent } from './event';

/** The inbox of accepted events: stored before the webhook answers, applied afterwards. */

/** Stores an event; false when an event with its id was already accepted. */
export async function storeEvent(db: Queryable, event: ContactCenterEvent, payload: unknown): Promise<boolean> {
  const interactionId = event.type === 'web.visit' ? null : event.interaction.id;
  const rows = await db.query(
    `INSERT INTO events (id, type, interaction_id, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [event.id, event.type, interactionId, event.occurredAt, JSON.stringify(payload)],
  );
  return rows.length === 1;
}

/** Told of a stored event that today's contract refuses; it stays in the inbox, unapplied. */
export type OnUnreadable = (eventId: string, reason: string) => void;

/** Pending events of one interaction in the order they apply: occurredAt, then arrival. */
export async function pendingInteractionEvents(tx: Queryable, interactionId: string, onUnreadable: OnUnreadable): Promise<ContactCenterEvent[]> {
  const rows = await tx.query<StoredEvent>(
    `SELECT id, payload FROM events WHERE interaction_id = $1 AND applied_at IS NULL ORDER BY occurred_at, seq`,
    [interactionId],
  );
  return readable(rows, onUnreadable);
}

export async function pendingWebVisits(db: Queryable, onUnreadable: OnUnreadable): Promise<ContactCenterEvent[]> {
  const rows = await db.query<StoredEvent>(
    `SELECT id, payload FROM events WHERE interaction_id IS NULL AND applied_at IS NULL ORDER BY seq`,
  );
  return readable(rows, onUnreadable);
}

interface StoredEvent {
  id: string;
  payload: unknown;
}

/**
 * Stored events read back through today's contract. One accepted under an older, looser contract
 * (a web visit to a javascript: URL, before only http(s) was accepted) is left where it is rather
 * than blocking every event after it, or the start of the app.
 */
function readable(rows: StoredEvent[], onUnreadable: OnUnreadable): ContactCenterEvent[] {
  return rows.flatMap((row) => {
    const parsed = ContactCenterEventSchema.safeParse(row.payload);
    if (parsed.success) return [parsed.data];
    onUnreadable(row.id, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return [];
  });
}

export async function interactionsWithPendingEvents(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ interaction_id: string }>(
    `SELECT DISTINCT interaction_id FROM events WHERE interaction_id IS NOT NULL AND applied_at IS NULL`,
  );
  return rows.map((r) => r.interaction_id);
}

export async function markApplied(tx: Queryable, eventId: string): Promise<void> {
  await tx.query('UPDATE events SET applied_at = now() WHERE id = $1', [eventId]);
}
