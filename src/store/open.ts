import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** Opens the configured store and brings its schema up to date. */
export async function openStore(store: Config['store'], log: Logger): Promise<Db> {
  const db =
    store.kind === 'postgres'
      ? await openPostgres(store.url, { limits: store.limits, onConnectionError: (err) => log.warn({ err }, 'a PostgreSQL connection broke; it will be replaced') })
      : await openPglite(store.dataDir);
  await migrate(db);
  return db;
}
