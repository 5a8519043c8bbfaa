import pg from 'pg';
import type { Db, Queryable } from './db';
import { DEFAULT_POSTGRES_LIMITS, type PostgresLimits } from './postgres-limits';
import { StoreUnavailableError } from './unavailable';
import { retryingLostRaces } from './lost-races';

// int8 (counts, identities) as JS numbers, as PGlite returns them; our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const LISTENER_RETRY_MS = 1000;
/** How often the change feed's connection is checked: a server that went silent raises no error by itself. */
const LISTENER_HEARTBEAT_MS = 10_000;
/** The client waits this long past statement_timeout for the server's own cancellation before giving up on it. */
const SILENT_SERVER_GRACE_MS = 1000;

export interface PostgresOptions {
  /** Pool size, waiting and timeouts; DEFAULT_POSTGRES_LIMITS for any not given. */
  limits?: Partial<PostgresLimits>;
  /** Told when an idle connection breaks (server restart, network); the pool replaces it by itself. */
  onConnectionError?: (error: Error) => void;
  /** How often the change feed's connection is checked (tests shorten it). */
  listenerHeartbeatMs?: number;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const limits = { ...DEFAULT_POSTGRES_LIMITS, ...options.limits };
  const connection = connectionConfig(url, limits);
  const pool = new BoundedPool({ ...connection, max: limits.poolSize }, limits.maxWaiting);
  // Without a listener, an idle connection's error would be thrown as an unhandled 'error' event.
  pool.on('error', options.onConnectionError ?? (() => undefined));
  // Fail at start, with the server's reason, rather than on the first request.
  await pool.query('SELECT 1');
  const listener = new Listener(connection, options.listenerHeartbeatMs ?? LISTENER_HEARTBEAT_MS);
  return {
    kind: 'postgres',
    ...wrap(pool),
    transaction: (fn) =>
      retryingLostRaces(async () => {
        const client = await pool.connect();
        let unusable: Error | undefined;
        // The pool listens for errors only on idle connections: one breaking while it is ours (between
        // two statements) would otherwise be an uncaught 'error' event. Its next statement fails anyway.
        const broken = (error: Error) => (unusable = error);
        client.on('error', broken);
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          // A connection that cannot roll back (broken, or its server stalled) is closed, not pooled:
          // its held BEGIN may still arrive, and the next user's statements would join that transaction.
          await client.query('ROLLBACK').catch((rollbackError: Error) => (unusable = rollbackError));
          throw error;
        } finally {
          client.removeListener('error', broken);
          client.release(unusable);
        }
      }),
    listen: (channel, onNotify, onResubscribed) => listener.listen(channel, { onNotify, onResubscribed }),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * Every connection, pooled or listening, is bounded: connecting, each statement on the server, and
 * each statement on the client (for a server that accepts but never answers).
 */
function connectionConfig(url: string, limits: PostgresLimits): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.statementTimeoutMs > 0 ? limits.statementTimeoutMs + SILENT_SERVER_GRACE_MS : 0,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
  };
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * A pool that refuses a checkout at once when `maxWaiting` requests already wait for a connection:
 * while the store is slow, requests fail fast instead of piling up. (pool.query checks out through
 * connect too.)
 */
class BoundedPool extends pg.Pool {
  constructor(config: pg.PoolConfig, private readonly maxWaiting: number) {
    super(config);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (this.waitingCount >= this.maxWaiting && this.totalCount >= this.options.max) {
      const error = new StoreUnavailableError(`${this.waitingCount} requests already wait for a store connection`);
      if (!callback) return Promise.reject(error);
      return callback(error, undefined, () => undefined);
    }
    return callback ? super.connect(callback) : super.connect();
  }
}

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await target.query(sql);
    },
  };
}

interface Subscription {
  onNotify(payload: string): void;
  /** Called once the channel is subscribed again after the connection broke: notifications in between are lost. */
  onResubscribed?: () => void;
}

/**
 * One dedicated connection for LISTEN (a pooled one would drop its subscriptions when returned).
 * If it breaks, or stops answering the heartbeat, it reconnects and subscribes again, then tells the
 * subscribers, who re-read what they follow: notifications sent while it was away are lost.
 */
class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** A connection broke since subscribers were last told; the next one to connect tells them. */
  private lost = false;
  private closed = false;

  constructor(private readonly config: pg.ClientConfig, private readonly heartbeatMs: number) {}

  async listen(channel: string, subscription: Subscription): Promise<() => Promise<void>> {
    const client = await this.connect();
    let set = this.subscriptions.get(channel);
    if (!set) {
      set = new Set();
      this.subscriptions.set(channel, set);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(subscription);
    return async () => {
      set.delete(subscription);
      if (set.size === 0 && this.subscriptions.get(channel) === set) {
        this.subscriptions.delete(channel);
        await this.client?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => {
      for (const subscription of this.subscriptions.get(message.channel) ?? []) subscription.onNotify(message.payload ?? '');
    });
    client.on('error', () => this.lose(client));
    try {
      await client.connect();
      for (const channel of this.subscriptions.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (this.closed) throw new Error('the store is closed');
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.heartbeat ??= setInterval(() => this.checkAlive(), this.heartbeatMs).unref();
    if (this.lost) {
      this.lost = false;
      for (const onResubscribed of this.resubscribedCallbacks()) onResubscribed();
    }
    return client;
  }

  /** A server that stops answering (a network blackhole) breaks no connection: no answer before the next check counts as broken. */
  private checkAlive(): void {
    const client = this.client;
    if (!client) return;
    const silence = setTimeout(() => this.lose(client), this.heartbeatMs).unref();
    client.query('SELECT 1').then(() => clearTimeout(silence), () => this.lose(client));
  }

  /** The current connection broke: drop it and subscribe again on a new one. */
  private lose(client: pg.Client): void {
    if (this.client !== client) return; // an older connection, already replaced
    this.client = null;
    this.lost = true;
    void client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      if (!this.closed) void this.connect().catch(() => this.reconnectLater());
    }, LISTENER_RETRY_MS).unref();
  }

  /** Each subscriber once, however many channels it listens to. */
  private resubscribedCallbacks(): Set<() => void> {
    const callbacks = new Set<() => void>();
    for (const set of this.subscriptions.values()) for (const { onResubscribed } of set) if (onResubscribed) callbacks.add(onResubscribed);
    return callbacks;
  }
}
