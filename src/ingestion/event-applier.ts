import type { Db } from '../store/db';
import { isStoreUnavailable } from '../store/unavailable';
import { applyInteractionsEvents, applyStoredWebVisit, type ApplyContext } from './apply';

/** Interactions applied in one transaction at most; more wait for the next. */
const MAX_BATCH = 200;
/** Batches applied at once, each in its own transaction: one waits on the store while another is prepared. */
const PARALLEL_BATCHES = 2;
/**
 * A batch starts on a later turn of the event loop than the event that finds the applier idle, so
 * the events answered in the same turn join it: under a steady stream, one transaction per several
 * events instead of one per event — on the embedded store, whose statements run on this thread,
 * that tripled ingest (225 → 708 events/s); waiting longer (5, 15 ms) gained nothing more.
 */
const LINGER_MS = 0;
/** An interaction another instance is applying is tried again this much later. */
const BUSY_RETRY_MS = 20;
/** After the store failed, the applier waits this long before trying again. */
const STORE_RETRY_MS = 1000;
/**
 * Backpressure: while the oldest interaction waiting has waited this long, the webhook holds new
 * events before storing them (at most MAX_HOLD_MS), so senders slow to the rate events are applied
 * instead of building a backlog whose lag only grows.
 */
const MAX_LAG_MS = 400;
const MAX_HOLD_MS = 5_000;

/**
 * Applies what the webhook stored, after it answered 202 (the contract promises durability, not
 * application, before the answer). Interactions named while a batch is being applied gather into
 * the next batch, so under load one transaction applies the events of many interactions, and many
 * events of each. Nothing is lost if this process dies: the events are in the inbox, and pending
 * events are applied at the next start and by the periodic sweep (src/jobs/background-jobs.ts).
 */
export class EventApplier {
  /** What waits to be applied, with when it was first asked for (oldest first). */
  private readonly interactions = new Map<string, number>();
  private readonly webVisits = new Map<string, number>();
  /** When the oldest of each batch being applied was asked for. */
  private readonly batchesSince = new Set<{ since: number }>();
  private readonly draining = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private holding: Array<() => void> = [];
  private lingering: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly db: Db, private readonly ctx: ApplyContext) {}

  /** Asks for the pending events of these interactions (and these stored web visits) to be applied soon. */
  schedule(interactionIds: Iterable<string>, webVisitIds: Iterable<string> = []): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const id of interactionIds) if (!this.interactions.has(id)) this.interactions.set(id, now);
    for (const id of webVisitIds) if (!this.webVisits.has(id)) this.webVisits.set(id, now);
    if (this.draining.size === 0) {
      this.lingering ??= setTimeout(() => {
        this.lingering = null;
        this.startDrains();
      }, LINGER_MS);
    } else {
      this.startDrains();
    }
  }

  private startDrains(): void {
    while (!this.stopped && this.draining.size < PARALLEL_BATCHES && this.interactions.size + this.webVisits.size > 0) {
      const drained: Promise<void> = this.drain().finally(() => {
        this.draining.delete(drained);
        if (this.interactions.size + this.webVisits.size > 0) this.schedule([]);
      });
      this.draining.add(drained);
    }
  }

  /** How long the oldest event waiting to be applied has waited, in ms. */
  lagMs(): number {
    const oldest = Math.min(...[...this.batchesSince].map((b) => b.since), firstValue(this.interactions), firstValue(this.webVisits));
    return oldest === Infinity ? 0 : Date.now() - oldest;
  }

  /** How many webhook requests caughtUp() is holding back at this moment. */
  heldRequests(): number {
    return this.holding.length;
  }

  /** Resolves once the applier is less than MAX_LAG_MS behind (or after MAX_HOLD_MS): see MAX_LAG_MS. */
  caughtUp(): Promise<void> {
    if (this.stopped || this.lagMs() < MAX_LAG_MS) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(release, MAX_HOLD_MS);
      function release() {
        clearTimeout(timer);
        resolve();
      }
      this.holding.push(release);
    });
  }

  private releaseHeld(): void {
    if (this.holding.length === 0 || (!this.stopped && this.lagMs() >= MAX_LAG_MS)) return;
    const held = this.holding;
    this.holding = [];
    held.forEach((release) => release());
  }

  /** Resolves once everything scheduled so far has been applied or given up on for now. */
  async idle(): Promise<void> {
    while (this.draining.size > 0 || this.timers.size > 0 || this.lingering) {
      if (this.draining.size > 0) await Promise.all(this.draining);
      else await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  /** Stops taking work and waits for the batch being applied; what is left stays pending in the inbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    if (this.lingering) clearTimeout(this.lingering);
    this.lingering = null;
    this.interactions.clear();
    this.webVisits.clear();
    this.releaseHeld();
    await Promise.all(this.draining);
  }

  /** Only the store being unavailable escapes applyBatch and applyWebVisit: the rest is logged there. */
  private async drain(): Promise<void> {
    while (!this.stopped && this.interactions.size + this.webVisits.size > 0) {
      const since = { since: Math.min(firstValue(this.interactions), firstValue(this.webVisits)) };
      this.batchesSince.add(since);
      const batch = take(this.interactions, MAX_BATCH);
      const visits = take(this.webVisits, MAX_BATCH);
      try {
        if (batch.length > 0) await this.applyBatch(batch);
        for (const id of visits) await this.applyWebVisit(id);
      } catch (error) {
        this.ctx.log.warn({ err: error }, 'store unavailable: stored events will be applied when it is back');
        this.later([...batch, ...take(this.interactions, Infinity)], [...visits, ...take(this.webVisits, Infinity)], STORE_RETRY_MS);
        return;
      } finally {
        this.batchesSince.delete(since);
        this.releaseHeld();
      }
    }
  }

  private async applyBatch(batch: string[]): Promise<void> {
    try {
      const { busy } = await this.db.transaction((tx) => applyInteractionsEvents(tx, batch, this.ctx, { skipBusy: true }));
      if (busy.length > 0) this.later(busy, [], BUSY_RETRY_MS);
    } catch (error) {
      if (isStoreUnavailable(error) || batch.length === 1) return this.failed(batch, error);
      // One interaction whose events cannot be applied must not hold back the others: each alone.
      for (const id of batch) await this.applyBatch([id]);
    }
  }

  private async applyWebVisit(eventId: string): Promise<void> {
    try {
      await this.db.transaction((tx) => applyStoredWebVisit(tx, eventId, this.ctx));
    } catch (error) {
      if (isStoreUnavailable(error)) throw error;
      this.ctx.log.error({ err: error, eventId }, 'web visit stored but not applied; the periodic sweep tries again');
    }
  }

  private failed(batch: string[], error: unknown): void {
    if (isStoreUnavailable(error)) throw error;
    this.ctx.log.error({ err: error, interactionId: batch[0] }, 'events stored but not applied; the periodic sweep tries again');
  }

  private later(interactionIds: string[], webVisitIds: string[], ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.schedule(interactionIds, webVisitIds);
    }, ms);
    this.timers.add(timer);
  }
}

function take(from: Map<string, number>, n: number): string[] {
  const taken: string[] = [];
  for (const id of from.keys()) {
    if (taken.length >= n) break;
    taken.push(id);
    from.delete(id);
  }
  return taken;
}

function firstValue(map: Map<string, number>): number {
  for (const value of map.values()) return value;
  return Infinity;
}
