import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import { createFreshDatabase } from '../../test/support/stores';

export interface BenchStore {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated store, and how to dispose of it. */
  open(): Promise<{ db: Db; done(): Promise<void> }>;
}

/** PGlite always; PostgreSQL when TEST_DATABASE_URL is set. */
export function benchStores(): BenchStore[] {
  const stores: BenchStore[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openPglite();
        await migrate(db);
        return { db, done: () => db.close() };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    stores.push({
      name: 'postgres',
      async open() {
        const fresh = await createFreshDatabase(url);
        const db = await openPostgres(fresh.url);
        await migrate(db);
        return { db, done: async () => { await db.close(); await fresh.drop(); } };
      },
    });
  }
  return stores;
}

export const benchPhone = (k: number) => `+1803${String(5_500_000 + k).padStart(7, '0')}`;

/** n contacts, contact k with phone benchPhone(k) and one ended call `bench-call-k`. */
export async function seedContacts(db: Db, n: number): Promise<void> {
  await db.exec(`
    INSERT INTO contacts (type, name, created_at)
    SELECT 'identified', 'Contact ' || g, now() - make_interval(secs => g) FROM generate_series(1, ${n}) g;
    INSERT INTO contact_identifiers (kind, value, contact_id)
    SELECT 'phone', '+1803' || lpad((5500000 + substring(name from 9)::int)::text, 7, '0'), id FROM contacts WHERE name LIKE 'Contact %';
    INSERT INTO interactions (id, contact_id, channel, division, direction, state, state_changed_at, matched_kind, matched_value, started_at, ended_at)
    SELECT 'bench-call-' || substring(c.name from 9), c.id, 'voice', 'support-emea', 'inbound', 'ended', now(), 'phone', ci.value, now() - interval '1 hour', now()
    FROM contacts c JOIN contact_identifiers ci ON ci.contact_id = c.id WHERE c.name LIKE 'Contact %';
    ANALYZE;`);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
