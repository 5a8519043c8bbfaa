import { performance } from 'node:perf_hooks';
import { startApp } from '../../test/support/app-server';
import { benchStores, percentile, seedContacts, type BenchStore } from './stores';

const CONTACTS = 100_000;
const SMALL = 100;
const REQUESTS = 1000;

/** GET /api/interactions/:id over HTTP: p50 / p99 at 100,000 contacts, and against a store of 100. */
export async function benchCardApi(): Promise<string[]> {
  const lines = [`card API: ${REQUESTS} sequential GET /api/interactions/:id over loopback HTTP, ${CONTACTS} vs ${SMALL} contacts`];
  for (const store of benchStores()) {
    const large = await measure(store.open, CONTACTS);
    const small = await measure(store.open, SMALL);
    lines.push(
      `  ${store.name.padEnd(8)} p50 ${large.p50.toFixed(2)} ms  p99 ${large.p99.toFixed(2)} ms (target < 20)   ` +
        `p99 ratio to ${SMALL} contacts ${(large.p99 / small.p99).toFixed(2)}`,
    );
  }
  return lines;
}

async function measure(open: BenchStore['open'], n: number) {
  const { db, done } = await open();
  const app = await startApp(db);
  try {
    await seedContacts(db, n);
    const get = (k: number) => fetch(`${app.baseUrl}/api/interactions/bench-call-${1 + ((k * 7919) % n)}`).then((r) => r.arrayBuffer());
    for (let k = 0; k < 100; k++) await get(k); // warm-up
    const times: number[] = [];
    for (let k = 0; k < REQUESTS; k++) {
      const started = performance.now();
      await get(k);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p99: percentile(times, 99) };
  } finally {
    await app.close();
    await done();
  }
}
