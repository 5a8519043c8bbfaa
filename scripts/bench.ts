/**
 * `npm run bench`: costs that must not grow with the size of the store, reported as ratios measured
 * in one run (absolute times depend on the machine; the ratios should not).
 *
 *   resolution  ingesting interaction.started events that resolve by phone to existing contacts,
 *               in a store of SMALL contacts versus one of LARGE contacts.
 *
 * Runs on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ContactCenterEventSchema } from '../src/ingestion/event';
import { ingestEvent } from '../src/ingestion/ingest';
import type { Db } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { openPglite } from '../src/store/pglite';
import { openPostgres } from '../src/store/postgres';
import { createFreshDatabase } from '../test/support/stores';

const SMALL = 100;
const LARGE = 50_000;
const EVENTS = 300;
const ctx = { defaultPhoneRegion: 'US', log: pino({ level: 'silent' }) };

/** n contacts, each with its own phone number +1 803 55x xxxx. */
async function seedContacts(db: Db, n: number): Promise<void> {
  await db.exec(`
    WITH made AS (
      INSERT INTO contacts (type, name, created_at)
      SELECT 'identified', 'Contact ' || g, now() - make_interval(secs => g) FROM generate_series(1, ${n}) g
      RETURNING id, name
    )
    INSERT INTO contact_identifiers (kind, value, contact_id)
    SELECT 'phone', '+1803' || lpad((5500000 + substring(name from 9)::int)::text, 7, '0'), id FROM made;
    ANALYZE contacts; ANALYZE contact_identifiers;`);
}

async function timeIngest(db: Db, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const k = 1 + ((i * 7919) % n);
    const payload = {
      id: `bench_${n}_${i}`,
      type: 'interaction.started',
      occurredAt: new Date().toISOString(),
      interaction: { id: `bench_int_${n}_${i}`, channel: 'voice', division: 'bench', contact: { phone: `+1803${String(5500000 + k).padStart(7, '0')}` } },
    };
    await ingestEvent(db, ContactCenterEventSchema.parse(payload), payload, ctx);
  }
  return (performance.now() - started) / EVENTS;
}

async function measure(open: () => Promise<{ db: Db; done: () => Promise<void> }>, n: number): Promise<number> {
  const { db, done } = await open();
  try {
    await migrate(db);
    await seedContacts(db, n);
    await timeIngest(db, Math.min(n, 50)); // warm up caches and plans
    return await timeIngest(db, n);
  } finally {
    await done();
  }
}

const stores: Array<[string, () => Promise<{ db: Db; done: () => Promise<void> }>]> = [
  ['pglite', async () => {
    const db = await openPglite();
    return { db, done: () => db.close() };
  }],
];
if (process.env.TEST_DATABASE_URL) {
  stores.push(['postgres', async () => {
    const fresh = await createFreshDatabase(process.env.TEST_DATABASE_URL!);
    const db = await openPostgres(fresh.url);
    return { db, done: async () => { await db.close(); await fresh.drop(); } };
  }]);
}

async function main(): Promise<void> {
  console.log(`resolution: ${EVENTS} interaction.started events resolving by phone, store of ${SMALL} vs ${LARGE} contacts`);
  for (const [name, open] of stores) {
    const small = await measure(open, SMALL);
    const large = await measure(open, LARGE);
    console.log(`  ${name.padEnd(8)} ${small.toFixed(2)} ms/event vs ${large.toFixed(2)} ms/event  ratio ${(large / small).toFixed(2)}`);
  }
}

void main();
