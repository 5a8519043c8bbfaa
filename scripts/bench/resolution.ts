import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ContactCenterEventSchema } from '../../src/ingestion/event';
import { ingestEvent } from '../../src/ingestion/ingest';
import { defaultPhoneRegionSetting } from '../../src/settings/app-settings';
import type { Db } from '../../src/store/db';
import { benchPhone, benchStores, seedContacts, type BenchStore } from './stores';

const SMALL = 100;
const LARGE = 50_000;
const EVENTS = 300;
const ctx = { defaultPhoneRegion: defaultPhoneRegionSetting('US'), log: pino({ level: 'silent' }) };

/** Identity resolution must not slow down as contacts accumulate. */
export async function benchResolution(): Promise<string[]> {
  const lines = [`resolution: ${EVENTS} interaction.started events resolving by phone, store of ${LARGE} vs ${SMALL} contacts`];
  for (const store of benchStores()) {
    const small = await measure(store.open, SMALL);
    const large = await measure(store.open, LARGE);
    lines.push(`  ${store.name.padEnd(8)} ${large.toFixed(2)} vs ${small.toFixed(2)} ms/event   ratio ${(large / small).toFixed(2)}`);
  }
  return lines;
}

async function measure(open: BenchStore['open'], n: number): Promise<number> {
  const { db, done } = await open();
  try {
    await seedContacts(db, n);
    await ingestStarts(db, n, 'warm', Math.min(n, 50)); // warm up caches and plans
    const started = performance.now();
    await ingestStarts(db, n, 'run', EVENTS);
    return (performance.now() - started) / EVENTS;
  } finally {
    await done();
  }
}

async function ingestStarts(db: Db, n: number, tag: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const payload = {
      id: `bench_${tag}_${i}`,
      type: 'interaction.started',
      occurredAt: new Date().toISOString(),
      interaction: { id: `bench_${tag}_${i}`, channel: 'voice', division: 'bench', contact: { phone: benchPhone(1 + ((i * 7919) % n)) } },
    };
    await ingestEvent(db, ContactCenterEventSchema.parse(payload), payload, ctx);
  }
}
