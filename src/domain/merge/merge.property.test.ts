import fc from 'fast-check';
import { anInteractionEvent, ingest } from '../../../test/support/events';
import { describeEachStore } from '../../../test/support/stores';
import type { Db } from '../../store/db';
import { PERMISSIONS, type Actor } from '../access/permissions';
import { contactsHolding } from '../contacts/contacts-store';
import { promoteContact } from '../contacts/promote';
import { DomainError } from '../errors';
import { normalizeIdentifiers, type Identifier } from '../identity/identifiers';
import { reattachInteraction } from '../identity/reattach';
import { mergeCards } from './merge-cards';

const ACTOR: Actor = { id: 'property', name: 'Property test', permissions: new Set(PERMISSIONS) };

/** A small pool of identifiers, so that random events collide on them. */
const PHONES = ['+1 803 555 0100', '(803) 555-0101', '803.555.0102'];
const EMAILS = ['Ed@Norland.example', 'lucy@steele.example', 'm@barton.example'];

type Command =
  | { op: 'event'; phone?: number; email?: number; channel: 'voice' | 'email' | 'sms' }
  | { op: 'merge'; survivor: number; merged: number }
  | { op: 'reattach'; interaction: number; contact: number }
  | { op: 'promote'; contact: number };

const index = fc.nat({ max: 20 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('event' as const),
    phone: fc.option(fc.nat({ max: PHONES.length - 1 }), { nil: undefined }),
    email: fc.option(fc.nat({ max: EMAILS.length - 1 }), { nil: undefined }),
    channel: fc.constantFrom('voice' as const, 'email' as const, 'sms' as const),
  }),
  fc.record({ op: fc.constant('merge' as const), survivor: index, merged: index }),
  fc.record({ op: fc.constant('merge' as const), survivor: index, merged: index }),
  fc.record({ op: fc.constant('reattach' as const), interaction: index, contact: index }),
  fc.record({ op: fc.constant('promote' as const), contact: index }),
);
/** Batches of commands; the commands of one batch run concurrently. */
const batches = fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });

describeEachStore('merges, re-attaches, promotions and events in any order, concurrently', (store) => {
  let interactionCounter = 0;

  async function ids(db: Db, table: 'contacts' | 'interactions'): Promise<string[]> {
    return (await db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);
  }

  async function run(db: Db, c: Command, sent: { identifiers: Identifier[]; interactions: number; merges: number }) {
    const pick = (list: string[], i: number) => list[i % Math.max(1, list.length)];
    switch (c.op) {
      case 'event': {
        const contact = { ...(c.phone !== undefined && { phone: PHONES[c.phone] }), ...(c.email !== undefined && { email: EMAILS[c.email] }) };
        if (!contact.phone && !contact.email) contact.phone = PHONES[0];
        sent.identifiers.push(...normalizeIdentifiers(contact, 'US'));
        sent.interactions++;
        return ingest(db, anInteractionEvent('interaction.started', { interactionId: `p-${++interactionCounter}`, channel: c.channel, contact }));
      }
      case 'merge': {
        const contacts = await ids(db, 'contacts');
        const [survivor, merged] = [pick(contacts, c.survivor), pick(contacts, c.merged)];
        if (!survivor || !merged) return;
        await mergeCards(db, ACTOR, survivor, merged);
        sent.merges++;
        return;
      }
      case 'reattach': {
        const [interaction, contact] = [pick(await ids(db, 'interactions'), c.interaction), pick(await ids(db, 'contacts'), c.contact)];
        if (interaction && contact) await reattachInteraction(db, interaction, contact);
        return;
      }
      case 'promote': {
        const contact = pick(await ids(db, 'contacts'), c.contact);
        if (contact) await promoteContact(db, contact);
      }
    }
  }

  it('keeps every identifier resolving to a canonical card, loses nothing, and never makes an alias cycle', async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (plan) => {
        const db = store();
        await db.exec('TRUNCATE merges, contact_identifiers, messages, web_visits, events, interactions, contacts CASCADE');
        const sent = { identifiers: [] as Identifier[], interactions: 0, merges: 0 };
        for (const batch of plan) {
          const outcomes = await Promise.allSettled(batch.map((c) => run(db, c, sent)));
          for (const outcome of outcomes) {
            // Refusals (merge into itself, of an alias, …) are expected; anything else is a bug.
            if (outcome.status === 'rejected' && !(outcome.reason instanceof DomainError)) throw outcome.reason;
          }
        }

        const chains = await db.query('SELECT a.id FROM contacts a JOIN contacts b ON b.id = a.alias_of WHERE b.alias_of IS NOT NULL');
        expect(chains).toEqual([]); // an alias always points at a canonical card: no chains, no cycles

        for (const identifier of sent.identifiers) {
          const holders = await contactsHolding(db, identifier);
          expect(holders.length).toBeGreaterThanOrEqual(1);
          const [first] = await db.query<{ alias_of: string | null }>('SELECT alias_of FROM contacts WHERE id = $1', [holders[0]!.id]);
          expect(first!.alias_of).toBeNull();
        }

        const [counts] = await db.query<{ interactions: number; unattached: number; merges: number }>(
          `SELECT (SELECT count(*)::int FROM interactions) AS interactions,
                  (SELECT count(*)::int FROM interactions WHERE contact_id IS NULL) AS unattached,
                  (SELECT count(*)::int FROM merges) AS merges`,
        );
        expect(counts).toEqual({ interactions: sent.interactions, unattached: 0, merges: sent.merges });
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
