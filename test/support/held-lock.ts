import type { Db } from '../../src/store/db';

/**
 * Runs `sql` (a lock: `SELECT … FOR UPDATE`, `pg_advisory_xact_lock(…)`) in a transaction of its own
 * and keeps that transaction open — as another instance or a long card action would — until
 * `release()`; resolves once the lock is held. `release` waits for that transaction to end.
 */
export async function holdInAnotherTransaction(db: Db, sql: string, params: unknown[] = []): Promise<{ release: () => Promise<void> }> {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const transaction = db.transaction(async (tx) => {
    await tx.query(sql, params);
    held();
    await ended;
  });
  await Promise.race([isHeld, transaction]);
  return {
    release: async () => {
      end();
      await transaction;
    },
  };
}
