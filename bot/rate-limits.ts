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

/** Teams' published bot limits (message send and update operations). */
export const TEAMS_LIMITS: TeamsLimits = {
  perConversation: [
    { count: 7, windowMs: 1_000 },
    { count: 8, windowMs: 2_000 },
    { count: 60, windowMs: 30_000 },
    { count: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ count: 50, windowMs: 1_000 }],
};

/**
 * Sliding-window limiter over several windows at once: how long until one more operation fits in
 * every window for a key. Kept in memory per instance; the dispatcher makes one instance the only
 * sender per conversation at a time, so per-conversation counts are exact.
 */
export class SlidingWindows {
  private readonly history = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly limits: Limit[]) {
    this.longest = Math.max(...limits.map((l) => l.windowMs));
  }

  /** Milliseconds to wait before the next operation for key (0: now). */
  waitMs(key: string, now: number): number {
    const times = this.prune(key, now);
    let wait = 0;
    for (const { count, windowMs } of this.limits) {
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length >= count) wait = Math.max(wait, inWindow[inWindow.length - count]! + windowMs - now);
    }
    return wait;
  }

  record(key: string, now: number): void {
    this.prune(key, now).push(now);
  }

  private prune(key: string, now: number): number[] {
    const kept = (this.history.get(key) ?? []).filter((t) => t > now - this.longest);
    this.history.set(key, kept);
    return kept;
  }
}
