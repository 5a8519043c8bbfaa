import fc from 'fast-check';
import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openPostgres } from '../../src/store/postgres';
import { callApi } from '../support/api';
import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { createFreshDatabase } from '../support/stores';

const DATABASE_URL = process.env.TEST_DATABASE_URL;
if (!DATABASE_URL) console.warn('merge-concurrency: skipped, it needs PostgreSQL (set TEST_DATABASE_URL)');

/**
 * Each round adds this many families — a head card with cards already merged into it — and merges
 * the heads in a ring (A←B, B←C, … L←A), all at once, together with random pairs naming cards
 * already merged: an alias with its own head (either way round; the pattern that deadlocked when a
 * merge locked the merged card's aliases out of order), and any two cards of any round.
 */
const FAMILIES = 12;
const FAMILY_SIZE = 3;
const ALIAS_AND_HEAD_PAIRS = 16;
const ANY_PAIRS = 8;
const ROUNDS = 4;

interface Card {
  id: string;
  interactionId: string;
  phone: string;
  email: string;
}

interface Answer {
  survivor: string;
  merged: string;
  status: number;
  contentType: string | null;
  detail?: string;
}

// PGlite has one connection: its transactions never overlap. Races need PostgreSQL and a pool.
(DATABASE_URL ? describe : describe.skip)('overlapping merges on PostgreSQL', () => {
  let drop: () => Promise<void>;
  let db: Db;
  let app: RunningApp;
  beforeAll(async () => {
    const database = await createFreshDatabase(DATABASE_URL!);
    drop = database.drop;
    db = await openPostgres(database.url); // a pool of 10 connections
    await migrate(db);
    app = await startApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop?.();
  });

  /** Cards made as events make them: one interaction each, with a phone number and an e-mail address of their own. */
  async function newCard(n: number): Promise<Card> {
    const card = { interactionId: `race-${n}`, phone: `+1803555${String(1000 + n)}`, email: `card-${n}@race.example` };
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: card.interactionId, contact: { name: `Card ${n}`, phone: card.phone, email: card.email } }));
    return { ...card, id: (await contactOf(db, card.interactionId))! };
  }

  /** A head card and the cards merged into it one after the other, before the race. */
  const familyMerges: Array<[string, string]> = [];
  async function newFamily(first: number): Promise<Card[]> {
    const family: Card[] = [];
    for (let i = 0; i < FAMILY_SIZE; i++) family.push(await newCard(first + i));
    for (const alias of family.slice(1)) {
      expect((await merge([family[0]!.id, alias.id])).status).toBe(200);
      familyMerges.push([family[0]!.id, alias.id]);
    }
    return family;
  }

  async function merge([survivor, merged]: [string, string]): Promise<Answer> {
    const response = await callApi(app.baseUrl, undefined, 'POST', `/contacts/${survivor}/merge`, { contactId: merged });
    const body = (await response.json()) as { detail?: string };
    return { survivor, merged, status: response.status, contentType: response.headers.get('content-type'), detail: body.detail };
  }

  it('each answer 200 or a 409 problem saying why, and leave every card resolving to one canonical card', async () => {
    const cards: Card[] = [];
    const answers: Answer[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const heads: Card[] = [];
      for (let f = 0; f < FAMILIES; f++) {
        const family = await newFamily(cards.length);
        cards.push(...family);
        heads.push(family[0]!);
      }
      const ring = heads.map((head, i): [string, string] => [head.id, heads[(i + 1) % FAMILIES]!.id]);
      const fresh = cards.slice(-FAMILIES * FAMILY_SIZE);
      const aliasAndHead = fc.tuple(fc.nat(fresh.length - 1), fc.boolean()).filter(([i]) => i % FAMILY_SIZE !== 0);
      const aliasesAndHeads = fc.sample(aliasAndHead, { seed: round, numRuns: ALIAS_AND_HEAD_PAIRS }).map(([i, flip]): [string, string] => {
        const [alias, head] = [fresh[i]!.id, fresh[i - (i % FAMILY_SIZE)]!.id];
        return flip ? [alias, head] : [head, alias];
      });
      const anyTwo = fc.tuple(fc.nat(cards.length - 1), fc.nat(cards.length - 1)).filter(([a, b]) => a !== b);
      const anyPairs = fc.sample(anyTwo, { seed: round, numRuns: ANY_PAIRS }).map(([a, b]): [string, string] => [cards[a]!.id, cards[b]!.id]);
      const all = [...ring, ...aliasesAndHeads, ...anyPairs];
      const [shuffled] = fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { seed: round, numRuns: 1 });
      answers.push(...(await Promise.all(shuffled!.map(merge))));
    }

    const merged = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    console.info(`merge-concurrency: ${answers.length} merges attempted, ${merged.length} merged (200), ${refused.length} refused (409), ${answers.length - merged.length - refused.length} other`);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 409)).toEqual([]);
    expect(merged.length).toBeGreaterThanOrEqual(ROUNDS); // the races were real: some merges won …
    expect(refused.length).toBeGreaterThanOrEqual(ROUNDS); // … and some found their cards merged already
    for (const answer of refused) {
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.detail).toMatch(/merged into/);
    }

    // The audit agrees with the answers: one row per 200 (families' merges included), no card merged twice.
    const audit = await db.query<{ survivor_id: string; alias_id: string }>('SELECT survivor_id, alias_id FROM merges');
    const pairs = (rows: Array<[string, string]>) => rows.map(([s, m]) => `${m}→${s}`).sort();
    expect(pairs(audit.map((r) => [r.survivor_id, r.alias_id]))).toEqual(pairs([...familyMerges, ...merged.map((a): [string, string] => [a.survivor, a.merged])]));
    const survivorOf = new Map(audit.map((r) => [r.alias_id, r.survivor_id]));
    expect(survivorOf.size).toBe(audit.length);

    // Following the audit from any card reaches the card it resolves to: the store agrees with it.
    const canonicalByAudit = (id: string): string => {
      for (let hops = 0; survivorOf.has(id); hops++) {
        if (hops > cards.length) throw new Error(`the merges audit has a cycle through ${id}`);
        id = survivorOf.get(id)!;
      }
      return id;
    };
    const contacts = await db.query<{ id: string; alias_of: string | null }>('SELECT id, alias_of FROM contacts');
    expect(contacts).toHaveLength(cards.length);
    expect(contacts.map((c) => [c.id, c.alias_of ?? c.id])).toEqual(contacts.map((c) => [c.id, canonicalByAudit(c.id)]));
    const aliasOfAlias = await db.query('SELECT a.id FROM contacts a JOIN contacts b ON b.id = a.alias_of WHERE b.alias_of IS NOT NULL');
    expect(aliasOfAlias).toEqual([]); // an alias points at a canonical card: no chain, so no cycle

    // Every identifier and interaction resolves, through the API, to exactly that one card.
    const resolved: Array<[string, unknown]> = [];
    for (const card of cards) {
      for (const query of [`phone=${encodeURIComponent(card.phone)}`, `email=${encodeURIComponent(card.email)}`]) {
        const lookup = (await (await callApi(app.baseUrl, undefined, 'GET', `/lookup?${query}`)).json()) as { matches: Array<{ id: string }> };
        resolved.push([query, lookup.matches.map((m) => m.id)]);
      }
      const shown = (await (await callApi(app.baseUrl, undefined, 'GET', `/interactions/${card.interactionId}`)).json()) as { card: { contact: { id: string } } };
      resolved.push([card.interactionId, [shown.card.contact.id]]);
    }
    const expected = cards.flatMap((card): Array<[string, unknown]> => [
      [`phone=${encodeURIComponent(card.phone)}`, [canonicalByAudit(card.id)]],
      [`email=${encodeURIComponent(card.email)}`, [canonicalByAudit(card.id)]],
      [card.interactionId, [canonicalByAudit(card.id)]],
    ]);
    expect(resolved).toEqual(expected);
  }, 120_000);
});
