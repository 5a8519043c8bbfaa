/**
 * Bounds on the PostgreSQL pool, so a store that is down or slow fails requests within a known time
 * instead of letting them hang and pile up (config.ts reads them from STORE_* variables).
 */
export interface PostgresLimits {
  /** Connections in the pool. */
  poolSize: number;
  /** Requests that may wait for a free connection; more are refused at once. */
  maxWaiting: number;
  /** Opening a connection, or waiting for a free one. */
  connectTimeoutMs: number;
  /**
   * The server cancels a longer statement (57014); the client gives up on a server that sends
   * nothing back a second later. 0: no limit on either side.
   */
  statementTimeoutMs: number;
  /** The server ends a session left idle inside a transaction (and frees its locks); 0: no limit. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_POSTGRES_LIMITS: PostgresLimits = {
  poolSize: 10,
  maxWaiting: 500,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
};
