import type { Logger } from 'pino';
import type { Db, Queryable } from '../store/db';
import { WakeLoop } from '../jobs/wake-loop';
import { REMOTE_BACKOFF, retryDelayMs, type RetryVerdict } from '../shared/retry';

export interface OutboxItem {
  id: number;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** Grows when the item is re-armed (see rearm); bookkeeping applies only to the generation delivered. */
  generation: number;
}

/** A failure the handler classifies: transient (retry; when, if the remote said) or final (give up now). */
export class OutboxFailure extends Error implements RetryVerdict {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

export type OutboxHandler = (item: OutboxItem) => Promise<void>;

export interface OutboxWorkerOptions {
  db: Db;
  handlers: Record<string, OutboxHandler>;
  log: Logger;
  /** Items claimed per round. */
  batchSize?: number;
  /** How long a claimed item is ours before another worker may take it (crash recovery). */
  leaseMs?: number;
  /** Attempts before an item is dead-lettered. */
  maxAttempts?: number;
  /** Polling interval when no notification wakes the worker. */
  pollMs?: number;
  /** Longest pause of a topic whose remote is failing, before a batch probes it again. */
  maxHoldMs?: number;
  /** The time holds are measured by (epoch ms); tests move it instead of sleeping. */
  clock?: () => number;
  /** Told after an item's outcome is recorded (done, retry later, dead), e.g. so live views show it. */
  onSettled?: (item: OutboxItem) => Promise<void>;
}

/**
 * Delivers outbox items at least once, with the remote's idempotency making it exactly once:
 * items are claimed with a lease (FOR UPDATE SKIP LOCKED, so several app instances share the work),
 * delivered outside any transaction, then marked done. A crash between delivery and bookkeeping
 * leaves the lease to expire and the item to be delivered again, with the same idempotency key.
 *
 * When a remote fails (down, throttling), its topic is held: nothing more is sent to it until the
 * hold ends and one batch probes it (a circuit breaker, so an outage is not hammered). When a probe
 * succeeds, every item waiting on that topic is made due at once, so catching up after an outage
 * does not wait for each item's own backoff.
 */
export class OutboxWorker {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly maxHoldMs: number;
  private readonly clock: () => number;
  /** Topics whose remote is failing: not claimed until then; consecutive failures grow the hold. */
  private readonly holds = new Map<string, { until: number; failures: number }>();
  private readonly loop: WakeLoop;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 12;
    this.maxHoldMs = options.maxHoldMs ?? 15_000;
    this.clock = options.clock ?? Date.now;
    this.loop = new WakeLoop({ db: options.db, channel: 'outbox', pollMs: options.pollMs ?? 5_000, round: () => this.round(), log: options.log, name: 'outbox' });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Claims and delivers one batch; returns how many items it handled. */
  async round(): Promise<number> {
    const items = await this.claim();
    await Promise.all(items.map((item) => this.deliver(item)));
    return items.length;
  }

  private async claim(): Promise<OutboxItem[]> {
    return this.options.db.query<OutboxItem>(
      `UPDATE outbox SET leased_until = now() + $1 * interval '1 millisecond', attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE done_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
           AND (leased_until IS NULL OR leased_until < now()) AND topic <> ALL($3::text[])
         ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, topic, key, payload, attempts, generation`,
      [this.leaseMs, this.batchSize, this.heldTopics()],
    );
  }

  private heldTopics(): string[] {
    const now = this.clock();
    return [...this.holds].filter(([, hold]) => hold.until > now).map(([topic]) => topic);
  }

  private hold(topic: string, retryAfterMs: number | undefined): void {
    const failures = (this.holds.get(topic)?.failures ?? 0) + 1;
    // Equal jitter (half the step fixed, half random), not full jitter: a hold drawn near 0 ms would
    // hold nothing, and the next round would hammer the failing remote after all.
    const pause = retryDelayMs(failures, retryAfterMs, { ...REMOTE_BACKOFF, maxMs: this.maxHoldMs }, () => 0.5 + Math.random() / 2);
    this.holds.set(topic, { until: this.clock() + pause, failures });
  }

  /** The remote answers again: what waited on it is due now. */
  private async release(topic: string): Promise<void> {
    if (!this.holds.delete(topic)) return;
    await this.options.db.query(
      `UPDATE outbox SET next_attempt_at = now()
       WHERE topic = $1 AND done_at IS NULL AND dead_at IS NULL AND attempts > 0 AND next_attempt_at > now()`,
      [topic],
    );
    this.loop.wake();
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { handlers, log } = this.options;
    const handler = handlers[item.topic];
    try {
      if (!handler) throw new OutboxFailure(`no handler for topic ${item.topic}`, false);
      await handler(item);
      await this.settle(item, 'done_at = now(), last_error = NULL');
      await this.release(item.topic);
    } catch (error) {
      const failure = error instanceof OutboxFailure ? error : new OutboxFailure((error as Error).message, true);
      if (!failure.retryable || item.attempts >= this.maxAttempts) {
        log.error({ key: item.key, attempts: item.attempts, reason: failure.message }, 'outbox item dead-lettered');
        await this.settle(item, 'dead_at = now(), last_error = $3', [failure.message]);
        return;
      }
      this.hold(item.topic, failure.retryAfterMs);
      const delay = retryDelayMs(item.attempts, failure.retryAfterMs);
      log.warn({ key: item.key, attempts: item.attempts, retryInMs: delay, reason: failure.message }, 'outbox item will be retried');
      await this.settle(item, `next_attempt_at = now() + $4 * interval '1 millisecond', last_error = $3`, [failure.message, delay]);
    }
  }

  /**
   * Records the outcome of a delivery and gives up the lease. An item re-armed while it was being
   * delivered (a newer generation) only loses its lease: the newer work is delivered next.
   */
  private async settle(item: OutboxItem, outcome: string, params: unknown[] = []): Promise<void> {
    const settled = await this.options.db.query(
      `UPDATE outbox SET ${outcome}, leased_until = NULL WHERE id = $1 AND generation = $2 RETURNING id`,
      [item.id, item.generation, ...params],
    );
    if (settled.length === 0) {
      await this.options.db.query('UPDATE outbox SET leased_until = NULL WHERE id = $1', [item.id]);
      this.loop.wake();
    }
    await this.options.onSettled?.(item).catch((err: unknown) => this.options.log.warn({ err, key: item.key }, 'outbox outcome not announced'));
  }
}

/**
 * Queues work under a key, or re-arms the key's item when it exists (done, dead or pending): due now,
 * attempts reset, a new generation. For work whose latest state replaces the earlier one, such as
 * an interaction's one CRM record. In the caller's transaction, so the work commits with its cause.
 */
export async function rearm(tx: Queryable, topic: string, key: string, payload: Record<string, unknown>): Promise<void> {
  await tx.query(
    `INSERT INTO outbox (topic, key, payload) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET generation = outbox.generation + 1, done_at = NULL, dead_at = NULL,
       attempts = 0, next_attempt_at = now(), last_error = NULL`,
    [topic, key, JSON.stringify(payload)],
  );
  await tx.query(`SELECT pg_notify('outbox', $1)`, [key]);
}
