/**
 * The store port. PGlite (embedded, development) and PostgreSQL implement it with the same SQL;
 * nothing above this file knows which one it talks to.
 */
export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs fn in one transaction: committed when fn resolves, rolled back when it throws. A transaction
   * that loses a race (a deadlock, a serialization failure, or fn throwing ConcurrentChange) is
   * rolled back and fn runs again, a bounded number of times (src/store/lost-races.ts). So fn must
   * have no effect outside the store (no CRM call, no message sent, no state kept in memory): a
   * rolled-back attempt must leave nothing behind. Do such work after the transaction commits.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls onNotify for every NOTIFY on channel, from any connection or app instance sharing the
   * store; notifications sent inside a transaction arrive once it commits. Resolves to an unlisten.
   * When the store's connection breaks, notifications are lost until it is back; onResubscribed is
   * then called, so the caller re-reads what it follows.
   */
  listen(channel: string, onNotify: (payload: string) => void, onResubscribed?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Thrown by a transaction function that finds what it read change before it could lock it (rows it
 * must lock appeared meanwhile): the transaction is rolled back and run again, as after a deadlock.
 */
export class ConcurrentChange extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConcurrentChange';
  }
}

/** A 64-bit advisory lock key for a name, held until the transaction ends. */
export async function lockName(tx: Queryable, name: string): Promise<void> {
  await lockNames(tx, [name]);
}

/** lockName for several names in one statement, taken in the order given (callers sort them, so two transactions cannot deadlock). */
export async function lockNames(tx: Queryable, names: string[]): Promise<void> {
  if (names.length > 0) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) FROM unnest($1::text[]) AS name', [names]);
}

/** Of the names given, takes those no other transaction holds (without waiting) and returns them. */
export async function tryLockNames(tx: Queryable, names: string[]): Promise<Set<string>> {
  const rows = await tx.query<{ name: string }>('SELECT name FROM unnest($1::text[]) AS name WHERE pg_try_advisory_xact_lock(hashtextextended(name, 0))', [names]);
  return new Set(rows.map((r) => r.name));
}

/** Sends a notification to listen() subscribers; inside a transaction it is delivered at commit. */
export async function notify(tx: Queryable, channel: string, payload: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

/** notify() once per payload, in one statement. */
export async function notifyEach(tx: Queryable, channel: string, payloads: string[]): Promise<void> {
  await tx.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [channel, payloads]);
}
