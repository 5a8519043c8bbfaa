import pino from 'pino';
import { Writable } from 'node:stream';
import { describeEachStore } from '../../test/support/stores';
import { aWebVisit, anInteractionEvent, ingestContext } from '../../test/support/events';
import type { Db } from '../store/db';
import { applyPendingEvents } from './ingest';

/** Stores an event as an older release accepted it, pending: the contract is not asked. */
async function storePending(db: Db, event: { id: string; type: string; occurredAt?: unknown; interaction?: { id: string } }): Promise<void> {
  await db.query('INSERT INTO events (id, type, interaction_id, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)', [
    event.id, event.type, event.interaction?.id ?? null, event.occurredAt, JSON.stringify(event),
  ]);
}

describeEachStore('pending events stored under an older contract', (store) => {
  it('are left in the inbox, logged, and block neither the events after them nor the sweep', async () => {
    const db = store();
    const lines: string[] = [];
    const log = pino(new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const hostileVisit = aWebVisit('cookie-1', 'javascript:alert(1)'); // accepted before only http(s) was
    const fineVisit = aWebVisit('cookie-1', 'https://shop.example/');
    const started = anInteractionEvent('interaction.started', { interactionId: 'int-old', channel: 'chat' });
    const message = anInteractionEvent('interaction.message', { interactionId: 'int-old', channel: 'chat', extra: { message: { id: 'm2', direction: 'inbound', text: 'hello' } } });
    for (const event of [hostileVisit, fineVisit, started, message]) await storePending(db, event);

    await applyPendingEvents(db, { ...ingestContext, log });

    const pending = await db.query<{ id: string }>('SELECT id FROM events WHERE applied_at IS NULL ORDER BY seq');
    expect(pending.map((e) => e.id)).toEqual([hostileVisit.id]);
    expect(await db.query('SELECT url FROM web_visits')).toEqual([{ url: 'https://shop.example/' }]);
    expect(await db.query("SELECT id FROM messages WHERE interaction_id = 'int-old'")).toEqual([{ id: 'm2' }]);
    const logged = lines.map((line) => JSON.parse(line) as { eventId?: string; reason?: string });
    expect(logged).toContainEqual(expect.objectContaining({ eventId: hostileVisit.id, reason: expect.stringContaining('visit.url') }));
  });
});
