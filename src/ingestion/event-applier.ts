import type { Db } from '../store/db';
import { isStoreUnavailable } from '../store/unavailable';
import { applyInteractionsEvents, applyStoredWebVisit, type ApplyContext } from './apply';

/** Interactions applied in one transaction at most; more wait for the next. */
const MAX_BATCH = 200;
/** An interaction another instance is applying is tried again this much later. */
const BUSY_RETRY_MS = 20;
/** After the store failed, the applier waits this long before trying again. */
const STORE_RETRY_MS = 1000;

/**
 * Applies what the webhook stored, after it answered 202 (the contract promises durability, not
 * application, before the answer). Interactions named while a batch is being applied gather into
 * the next batch, so under load one transaction applies the events of many interactions, and many
 * events of each. Nothing is lost if this process dies: the events are in the inbox, and pending
 * events are applied at the next start and by the periodic sweep (src/jobs/background-jobs.ts).
 */
export class EventApplier {
  private readonly interactions = new Set<string>();
  private readonly webVisits = new Set<string>();
  private draining: Promise<void> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly db: Db, private readonly ctx: ApplyContext) {}

  /** Asks for the pending events of these interactions (and these stored web visits) to be applied soon. */
  schedule(interactionIds: Iterable<string>, webVisitIds: Iterable<string> = []): void {
    if (this.stopped) return;
    for (const id of interactionIds) this.interactions.add(id);
    for (const id of webVisitIds) this.webVisits.add(id);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.interactions.size + this.webVisits.size > 0) this.schedule([]);
    });
  }

  /** Resolves once everything scheduled so far has been applied or given up on for now. */
  async idle(): Promise<void> {
    while (this.draining || this.timers.size > 0) {
      if (this.draining) await this.draining;
      else await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  /** Stops taking work and waits for the batch being applied; what is left stays pending in the inbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.interactions.clear();
    this.webVisits.clear();
    await this.draining;
  }

  /** Only the store being unavailable escapes applyBatch and applyWebVisit: the rest is logged there. */
  private async drain(): Promise<void> {
    while (!this.stopped && this.interactions.size + this.webVisits.size > 0) {
      const batch = take(this.interactions, MAX_BATCH);
      const visits = take(this.webVisits, MAX_BATCH);
      try {
        if (batch.length > 0) await this.applyBatch(batch);
        for (const id of visits) await this.applyWebVisit(id);
      } catch (error) {
        this.ctx.log.warn({ err: error }, 'store unavailable: stored events will be applied when it is back');
        this.later([...batch, ...take(this.interactions, Infinity)], [...visits, ...take(this.webVisits, Infinity)], STORE_RETRY_MS);
        return;
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

function take(from: Set<string>, n: number): string[] {
  const taken: string[] = [];
  for (const id of from) {
    if (taken.length >= n) break;
    taken.push(id);
    from.delete(id);
  }
  return taken;
}
