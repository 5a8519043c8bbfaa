import fc from 'fast-check';
import { anInteractionEvent, ingest } from '../../../test/support/events';
import { storeState } from '../../../test/support/store-state';
import { describeEachStore } from '../../../test/support/stores';
import type { Db } from '../../store/db';
import { PERMISSIONS, type Actor } from '../access/permissions';
import { contactsHolding } from '../contacts/contacts-store';
import { promoteContact } from '../contacts/promote';
import { DomainError } from '../errors';
import { normalizeIdentifiers, type Identifier } from '../identity/identifiers';
import { reattachInteraction } from '../identity/reattach';
import { insertNote } from '../notes/notes-store';
import { mergeCards } from './merge-cards';
import { mergeMany } from './merge-many';
import { undoMerge } from './undo-merge';

const ACTOR: Actor = { id: 'property', name: 'Property test', permissions: new Set(PERMISSIONS) };

/** A small pool of identifiers, so that random events collide on them. */
const PHONES = ['+1 803 555 0100', '(803) 555-0101', '803.555.0102'];
const EMAILS = ['Ed@Norland.example', 'lucy@steele.example', 'm@barton.example'];

type Command =
  | { op: 'event'; phone?: number; email?: number; channel: 'voice' | 'email' | 'sms' }
  | { op: 'merge'; survivor: number; merged: number }
  | { op: 'undo'; merge: number }
  | { op: 'note'; contact: number }
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
  fc.record({ op: fc.constant('undo' as const), merge: index }),
  fc.record({ op: fc.constant('note' as const), contact: index }),
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

  async function run(db: Db, c: Command, sent: { identifiers: Identifier[]; interactions: number; merges: number; notes: number }) {
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
      case 'undo': {
        const merges = (await db.query<{ id: string }>('SELECT id FROM merges WHERE undone_at IS NULL ORDER BY seq')).map((r) => r.id);
        const merge = pick(merges, c.merge);
        if (merge) await undoMerge(db, ACTOR, merge);
        return;
      }
      case 'note': {
        const contact = pick(await ids(db, 'contacts'), c.contact);
        if (!contact) return;
        await insertNote(db, { contactId: contact, authorId: ACTOR.id, authorName: ACTOR.name, text: `note ${sent.notes++}` });
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

  it('keeps every identifier resolving to a canonical card, loses nothing, and never makes an alias cycle, whatever is merged and undone', async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (plan) => {
        const db = store();
        await db.exec('TRUNCATE merges, contact_identifiers, messages, web_visits, events, interactions, contacts CASCADE');
        const sent = { identifiers: [] as Identifier[], interactions: 0, merges: 0, notes: 0 };
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

        const [counts] = await db.query<{ interactions: number; unattached: number; merges: number; notes: number }>(
          `SELECT (SELECT count(*)::int FROM interactions) AS interactions,
                  (SELECT count(*)::int FROM interactions WHERE contact_id IS NULL) AS unattached,
                  (SELECT count(*)::int FROM merges) AS merges,
                  (SELECT count(DISTINCT body)::int FROM notes) AS notes`,
        );
        expect(counts).toEqual({ interactions: sent.interactions, unattached: 0, merges: sent.merges, notes: sent.notes });
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('undoing every merge in reverse order gives back the cards exactly as they were, however the merges ran concurrently', async () => {
    // Two cards at a time, or several at once (MERGE-7), keeping values from the first merged card or not.
    const merge = fc.record({ survivor: index, merged: fc.array(index, { minLength: 1, maxLength: 3 }), keepMerged: fc.boolean() });
    const setup = fc.array(fc.record({ phone: fc.nat({ max: 5 }), email: fc.nat({ max: 5 }), name: fc.constantFrom('Ed Ferrars', 'Edward Ferrars', 'Lucy Steele') }), { minLength: 2, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(setup, fc.array(fc.array(merge, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), async (people, plan) => {
        const db = store();
        await db.exec('TRUNCATE merges, notes, contact_identifiers, messages, web_visits, events, interactions, contacts CASCADE');
        for (const [n, person] of people.entries()) {
          const contact = { name: person.name, fields: { tier: `tier ${n}` }, phone: `+1 803 555 01${10 + person.phone}`, email: `p${person.email}@norland.example` };
          await ingest(db, anInteractionEvent('interaction.started', { interactionId: `r-${n}`, channel: n % 2 ? 'email' : 'voice', contact }));
        }
        for (const id of await ids(db, 'contacts')) await insertNote(db, { contactId: id, authorId: ACTOR.id, authorName: ACTOR.name, text: `on ${id}` });
        const original = await storeState(db);

        for (const batch of plan) {
          const contacts = await ids(db, 'contacts');
          const outcomes = await Promise.allSettled(batch.map((m) => {
            const [survivor, ...merged] = [m.survivor, ...m.merged].map((n) => contacts[n % contacts.length]!);
            if (merged.length === 1) return mergeCards(db, ACTOR, survivor!, merged[0]!, m.keepMerged ? { name: 'merged', 'fields.tier': 'merged' } : {});
            return mergeMany(db, ACTOR, survivor!, merged, m.keepMerged ? { name: merged[0]!, 'fields.tier': merged[0]! } : {});
          }));
          for (const outcome of outcomes) if (outcome.status === 'rejected' && !(outcome.reason instanceof DomainError)) throw outcome.reason;
        }
        // Newest first; a merge of a several-card action is undone with the first of its action met.
        const merges = await db.query<{ id: string }>('SELECT id FROM merges ORDER BY seq DESC');
        for (const { id } of merges) {
          const [row] = await db.query<{ undone_at: Date | null }>('SELECT undone_at FROM merges WHERE id = $1', [id]);
          if (!row!.undone_at) await undoMerge(db, ACTOR, id);
        }
        expect(await storeState(db)).toEqual(original);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
