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

/**
 * Contact k's phone, in E.164: a valid North American number for every k up to 16,000,000 (two area
 * codes of 8,000,000 subscriber numbers each, exchanges 200–999).
 */
export const benchPhone = (k: number) => `+1${AREAS[Math.floor(k / PER_AREA)]}${2_000_000 + (k % PER_AREA)}`;
const AREAS = [803, 864];
const PER_AREA = 8_000_000;
const phoneSql = (k: string) => `'+1' || (ARRAY[${AREAS.join(', ')}])[${k} / ${PER_AREA} + 1] || (2000000 + ${k} % ${PER_AREA})`;
export const benchEmail = (k: number) => `customer${k}@bench.example`;

/** Names as a contact centre sees them: 24 first names, 10 initials, 50 surnames — 12,000 names, each shared by about 83 cards at a million. */
const FIRST = ['Ada', 'Alan', 'Anne', 'Ben', 'Carl', 'Cora', 'Dan', 'Edna', 'Emil', 'Fay', 'Gus', 'Hana', 'Ian', 'Ivy', 'Jack', 'Joan', 'Karl', 'Lea', 'Liam', 'Mae', 'Max', 'Nia', 'Otto', 'Pia'];
const LAST = ['Smith', 'Jones', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Johnson', 'Roberts', 'Walker', 'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Martin', 'Jackson', 'Clarke', 'Clark', 'Turner', 'Hill', 'Scott', 'Cooper', 'Morris', 'Ward', 'Moore', 'King', 'Watson', 'Baker', 'Harrison', 'Morgan', 'Patel', 'Young', 'Allen', 'Mitchell', 'James', 'Anderson', 'Phillips', 'Lee', 'Bell', 'Parker', 'Davis', 'Kelly', 'Bennett'];
const nameSql = (k: string) =>
  `(ARRAY['${FIRST.join("','")}'])[${k} % ${FIRST.length} + 1] || ' ' || chr(65 + (${k} / ${FIRST.length}) % 10) || '. ' || ` +
  `(ARRAY['${LAST.join("','")}'])[(${k} / ${FIRST.length * 10}) % ${LAST.length} + 1]`;
/** The name seedContacts gives contact k, as nameSql writes it. */
export const benchName = (k: number) =>
  `${FIRST[k % FIRST.length]} ${String.fromCharCode(65 + (Math.floor(k / FIRST.length) % 10))}. ${LAST[Math.floor(k / (FIRST.length * 10)) % LAST.length]}`;
// Small enough that a chunk stays well inside the store's statement timeout (30 s) on a slow machine.
const CHUNK = 100_000;

/**
 * n contacts, contact k (1 … n) with phone benchPhone(k), e-mail benchEmail(k) and a social id (three
 * identifiers), and one ended call `bench-call-k`; written set-based in chunks, then analysed.
 */
export async function seedContacts(db: Db, n: number): Promise<void> {
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    const id = (k: string) => `lpad(to_hex(${k}), 32, '0')::uuid`;
    await db.exec(`
      INSERT INTO contacts (id, type, name, created_at)
      SELECT ${id('g')}, 'identified', ${nameSql('g')}, now() - make_interval(secs => g) FROM generate_series(${from}, ${to}) g;
      INSERT INTO contact_identifiers (kind, value, contact_id)
      SELECT 'phone', ${phoneSql('g')}, ${id('g')} FROM generate_series(${from}, ${to}) g
      UNION ALL SELECT 'email', 'customer' || g || '@bench.example', ${id('g')} FROM generate_series(${from}, ${to}) g
      UNION ALL SELECT 'social', 'x:customer' || g, ${id('g')} FROM generate_series(${from}, ${to}) g;
      INSERT INTO interactions (id, contact_id, channel, division, direction, state, state_changed_at, matched_kind, matched_value, started_at, ended_at)
      SELECT 'bench-call-' || g, ${id('g')}, 'voice', 'support-emea', 'inbound', 'ended', now(), 'phone', ${phoneSql('g')}, now() - interval '1 hour', now()
      FROM generate_series(${from}, ${to}) g;`);
  }
  await db.exec('ANALYZE');
}

/** New customers' names: first names and surnames no seeded name has (20 × 50 = 1,000 names). */
const NEW_FIRST = ['Abe', 'Bea', 'Cleo', 'Dora', 'Eli', 'Finn', 'Gwen', 'Hugo', 'Iris', 'Jude', 'Kit', 'Lola', 'Milo', 'Nell', 'Oren', 'Pearl', 'Rex', 'Sage', 'Tess', 'Wade'];
const NEW_LAST = ['Abbott', 'Barlow', 'Calloway', 'Dunmore', 'Ellery', 'Fairbanks', 'Gilchrist', 'Hargreave', 'Ingram', 'Jessop', 'Kendrick', 'Lockwood', 'Mayhew', 'Norcross', 'Ogilvie', 'Pennington', 'Quarles', 'Rowntree', 'Sinclair', 'Thorburn', 'Underhill', 'Vance', 'Whitlock', 'Yardley', 'Zeller', 'Ashdown', 'Blackmore', 'Crowther', 'Dearing', 'Eastwood', 'Fenwick', 'Gladwell', 'Holloway', 'Ibbotson', 'Jephcott', 'Kingsley', 'Larkin', 'Merriman', 'Northam', 'Oakley', 'Prideaux', 'Radcliffe', 'Stainton', 'Tolland', 'Upshaw', 'Verity', 'Winslow', 'Yeoman', 'Zouch', 'Ashby'];

/**
 * `n` new cards (created now) whose names no seeded card shares: a new customer's card, the commonest
 * case for duplicate suggestions and possible-duplicate hints, and the one a nearest-name search had
 * to explore most of its index for. Their ids follow seedContacts' (k = after + 1 …).
 */
export async function seedNewNames(db: Db, after: number, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => benchContactId(after + 1 + i));
  const names = ids.map((_, i) => `${NEW_FIRST[i % NEW_FIRST.length]} ${NEW_LAST[Math.floor(i / NEW_FIRST.length) % NEW_LAST.length]}`);
  await db.query(`INSERT INTO contacts (id, type, name) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`, [ids, ids.map(() => 'identified'), names]);
  return ids;
}

/** The id seedContacts gives contact k. */
export const benchContactId = (k: number) => k.toString(16).padStart(32, '0').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
