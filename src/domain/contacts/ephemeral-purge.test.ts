import { aWebVisit, anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { holdInAnotherTransaction } from '../../../test/support/held-lock';
import { describeEachStore } from '../../../test/support/stores';
import { ephemeralExpiry } from './contact';
import { findContact } from './contacts-store';
import { purgeExpiredEphemeralContacts } from './ephemeral-purge';
import { promoteContact } from './promote';

const DAY = 86_400_000;
const start = new Date('2026-09-01T12:00:00Z');
const daysAfterStart = (days: number) => new Date(start.getTime() + days * DAY);

describeEachStore('ephemeral contacts expire 60 days after their last interaction', (store, kind) => {
  async function visitorId(cookie: string): Promise<string | null> {
    const [row] = await store().query<{ contact_id: string }>(
      `SELECT contact_id FROM contact_identifiers WHERE kind = 'cookie' AND value = $1`,
      [cookie],
    );
    return row?.contact_id ?? null;
  }

  it('is kept until 60 days have passed, then purged with its identifiers and visits', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_old', 'https://classics.example/a', start));
    const id = (await visitorId('gc_old'))!;
    expect(ephemeralExpiry((await findContact(db, id))!.lastInteractionAt)).toEqual(daysAfterStart(60));

    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(59.9))).toBe(0);
    expect(await findContact(db, id)).not.toBeNull();

    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(60.1))).toBe(1);
    expect(await findContact(db, id)).toBeNull();
    expect(await visitorId('gc_old')).toBeNull();
    const [visits] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM web_visits');
    expect(visits!.n).toBe(0);
  });

  it('each new interaction restarts the 60 days', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_back', 'https://classics.example/a', start));
    await ingest(db, aWebVisit('gc_back', 'https://classics.example/b', daysAfterStart(30)));
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(61))).toBe(0);
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(90.1))).toBe(1);
  });

  it('a late-reported old visit does not shorten the life', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_late', 'https://classics.example/new', daysAfterStart(30)));
    await ingest(db, aWebVisit('gc_late', 'https://classics.example/old', start));
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(61))).toBe(0);
  });

  it('promoted visitors and identified contacts are never purged', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_promoted', 'https://classics.example/a', start));
    await promoteContact(db, (await visitorId('gc_promoted'))!);
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'call', occurredAt: start, contact: { phone: '8035550100' } }));
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(365))).toBe(0);
  });

  it('the interactions of a purged visitor stay, unattached', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'web-chat', channel: 'chat', occurredAt: start, contact: { cookie: 'gc_chat' } }));
    expect(await contactOf(db, 'web-chat')).not.toBeNull();
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(61))).toBe(1);
    expect(await contactOf(db, 'web-chat')).toBeNull();
  });

  it('purges a backlog in batches, oldest first, every expired visitor in one run', async () => {
    const db = store();
    for (let day = 0; day < 7; day++) await ingest(db, aWebVisit(`gc_${day}`, 'https://classics.example/a', daysAfterStart(day)));
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(64.5), 2)).toBe(5); // days 0–4 expired: batches of 2, 2, 1
    expect(await Promise.all(['gc_0', 'gc_4', 'gc_5', 'gc_6'].map(visitorId))).toEqual([null, null, expect.any(String), expect.any(String)]);
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(66.5), 2)).toBe(2); // a full last batch, then an empty one
  });

  // PGlite runs one transaction at a time: nothing can hold the row meanwhile.
  (kind === 'postgres' ? it : it.skip)('skips a visitor whose card is being changed meanwhile, and purges it the next time', async () => {
    const db = store();
    await ingest(db, aWebVisit('gc_busy', 'https://classics.example/a', start));
    await ingest(db, aWebVisit('gc_idle', 'https://classics.example/a', start));
    const busy = (await visitorId('gc_busy'))!;
    const lock = await holdInAnotherTransaction(db, 'SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [busy]);
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(61))).toBe(1);
    await lock.release();
    expect(await visitorId('gc_busy')).toBe(busy);
    expect(await purgeExpiredEphemeralContacts(db, daysAfterStart(61))).toBe(1);
  });
});
