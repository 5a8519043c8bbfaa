import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import type { Db, Queryable } from './db';
import { retryingLostRaces } from './lost-races';

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined keeps everything in memory (tests). A directory is
 * locked before PGlite opens it: a second process (or a second open here) is refused with
 * DataDirInUse instead of corrupting it.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  let lock: DataDirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir);
  }
  let pg: PGlite;
  try {
    // pg_trgm and fuzzystrmatch ship with PGlite as with PostgreSQL; the migrations create them in
    // both. (Their modules are ESM-only, hence the dynamic imports.)
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
    pg = await PGlite.create({ dataDir, extensions: { pg_trgm, fuzzystrmatch } });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    kind: 'pglite',
    ...wrap(pg),
    // PGlite runs one transaction at a time, so none loses a race; the same retry keeps both stores' contract one.
    transaction: (fn) => retryingLostRaces(() => pg.transaction((tx) => fn(wrap(tx)))),
    async listen(channel, onNotify) {
      const unlisten = await pg.listen(channel, onNotify);
      // Closing the store ends every subscription; unlistening afterwards has nothing left to do.
      return async () => (pg.closed ? undefined : unlisten());
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}
