import { aWebVisit, anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { describeEachStore } from '../../../test/support/stores';
import { ephemeralExpiry } from './contact';
import { findContact } from './contacts-store';
import { purgeExpiredEphemeralContacts } from './ephemeral-purge';
import { promoteContact } from './promote';

const DAY = 86_400_000;
const start = new Date('2026-09-01T12:00:00Z');
const daysAfterStart = (days: number) => new Date(start.getTime() + days * DAY);

describeEachStore('ephemeral contacts expire 60 days after their last interaction', (store) => {
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
});
