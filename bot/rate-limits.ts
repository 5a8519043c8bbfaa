import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Queryable } from '../src/store/db';

/** A limit: at most `count` operations in any window of `windowMs`. */
export interface Limit {
  count: number;
  windowMs: number;
}

export interface TeamsLimits {
  /** Per bot per conversation. */
  perConversation: Limit[];
  /** Per app per tenant. */
  perTenant: Limit[];
}

/** Teams' published bot limits (message send and update operations); the tenant rate is configurable. */
export function teamsLimits(tenantRequestsPerSecond = 50): TeamsLimits {
  return { ...TEAMS_LIMITS, perTenant: [{ count: tenantRequestsPerSecond, windowMs: 1_000 }] };
}

const TEAMS_LIMITS: TeamsLimits = {
  perConversation: [
    { count: 7, windowMs: 1_000 },
    { count: 8, windowMs: 2_000 },
    { count: 60, windowMs: 30_000 },
    { count: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ count: 50, windowMs: 1_000 }],
};

/** The share of every limit the card dispatcher leaves to the bot's replies in turns (one operation at least). */
const REPLY_HEADROOM = 0.05;

/** How long a request may stay unanswered before it counts as finished (its instance may have died). */
const IN_FLIGHT_BOUND_MS = 60_000;

/** How long to look again when the limit is taken up by requests still in flight. */
const IN_FLIGHT_RECHECK_MS = 10;

/** A slot for one request (report when it has finished), or how long until one may be free. */
export type RequestSlot = { taken: true; finished(): Promise<void> } | { taken: false; waitMs: number };

/**
 * Teams' limits per conversation and per tenant, counted in the store (`bot_requests`) so that they
 * hold across app instances: the card dispatcher takes a slot before every request, in one statement;
 * the replies the bot sends in turns are counted too (Teams counts both). Replies cannot wait, so the
 * dispatcher leaves them room: it uses at most 95% of every limit (one operation less, at least).
 */
export class TeamsRateLimiter {
  private readonly scopes: string[];
  private readonly counts: number[];
  private readonly windowsMs: number[];
  /** This instance's takes, one after another: while the tenant is full, its senders queue here. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { db: Queryable; limits: TeamsLimits; log: Logger; inFlightBoundMs?: number }) {
    const limits = [
      ...options.limits.perTenant.map((limit) => ({ scope: 'tenant', ...limit })),
      ...options.limits.perConversation.map((limit) => ({ scope: 'conversation', ...limit })),
    ];
    this.scopes = limits.map((l) => l.scope);
    // A limit of one leaves nothing to spare: the dispatcher must still be able to send.
    this.counts = limits.map((l) => Math.max(1, l.count - Math.max(1, Math.floor(l.count * REPLY_HEADROOM))));
    this.windowsMs = limits.map((l) => l.windowMs);
  }

  /**
   * A slot for the card dispatcher's next request to the conversation, waiting for it in memory up to
   * `patienceMs`; otherwise how long the conversation must wait. While the tenant's limit is full,
   * one of this instance's senders asks the store at a time, as a slot frees, not every one of them.
   */
  async take(conversationId: string, patienceMs = 0): Promise<RequestSlot> {
    for (;;) {
      const turn = this.queue.then(() => this.takeOnceTenantHasRoom(conversationId, patienceMs));
      this.queue = turn.catch(() => undefined);
      const slot = await turn;
      if (slot.taken || slot.waitMs > patienceMs) return slot;
      await sleep(slot.waitMs); // the conversation's own limit: the instance's other senders go on meanwhile
    }
  }

  private async takeOnceTenantHasRoom(conversationId: string, patienceMs: number): Promise<RequestSlot> {
    for (;;) {
      const [row] = await this.options.db.query<{ request_id: string | null; wait_ms: number; tenant_wait_ms: number }>(
        'SELECT request_id::text AS request_id, wait_ms, tenant_wait_ms FROM take_bot_request($1, $2, $3, $4, $5, $6)',
        [conversationId, this.scopes, this.counts, this.windowsMs, this.options.inFlightBoundMs ?? IN_FLIGHT_BOUND_MS, IN_FLIGHT_RECHECK_MS],
      );
      const { request_id: id, wait_ms: waitMs, tenant_wait_ms: tenantWaitMs } = row!;
      if (id !== null) return { taken: true, finished: () => this.finished(id) };
      if (tenantWaitMs === 0 || tenantWaitMs > patienceMs) return { taken: false, waitMs };
      await sleep(tenantWaitMs);
    }
  }

  private async finished(requestId: string): Promise<void> {
    await this.options.db.query('UPDATE bot_requests SET finished_at = clock_timestamp(), in_flight = false WHERE id = $1', [requestId]);
  }

  /**
   * Counts requests the bot made to the conversation in a turn, once they have finished. A count the
   * store refuses is logged, not thrown: the reply has gone, and the dispatcher's headroom covers it.
   */
  async count(conversationId: string, requests: number): Promise<void> {
    try {
      await this.options.db.query(
        'INSERT INTO bot_requests (conversation_id, finished_at, in_flight) SELECT $1, clock_timestamp(), false FROM generate_series(1, $2)',
        [conversationId, requests],
      );
    } catch (error) {
      this.options.log.warn({ err: error, conversation: conversationId }, 'a reply was not counted against Teams\' limits');
    }
  }
}
