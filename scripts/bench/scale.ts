import { randomUUID } from 'node:crypto';
import { INTERACTION_CHANGED_CHANNEL } from '../../src/domain/changes';
import { migrate } from '../../src/store/migrate';
import { openPostgres } from '../../src/store/postgres';
import { TEST_EVENTS_SECRET } from '../../test/support/app-server';
import { killHard, startAppProcess } from '../../test/support/app-process';
import { createFreshDatabase } from '../../test/support/stores';
import { postEvent } from '../../test/support/webhook-client';
import { sendEvents } from './event-load';
import { benchContactId, benchEmail, benchName, benchPhone, percentile, seedContacts, seedNewNames } from './stores';

const SMALL = 1_000;
const INGEST_SECONDS = 20;
const WARM_UP_MS = 3_000;
const CONCURRENCY = 16;
/** The steady rate agents are also measured beside: a busy contact centre, with headroom left on this machine. */
const STEADY_PER_SECOND = 1_000;
/** New customers' cards beside the seeded ones, for the duplicate suggestions of a name nobody else has. */
const NEW_CUSTOMERS = 1_000;

/**
 * What agents wait for at contact-centre size, while events stream in: a store of `contacts`
 * contacts (three identifiers and one interaction each) against one of 1,000, each measured while
 * signed events arrive at the webhook at its full rate (concurrency 16, as in the ingest bench: the
 * machine saturated), then at a steady 1,000 events/s. Measured beside that load, one request at a
 * time as an agent makes them:
 * - card: `GET /api/interactions/:id` of a stored interaction;
 * - resolved: an `interaction.started` for a known phone posted → the interaction applied (its
 *   NOTIFY) → its card read with the contact it resolved to;
 * - duplicates: `GET /api/contacts/:id/duplicates` (shared identifiers and similar names) of a seeded
 *   card, whose name ~1 in 12,000 cards shares;
 * - new customer: the same for a card created now with a name no other card has, the commonest case;
 * - search: `GET /api/contacts?q=` as agents type it, in turn a full name, a surname (one card in 50
 *   bears it), a phone number in national format and an e-mail address.
 */
export async function benchScale(contacts: number): Promise<string[]> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return ['scale: skipped (needs TEST_DATABASE_URL)'];
  const lines = [
    `scale (postgres): ${contacts.toLocaleString('en')} contacts (${(3 * contacts).toLocaleString('en')} identifiers) vs ${SMALL.toLocaleString('en')}, ` +
      `measured while signed events stream in at concurrency ${CONCURRENCY}`,
  ];
  const small = await measureAt(url, SMALL);
  const large = await measureAt(url, contacts);
  for (const load of ['full', 'steady'] as const) {
    const [s, l] = [small[load], large[load]];
    lines.push(
      load === 'full'
        ? `  events at the webhook's full rate (${l.ingestPerSecond.toFixed(0)} events/s at ${contacts.toLocaleString('en')}, ${s.ingestPerSecond.toFixed(0)} at ${SMALL.toLocaleString('en')}; the machine saturated):`
        : `  events at a steady ${STEADY_PER_SECOND.toLocaleString('en')}/s:`,
    );
    for (const [name, a, b, goal] of [
      ['card API', s.card, l.card, 'p99 < 20 ms, '],
      ['event → card resolved', s.resolved, l.resolved, 'p99 < 30 ms, '],
      ['duplicate suggestions', s.duplicates, l.duplicates, ''],
      ['  … of a new customer', s.newCustomer, l.newCustomer, ''],
      ['card search', s.search, l.search, ''],
    ] as const) {
      lines.push(
        `    ${name.padEnd(22)} p50 ${b.p50.toFixed(1)} ms p99 ${b.p99.toFixed(1)} ms at ${contacts.toLocaleString('en')}` +
          ` vs p99 ${a.p99.toFixed(1)} ms at ${SMALL.toLocaleString('en')}: growth ×${(b.p99 / a.p99).toFixed(2)} (goal ${goal}≤ 1.5)`,
      );
    }
  }
  lines.push(`  seeding ${contacts.toLocaleString('en')} contacts took ${(large.seedMs / 1000).toFixed(0)} s`);
  return lines;
}

interface Figures {
  p50: number;
  p99: number;
}

