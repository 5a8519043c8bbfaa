import { describeEachStore } from '../../test/support/stores';
import { anInteractionEvent } from '../../test/support/events';
import { ContactCenterEventSchema } from './event';
import { InboxWriter } from './inbox-writer';

describeEachStore('the inbox writer (group commit)', (store) => {
  it('stores events sent together, each once, and tells each sender its own outcome', async () => {
    const db = store();
    const writer = new InboxWriter(db);
    const payloads = Array.from({ length: 30 }, (_, i) => anInteractionEvent('interaction.started', { interactionId: `g-${i % 5}` }));
    const send = (payload: (typeof payloads)[number]) => writer.store({ event: ContactCenterEventSchema.parse(payload), payload });

    // Sent at once: the first is written alone, the rest gather into the next statement, a redelivery among them.
    const outcomes = await Promise.all([...payloads, payloads[7]!, payloads[0]!].map(send));

    expect(outcomes).toEqual([...payloads.map(() => true), false, false]);
    const rows = await db.query<{ id: string }>('SELECT id FROM events ORDER BY seq');
    expect(rows.map((r) => r.id)).toEqual(payloads.map((p) => p.id)); // arrival order kept
    expect(await send(payloads[3]!)).toBe(false);
  });
});
