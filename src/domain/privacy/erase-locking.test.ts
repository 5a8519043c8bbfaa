import { describeEachStore } from '../../../test/support/stores';
import { anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { waitUntil } from '../../../test/support/wait';
import type { Db } from '../../store/db';
import type { Actor } from '../access/permissions';
import { resolveContact } from '../identity/resolution';
import { eraseContact } from './erase-contact';

const ADMIN: Actor = { id: 'admin', name: 'Marianne Dashwood', permissions: new Set(['privacy:manage']) };
const PHONE = '+18035550177';

// An event resolves to the card while the erasure waits for the card's identifier: the erasure must
// see what the event attached (a new interaction, an identifier the card learned) and erase it too.
// PGlite runs one transaction at a time, so only PostgreSQL can interleave.
describeEachStore('an erasure racing an event that resolves to the card', (store, kind) => {
  const postgresOnly = kind === 'postgres' ? it : it.skip;

  postgresOnly('waits for the event and erases what it attached: nothing is left on a half-erased card', async () => {
    const db = store();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'call', contact: { name: 'Lucy Steele', phone: PHONE } }));
    const card = (await contactOf(db, 'call'))!;

    let erasing: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      // What the event applier does for a new e-mail that came with Lucy's number: lock, resolve, attach.
      const resolution = await resolveContact(tx, {
        channel: 'email', at: new Date(),
        identifiers: [{ kind: 'email', value: 'lucy@steele.example' }, { kind: 'phone', value: PHONE }],
      });
      expect(resolution.contactId).toBe(card);
      erasing = eraseContact(db, ADMIN, card).catch((error: unknown) => error);
      await waitUntil(async () => (await sessionsWaitingForLocks(db)) > 0);
      await tx.query(
        `INSERT INTO interactions (id, contact_id, channel, division, direction, state, state_changed_at, provided_contact, started_at)
         VALUES ('mail', $1, 'email', 'support', 'inbound', 'active', now(), '{"email": "lucy@steele.example"}', now())`,
        [card],
      );
      await tx.query(`INSERT INTO messages (interaction_id, id, direction, body, sent_at, event_id) VALUES ('mail', 'm', 'inbound', 'secret', now(), 'e')`);
    });

    expect(await erasing).toMatchObject({ contacts: 1, identifiers: 2, interactionsAnonymised: 2, messages: 1 });
    expect(await db.query('SELECT * FROM contact_identifiers')).toEqual([]);
    expect(await db.query('SELECT id, contact_id, provided_contact FROM interactions ORDER BY id')).toEqual([
      { id: 'call', contact_id: null, provided_contact: {} },
      { id: 'mail', contact_id: null, provided_contact: {} },
    ]);
    expect(await db.query('SELECT * FROM messages')).toEqual([]);
  });

  it('refuses an actor without privacy:manage before reading anything', async () => {
    const agent: Actor = { id: 'agent', name: 'Elinor Dashwood', permissions: new Set(['contacts:delete']) };
    await expect(eraseContact(store(), agent, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'forbidden' });
  });
});

async function sessionsWaitingForLocks(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return row!.n;
}
