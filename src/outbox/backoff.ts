import { ExponentialBackoff } from 'cockatiel';

const INITIAL_DELAY_MS = 2_000;
const MAX_DELAY_MS = 10 * 60_000;

/**
 * The wait before retry number `attempt` (1-based): exponential with decorrelated jitter (cockatiel),
 * so many items failing together do not all come back at once. Recomputed from the attempt count,
 * because the schedule lives in the store and must survive restarts.
 */
export function retryDelayMs(attempt: number): number {
  let backoff = new ExponentialBackoff({ initialDelay: INITIAL_DELAY_MS, maxDelay: MAX_DELAY_MS }).next();
  for (let i = 1; i < attempt; i++) backoff = backoff.next(undefined);
  return backoff.duration;
}
