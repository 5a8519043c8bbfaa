import { holdInAnotherTransaction } from '../../test/support/held-lock';
import { describeEachStore } from '../../test/support/stores';
import { anInteractionEvent, ingestContext, type EventPayload } from '../../test/support/events';
import type { Db } from '../store/db';
import { applyInteractionsEvents } from './apply';
import { ContactCenterEventSchema } from './event';
import { storeEvents } from './inbox';

/** Stores events as the webhook does (one statement), unapplied. */
async function accept(db: Db, ...payloads: EventPayload[]): Promise<void> {
  await storeEvents(db, payloads.map((payload) => ({ event: ContactCenterEventSchema.parse(payload), payload })));
}

const contactOf = async (db: Db, interactionId: string) =>
  (await db.query<{ contact_id: string }>('SELECT contact_id FROM interactions WHERE id = $1', [interactionId]))[0]?.contact_id;

describeEachStore('events applied in a batch', (store, kind) => {
  it('resolves the interactions it creates as if one after the other: one new number is one card', async () => {
    const db = store();
    await accept(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'b-1', channel: 'voice', contact: { name: 'Lucy Steele', phone: '+1 803 555 0101' } }),
      anInteractionEvent('interaction.started', { interactionId: 'b-2', channel: 'sms', contact: { phone: '(803) 555-0101' } }),
      // The same number with an e-mail no card holds yet: the card learns it, and the next finds the card by it.
      anInteractionEvent('interaction.started', { interactionId: 'b-3', channel: 'voice', contact: { phone: '803.555.0101', email: 'lucy@steele.example' } }),
      anInteractionEvent('interaction.started', { interactionId: 'b-4', channel: 'email', contact: { email: 'Lucy@Steele.example' } }),
    );

    const applied = await db.transaction((tx) => applyInteractionsEvents(tx, ['b-1', 'b-2', 'b-3', 'b-4'], ingestContext));

    expect(applied).toEqual({ applied: 4, busy: [] });
    const lucy = await contactOf(db, 'b-1');
    expect(await Promise.all(['b-2', 'b-3', 'b-4'].map((id) => contactOf(db, id)))).toEqual([lucy, lucy, lucy]);
    expect(await db.query('SELECT name FROM contacts')).toEqual([{ name: 'Lucy Steele' }]);
    expect(await db.query('SELECT kind, value FROM contact_identifiers ORDER BY kind')).toEqual([
      { kind: 'email', value: 'lucy@steele.example' },
      { kind: 'phone', value: '+18035550101' },
    ]);
    const [pending] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE applied_at IS NULL');
    expect(pending!.n).toBe(0);
  });

  it('applies each interaction\'s events in occurredAt order and leaves one that cannot be created yet pending', async () => {
    const db = store();
    const base = Date.now() - 60_000;
    await accept(
      db,
      anInteractionEvent('interaction.message', { interactionId: 'o-1', channel: 'chat', occurredAt: new Date(base + 2000), extra: { message: { id: 'm2', text: 'second' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'o-1', channel: 'chat', occurredAt: new Date(base) }),
      anInteractionEvent('interaction.message', { interactionId: 'o-1', channel: 'chat', occurredAt: new Date(base + 1000), extra: { message: { id: 'm1', text: 'first' } } }),
      { ...anInteractionEvent('interaction.message', { interactionId: 'waits' }), interaction: { id: 'waits' } },
    );

    const applied = await db.transaction((tx) => applyInteractionsEvents(tx, ['o-1', 'waits'], ingestContext));

    expect(applied.applied).toBe(3);
    expect(await db.query("SELECT id FROM messages WHERE interaction_id = 'o-1' ORDER BY sent_at")).toEqual([{ id: 'm1' }, { id: 'm2' }]);
    expect(await db.query("SELECT interaction_id FROM events WHERE applied_at IS NULL")).toEqual([{ interaction_id: 'waits' }]);
  });

  (kind === 'postgres' ? it : it.skip)('passes over an interaction another transaction is applying, for the caller to try again', async () => {
    const db = store();
    await accept(db, anInteractionEvent('interaction.started', { interactionId: 'busy-1' }), anInteractionEvent('interaction.started', { interactionId: 'free-1' }));
    const lock = await holdInAnotherTransaction(db, "SELECT pg_advisory_xact_lock(hashtextextended('interaction:busy-1', 0))");

    const applied = await db.transaction((tx) => applyInteractionsEvents(tx, ['busy-1', 'free-1'], ingestContext, { skipBusy: true }));
    await lock.release();

    expect(applied).toEqual({ applied: 1, busy: ['busy-1'] });
    expect(await db.query('SELECT interaction_id FROM events WHERE applied_at IS NULL')).toEqual([{ interaction_id: 'busy-1' }]);
  });
});