async function measureAt(adminUrl: string, contacts: number) {
  const fresh = await createFreshDatabase(adminUrl);
  const db = await openPostgres(fresh.url);
  const app = { child: null as null | Awaited<ReturnType<typeof startAppProcess>>['child'] };
  try {
    await migrate(db);
    const seeding = performance.now();
    await seedContacts(db, contacts);
    const seedMs = performance.now() - seeding;
    const newCustomers = await seedNewNames(db, contacts, NEW_CUSTOMERS);
    const started = await startAppProcess({ DATABASE_URL: fresh.url, EVENTS_RATE_LIMIT_PER_SECOND: '1000000' });
    app.child = started.child;
    started.child.once('exit', (code, signal) => signal !== 'SIGKILL' && console.error(`the app exited (${code ?? signal}):\n${started.output()}`));
    const baseUrl = started.baseUrl;

    const applied = new Map<string, () => void>();
    const unlisten = await db.listen(INTERACTION_CHANGED_CHANNEL, (id) => applied.get(id)?.());
    const probe = { baseUrl, contacts, newCustomers, applied };
    const full = await beside(probe, undefined);
    const steady = await beside(probe, STEADY_PER_SECOND);
    await unlisten();
    return { full, steady, seedMs };
  } finally {
    if (app.child) await killHard(app.child);
    await db.close();
    await fresh.drop();
  }
}

interface Probe {
  baseUrl: string;
  contacts: number;
  newCustomers: string[];
  /** Resolvers for interactions awaited, called on their NOTIFY. */
  applied: Map<string, () => void>;
}

/** The three measures, one request at a time each, while events arrive (at `perSecond`, or as fast as they are answered). */
async function beside({ baseUrl, contacts, newCustomers, applied }: Probe, perSecond: number | undefined) {
  const load = sendEvents({ baseUrls: [baseUrl], secret: TEST_EVENTS_SECRET, concurrency: CONCURRENCY, seconds: INGEST_SECONDS, knownContacts: contacts, perSecond });
  load.catch(() => undefined); // awaited below; a probe failing first must not make it an unhandled rejection
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const until = performance.now() + (INGEST_SECONDS - 2) * 1000 - WARM_UP_MS;
  const pick = () => 1 + Math.floor(Math.random() * contacts);
  const timed = async (times: number[], work: () => Promise<void>) => {
    while (performance.now() < until) {
      const at = performance.now();
      await work();
      times.push(performance.now() - at);
    }
  };
  const card: number[] = [];
  const resolved: number[] = [];
  const duplicates: number[] = [];
  const newCustomer: number[] = [];
  const search: number[] = [];
  let searches = 0;
  const searchText = (k: number) => {
    const national = benchPhone(k).slice(2);
    return [benchName(k), benchName(k).split(' ').at(-1)!, `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, benchEmail(k)][searches++ % 4]!;
  };
  await Promise.all([
    timed(card, async () => {
      await expectOk(await fetch(`${baseUrl}/api/interactions/bench-call-${pick()}`));
    }),
    timed(resolved, async () => {
      const k = pick();
      const id = `probe-${randomUUID()}`;
      const done = new Promise<void>((resolve) => applied.set(id, resolve));
      const event = { id: `evt_${randomUUID()}`, type: 'interaction.started', occurredAt: new Date().toISOString(), interaction: { id, channel: 'voice', division: 'support-emea', contact: { phone: benchPhone(k) } } };
      await expectOk(await postEvent(baseUrl, event));
      await done;
      applied.delete(id);
      const body = (await (await expectOk(await fetch(`${baseUrl}/api/interactions/${id}`))).json()) as { card: { contact: { id: string } } | null };
      if (body.card?.contact.id !== benchContactId(k)) throw new Error(`${id} resolved to ${JSON.stringify(body.card?.contact.id)}, not contact ${k}`);
    }),
    timed(duplicates, async () => {
      await expectOk(await fetch(`${baseUrl}/api/contacts/${benchContactId(pick())}/duplicates`));
    }),
    timed(search, async () => {
      await expectOk(await fetch(`${baseUrl}/api/contacts?q=${encodeURIComponent(searchText(pick()))}`));
    }),
    timed(newCustomer, async () => {
      await expectOk(await fetch(`${baseUrl}/api/contacts/${newCustomers[Math.floor(Math.random() * newCustomers.length)]}/duplicates`));
    }),
  ]);
  const ingest = await load;
  return { card: figures(card), resolved: figures(resolved), duplicates: figures(duplicates), newCustomer: figures(newCustomer), search: figures(search), ingestPerSecond: ingest.accepted / ingest.seconds };
}

async function expectOk(response: Response): Promise<Response> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return response;
}

function figures(times: number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
