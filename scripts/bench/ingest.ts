import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import { migrate } from '../../src/store/migrate';
import type { Db } from '../../src/store/db';
import { TEST_EVENTS_SECRET } from '../../test/support/app-server';
import { killHard, startAppProcess, stopGracefully, type AppProcess } from '../../test/support/app-process';
import { createFreshDatabase } from '../../test/support/stores';
import { waitUntil } from '../../test/support/wait';
import { sendEvents, type LoadResult } from './event-load';
import { percentile, seedContacts } from './stores';

const CONCURRENCY = 16;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 15);
const KNOWN_CONTACTS = 100_000;

/**
 * Ingest on PostgreSQL: signed events through `POST /api/events` at concurrency 16 against the
 * app as `npm start` runs it (1, 2 and 3 instances on one PostgreSQL), as a ratio to what pgbench
 * does inserting one row per transaction at the same concurrency on the same server in the same
 * run — the floor "stored durably before 202" allows. Apply lag: 202 → the event applied. Then the
 * same on the embedded store (PGlite), which has no pgbench to compare with.
 * BENCH_INGEST_SECONDS and BENCH_INGEST_INSTANCES (e.g. "1") shorten a run; BENCH_CPU_PROFILE=<dir>
 * writes the app's CPU profiles there (what to look at before optimising).
 */
export async function benchIngest(): Promise<string[]> {
  const url = process.env.TEST_DATABASE_URL;
  const embedded = await ingestOnPglite();
  const pgliteLine =
    `  PGlite (embedded): ${embedded.perSecond.toFixed(0)} accepted/s; 202 p50 ${embedded.p50.toFixed(1)} ms p99 ${embedded.p99.toFixed(1)} ms; ` +
    `apply lag p50 ${embedded.lagP50.toFixed(0)} ms p99 ${embedded.lagP99.toFixed(0)} ms`;
  if (!url) return ['ingest: PostgreSQL skipped (needs TEST_DATABASE_URL and pgbench)', pgliteLine];
  const lines = [`ingest (postgres): signed events at concurrency ${CONCURRENCY} for ${SECONDS} s; chat conversations of started, 8 messages, ended`];
  const floor = await pgbenchSingleRowInserts(url);
  lines.push(`  pgbench, one-row INSERT per transaction, ${CONCURRENCY} clients: ${floor.toFixed(0)} tps`);
  for (const instances of (process.env.BENCH_INGEST_INSTANCES ?? '1,2,3').split(',').map(Number)) {
    const run = await ingestRun(url, instances);
    lines.push(
      `  ${instances} instance${instances > 1 ? 's' : ' '}: ${run.perSecond.toFixed(0)} accepted/s = ${(run.perSecond / floor).toFixed(3)} of pgbench (goal ≥ 0.25); ` +
        `202 p50 ${run.p50.toFixed(1)} ms p99 ${run.p99.toFixed(1)} ms; apply lag p50 ${run.lagP50.toFixed(0)} ms p99 ${run.lagP99.toFixed(0)} ms (goal < 1000)` +
        (run.refused ? `; refused ${run.refused}` : ''),
    );
  }
  lines.push(pgliteLine);
  return lines;
}

/**
 * The embedded store is locked by the app while it runs, so the lags are read after it stopped
 * (gracefully: the batches being applied finish). Known contacts as on PostgreSQL.
 */
async function ingestOnPglite() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
  const seeding = await openPglite(path.join(dataDir, 'pglite'));
  await migrate(seeding);
  await seedContacts(seeding, KNOWN_CONTACTS);
  await seeding.close();
  const app = await startAppProcess({ DATA_DIR: dataDir, DATABASE_URL: '', EVENTS_RATE_LIMIT_PER_SECOND: '1000000' }, process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []);
  const load = await sendEvents({ baseUrls: [app.baseUrl], secret: TEST_EVENTS_SECRET, concurrency: CONCURRENCY, seconds: SECONDS, knownContacts: KNOWN_CONTACTS });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // what was accepted last is applied
  await stopGracefully(app.child);
  const db = await openPglite(path.join(dataDir, 'pglite'));
  try {
    const lags = await applyLags(db, load, { wait: false });
    const [pending] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE applied_at IS NULL');
    if (pending!.n > 0) throw new Error(`${pending!.n} events were still pending 2 s after the load`);
    return { perSecond: load.accepted / load.seconds, p50: percentile(load.latenciesMs, 50), p99: percentile(load.latenciesMs, 99), lagP50: percentile(lags, 50), lagP99: percentile(lags, 99) };
  } finally {
    await db.close();
  }
}

async function ingestRun(url: string, instances: number) {
  const fresh = await createFreshDatabase(url);
  const db = await openPostgres(fresh.url);
  const apps: AppProcess[] = [];
  try {
    await migrate(db);
    await seedContacts(db, KNOWN_CONTACTS);
    const env = { DATABASE_URL: fresh.url, EVENTS_RATE_LIMIT_PER_SECOND: '1000000' };
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
    for (let i = 0; i < instances; i++) apps.push(await startAppProcess(env, profile));
    const load = await sendEvents({
      baseUrls: apps.map((a) => a.baseUrl),
      secret: TEST_EVENTS_SECRET,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      knownContacts: KNOWN_CONTACTS,
    });
    const lags = await applyLags(db, load);
    return {
      perSecond: load.accepted / load.seconds,
      p50: percentile(load.latenciesMs, 50),
      p99: percentile(load.latenciesMs, 99),
      lagP50: percentile(lags, 50),
      lagP99: percentile(lags, 99),
      refused: [...load.refused].map(([status, n]) => `${n} × ${status}`).join(', '),
    };
  } finally {
    for (const app of apps) await (process.env.BENCH_CPU_PROFILE ? stopGracefully(app.child) : killHard(app.child));
    await db.close();
    await fresh.drop();
  }
}

/** 202 → applied, per accepted event, once every accepted event is applied. */
async function applyLags(db: Db, load: LoadResult, { wait = true } = {}): Promise<number[]> {
  if (wait) await waitUntil(async () => {
    const [row] = await db.query<{ pending: number }>('SELECT count(*)::int AS pending FROM events WHERE applied_at IS NULL');
    return row!.pending === 0;
  }, 300_000);
  const rows = await db.query<{ id: string; applied: number }>(
    'SELECT id, extract(epoch FROM applied_at) * 1000 AS applied FROM events WHERE id = ANY($1)',
    [[...load.acceptedAt.keys()]],
  );
  return rows.map((r) => Math.max(0, Number(r.applied) - load.acceptedAt.get(r.id)!)).sort((a, b) => a - b);
}

/** pgbench inserting one row per transaction into a table shaped like the inbox's payload column. */
async function pgbenchSingleRowInserts(url: string): Promise<number> {
  const fresh = await createFreshDatabase(url);
  try {
    const db = await openPostgres(fresh.url);
    await db.exec(`CREATE TABLE pgbench_inbox (seq bigserial PRIMARY KEY, payload jsonb NOT NULL)`);
    await db.close();
    const script = path.join(tmpdir(), 'bench-one-row.sql');
    writeFileSync(script, `INSERT INTO pgbench_inbox (payload) VALUES ('{"type":"interaction.message","text":"Hello"}');\n`);
    const output = await run('pgbench', ['-n', '-c', String(CONCURRENCY), '-j', '2', '-T', '10', '-f', script, fresh.url]);
    const tps = /tps = ([\d.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
    return Number(tps[1]);
  } finally {
    await fresh.drop();
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}:\n${output}`))));
  });
}
