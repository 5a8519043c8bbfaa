import type { Queryable } from '../store/db';
import { ContactCenterEventSchema, type ContactCenterEvent } from './event';

/** The inbox of accepted events: stored before the webhook answers, applied afterwards. */

/** Stores an event; false when an event with its id was already accepted. */
export async function storeEvent(db: Queryable, event: ContactCenterEvent, payload: unknown): Promise<boolean> {
  const [stored] = await storeEvents(db, [{ event, payload }]);
  return stored!;
}

export interface Arrival {
  event: ContactCenterEvent;
  payload: unknown;
}

/**
 * Stores events in one statement (one commit), in the order given; for each, whether it was stored
 * (false: an event with its id was accepted before, or earlier in the same list).
 */
export async function storeEvents(db: Queryable, arrivals: Arrival[]): Promise<boolean[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO events (id, type, interaction_id, occurred_at, payload)
     SELECT e.id, e.type, e.interaction_id, e.occurred_at, e.payload
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id text, type text, interaction_id text, occurred_at timestamptz, payload jsonb))
       WITH ORDINALITY AS e(id, type, interaction_id, occurred_at, payload, n)
     ORDER BY e.n
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [JSON.stringify(arrivals.map(({ event, payload }) => ({
      id: event.id,
      type: event.type,
      interaction_id: interactionIdOf(event),
      occurred_at: event.occurredAt,
      payload,
    })))],
  );
  const stored = new Set(rows.map((r) => r.id));
  // The first of two arrivals with one id is the one stored.
  return arrivals.map(({ event }) => stored.delete(event.id));
}

/** The interaction an event belongs to; null for a web visit. */
export function interactionIdOf(event: ContactCenterEvent): string | null {
  return event.type === 'web.visit' ? null : event.interaction.id;
}

/** Told of a stored event that today's contract refuses; it stays in the inbox, unapplied. */
export type OnUnreadable = (eventId: string, reason: string) => void;

/** Pending events of each interaction named, in the order they apply: occurredAt, then arrival. */
export async function pendingInteractionEvents(tx: Queryable, interactionIds: string[], onUnreadable: OnUnreadable): Promise<Map<string, ContactCenterEvent[]>> {
  const rows = await tx.query<StoredEvent>(
    `SELECT id, payload FROM events WHERE interaction_id = ANY($1::text[]) AND applied_at IS NULL ORDER BY interaction_id, occurred_at, seq`,
    [interactionIds],
  );
  const pending = new Map<string, ContactCenterEvent[]>();
  for (const event of readable(rows, onUnreadable)) {
    const id = interactionIdOf(event)!;
    const events = pending.get(id);
    if (events) events.push(event);
    else pending.set(id, [event]);
  }
  return pending;
}

export async function pendingWebVisits(db: Queryable, onUnreadable: OnUnreadable): Promise<ContactCenterEvent[]> {
  const rows = await db.query<StoredEvent>(
    `SELECT id, payload FROM events WHERE interaction_id IS NULL AND applied_at IS NULL ORDER BY seq`,
  );
  return readable(rows, onUnreadable);
}

export interface StoredEvent {
  id: string;
  payload: unknown;
}

/**
 * Stored events read back through today's contract. One accepted under an older, looser contract
 * (a web visit to a javascript: URL, before only http(s) was accepted) is left where it is rather
 * than blocking every event after it, or the start of the app.
 */
export function readable(rows: StoredEvent[], onUnreadable: OnUnreadable): ContactCenterEvent[] {
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

/** Marks events applied, with the time they were (clock time: a batch's lag is measured from it). */
export async function markApplied(tx: Queryable, eventIds: string[]): Promise<void> {
  if (eventIds.length > 0) await tx.query('UPDATE events SET applied_at = clock_timestamp() WHERE id = ANY($1::text[])', [eventIds]);
}
