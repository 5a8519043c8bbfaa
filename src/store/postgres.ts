import pg from 'pg';
import type { Db, Queryable } from './db';
import { retryingLostRaces } from './lost-races';

// int8 (counts, identities) as JS numbers, as PGlite returns them; our values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const LISTENER_RETRY_MS = 1000;

export interface PostgresOptions {
  poolSize?: number;
  /** Told when an idle connection breaks (server restart, network); the pool replaces it by itself. */
  onConnectionError?: (error: Error) => void;
}

export async function openPostgres(url: string, { poolSize = 10, onConnectionError = () => undefined }: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Without a listener, an idle connection's error would be thrown as an unhandled 'error' event.
  pool.on('error', onConnectionError);
  // Fail at start, with the server's reason, rather than on the first request.
  await pool.query('SELECT 1');
  const listener = new Listener(url);
  return {
    kind: 'postgres',
    ...wrap(pool),
    transaction: (fn) =>
      retryingLostRaces(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }),
    listen: (channel, onNotify) => listener.listen(channel, onNotify),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
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

/**
 * One dedicated connection for LISTEN (a pooled one would drop its subscriptions when returned).
 * If it breaks it reconnects and subscribes again; callers that must not miss a change re-read
 * state after a reconnect (the live card sends a fresh snapshot on every connection).
 */
class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private closed = false;

  constructor(private readonly url: string) {}

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.connect();
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(onNotify);
    return async () => {
      set.delete(onNotify);
      if (set.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        await this.client?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (message) => {
        for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      client.on('error', () => this.reconnectLater());
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      this.client = client;
      this.connecting = null;
      return client;
    })();
    return this.connecting;
  }

  private reconnectLater(): void {
    const broken = this.client;
    this.client = null;
    this.connecting = null;
    void broken?.end().catch(() => undefined);
    if (this.closed) return;
    setTimeout(() => void this.connect().catch(() => this.reconnectLater()), LISTENER_RETRY_MS).unref();
  }
}
