import { anInteractionEvent, ingestContext } from '../../test/support/events';
import { holdInAnotherTransaction } from '../../test/support/held-lock';
import { describeEachStore } from '../../test/support/stores';
import { ContactCenterEventSchema } from './event';
import { EventIntake } from './event-intake';

const parsed = (payload: ReturnType<typeof anInteractionEvent>) => ContactCenterEventSchema.parse(payload);

describeEachStore('backpressure: the webhook holds new events while applying falls behind', (store, kind) => {
  // PGlite runs one transaction at a time: applying cannot be held up by another transaction there.
  (kind === 'postgres' ? it : it.skip)('holds the next event unstored while the oldest waiting is 400 ms behind, and takes it once applying catches up', async () => {
    const db = store();
    const intake = new EventIntake(db, ingestContext);
    // Identity resolution waits for this identifier's lock, as it would behind a long merge of its card.
    const lock = await holdInAnotherTransaction(db, "SELECT pg_advisory_xact_lock(hashtextextended('identifier:phone:+18035550101', 0))");
    try {
      const first = anInteractionEvent('interaction.started', { interactionId: 'slow', contact: { phone: '8035550101' } });
      expect(await intake.accept(parsed(first), first)).toBe('accepted');
      while (intake.applier.lagMs() < 400) await new Promise((resolve) => setTimeout(resolve, 25));

      const next = anInteractionEvent('interaction.started', { interactionId: 'next', contact: { phone: '8035550199' } });
      let answered: string | null = null;
      const accepting = intake.accept(parsed(next), next).then((status) => (answered = status));
      // Either it is held, or (without backpressure) it is stored and answered: wait for whichever comes.
      while (intake.applier.heldRequests() === 0 && answered === null) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(answered).toBeNull();
      expect(intake.applier.heldRequests()).toBe(1);
      expect(await db.query('SELECT interaction_id FROM events ORDER BY interaction_id')).toEqual([{ interaction_id: 'slow' }]);

      await lock.release();
      await accepting;
      expect(answered).toBe('accepted');
      await intake.applied();
      expect(await db.query('SELECT id FROM interactions WHERE contact_id IS NOT NULL ORDER BY id')).toEqual([{ id: 'next' }, { id: 'slow' }]);
    } finally {
      await lock.release();
      await intake.stop();
    }
  });
});
