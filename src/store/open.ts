import type { Config } from '../config';
import type { Db } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** Opens the configured store and brings its schema up to date. */
export async function openStore(store: Config['store']): Promise<Db> {
  const db = store.kind === 'postgres' ? await openPostgres(store.url) : await openPglite(store.dataDir);
  await migrate(db);
  return db;
}
