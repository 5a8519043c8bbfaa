import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';

type StoreKind = Db['kind'];

/** Tables the migrations seed: emptied like the others, then given their seeded rows back. */
const SEEDED = ['roles'];

/**
 * Runs a suite once per store: PGlite always, PostgreSQL when TEST_DATABASE_URL is set (a fresh
 * database per suite, dropped afterwards). Tables are emptied before each test.
 */
export function describeEachStore(name: string, suite: (store: () => Db, kind: StoreKind) => void): void {
  describe(`${name} [pglite]`, () => withStore('pglite', suite));
  const url = process.env.TEST_DATABASE_URL;
  (url ? describe : describe.skip)(`${name} [postgres]`, () => withStore('postgres', suite));
}

function withStore(kind: StoreKind, suite: (store: () => Db, kind: StoreKind) => void): void {
  let db: Db | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let tables: string[] = [];
  const seeds = new Map<string, unknown>();
  beforeAll(async () => {
    if (kind === 'pglite') {
      db = await openPglite();
    } else {
      const fresh = await createFreshDatabase(process.env.TEST_DATABASE_URL!);
      db = await openPostgres(fresh.url);
      dropDatabase = fresh.drop;
    }
    await migrate(db);
    // Every table the migrations made (all but their own bookkeeping), so a new one is emptied too.
    tables = (await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename`,
    )).map((t) => t.tablename);
    for (const table of SEEDED) seeds.set(table, (await db.query(`SELECT coalesce(json_agg(t), '[]') AS rows FROM ${table} t`))[0]!.rows);
  });
  beforeEach(async () => {
    // The app's background workers of the previous test may still touch these tables: TRUNCATE can
    // then lose a deadlock to them, and simply tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        await db!.exec(`TRUNCATE ${tables.join(', ')} CASCADE`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
      }
    }
    for (const [table, rows] of seeds) {
      await db!.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1)`, [JSON.stringify(rows)]);
    }
  });
  afterAll(async () => {
    await db?.close();
    await dropDatabase?.();
  });
  suite(() => {
    if (!db) throw new Error('store not open yet');
    return db;
  }, kind);
}

/** A new empty database on the server of `adminUrl`, for one suite. */
export async function createFreshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
