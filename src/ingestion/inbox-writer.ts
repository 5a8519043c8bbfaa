import type { Queryable } from '../store/db';
import { isStoreUnavailable } from '../store/unavailable';
import { storeEvents, type Arrival } from './inbox';

/** More than this many arrivals waiting are written in several statements. */
const MAX_BATCH = 500;

interface Waiting {
  arrival: Arrival;
  settle(outcome: { stored: boolean } | { error: unknown }): void;
}

/**
 * Group commit for the webhook: events arriving while a write is in flight are stored together in
 * the next one, so concurrent senders share a statement and its commit instead of queueing for one
 * each. Every caller still learns only once its own event is durable (or why it is not).
 */
export class InboxWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Queryable) {}

  /** Resolves once the event is durably stored: true, or false when its id was accepted before. */
  store(arrival: Arrival): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ arrival, settle: (o) => ('error' in o ? reject(o.error) : resolve(o.stored)) });
      void this.write();
    });
  }

  private async write(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.writeBatch(this.waiting.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    try {
      const stored = await storeEvents(this.db, batch.map((w) => w.arrival));
      batch.forEach((w, i) => w.settle({ stored: stored[i]! }));
    } catch (error) {
      if (batch.length === 1 || isStoreUnavailable(error)) return batch.forEach((w) => w.settle({ error }));
      // Whatever one event did to the statement must not refuse the others: each is tried alone.
      for (const waiting of batch) await this.writeBatch([waiting]);
    }
  }
}
