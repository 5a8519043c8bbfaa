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

/** How long to look again when the limit is taken up by requests still in flight. */
const IN_FLIGHT_RECHECK_MS = 10;

/**
 * Sliding-window limiter over several windows at once: how long until one more operation fits in
 * every window for a key. An operation counts from when it starts until its window has passed after
 * it *finished*: Teams counts it when it arrives, which is somewhere in between. Kept in memory per
 * instance; the dispatcher makes one instance the only sender per conversation at a time and
 * hands it the conversation's recent sends from the store (learn), so per-conversation counts hold
 * across instances.
 */
export class SlidingWindows {
  /** Per key, when each operation finished; Infinity while it is in flight. */
  private readonly history = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly limits: Limit[]) {
    this.longest = Math.max(...limits.map((l) => l.windowMs));
  }

  /** Milliseconds to wait before the next operation for key (0: now), leaving `headroom` of every limit unused. */
  waitMs(key: string, now: number, headroom = 0): number {
    const times = this.prune(key, now).sort((a, b) => a - b);
    let wait = 0;
    for (const limit of this.limits) {
      const { windowMs } = limit;
      const count = limit.count - Math.max(headroom > 0 ? 1 : 0, Math.floor(limit.count * headroom));
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length < count) continue;
      const freesAt = inWindow[inWindow.length - count]! + windowMs;
      wait = Math.max(wait, Number.isFinite(freesAt) ? freesAt - now : IN_FLIGHT_RECHECK_MS);
    }
    return wait;
  }

  /** Counts an operation that starts now; call the result when it has finished. */
  begin(key: string, now: number): (finishedAt: number) => void {
    const times = this.prune(key, now);
    times.push(Infinity);
    return (finishedAt) => {
      const current = this.history.get(key) ?? [];
      const inFlight = current.indexOf(Infinity);
      if (inFlight >= 0) current[inFlight] = finishedAt;
    };
  }

  /** Counts an operation that is over at `at`. */
  record(key: string, at: number): void {
    this.prune(key, at).push(at);
  }

  /** Counts operations others reported as over at these times, except those already counted. */
  learn(key: string, times: readonly number[], now: number): void {
    const known = this.prune(key, now);
    for (const at of times) if (at > now - this.longest && !known.includes(at)) known.push(at);
  }

  private prune(key: string, now: number): number[] {
    const kept = (this.history.get(key) ?? []).filter((t) => t > now - this.longest);
    this.history.set(key, kept);
    return kept;
  }
}

/**
 * Teams' limits for one app instance: per conversation and per tenant, shared by the card dispatcher
 * and the replies the bot sends in turns (Teams counts both). Replies cannot wait, so the dispatcher
 * leaves them room: it uses at most 95% of every limit (one operation less, at least).
 */
export class TeamsRateLimiter {
  private readonly conversations: SlidingWindows;
  private readonly tenant: SlidingWindows;

  constructor(limits: TeamsLimits) {
    this.conversations = new SlidingWindows(limits.perConversation);
    this.tenant = new SlidingWindows(limits.perTenant);
  }

  /** How long the card dispatcher waits before its next request to the conversation (0: now). */
  waitMs(conversationId: string, now: number): number {
    return Math.max(this.conversations.waitMs(conversationId, now, REPLY_HEADROOM), this.tenant.waitMs('tenant', now, REPLY_HEADROOM));
  }

  /** Counts the conversation's requests other instances made (when each finished, epoch ms). */
  learn(conversationId: string, finishedAt: readonly number[], now: number): void {
    this.conversations.learn(conversationId, finishedAt, now);
  }

  /** Counts a request to the conversation that starts now; call the result when it has finished. */
  begin(conversationId: string, now: number): (finishedAt: number) => void {
    const finished = [this.conversations.begin(conversationId, now), this.tenant.begin('tenant', now)];
    return (at) => finished.forEach((finish) => finish(at));
  }
}
