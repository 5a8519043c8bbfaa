import { ExponentialBackoff, fullJitterGenerator, handleWhen, retry } from 'cockatiel';
import { ConcurrentChange } from './db';

/**
 * SQLSTATEs with which PostgreSQL aborts a transaction for losing a race, not for doing wrong:
 * 40P01 (it was chosen to break a deadlock) and 40001 (serialization failure). Run again from the
 * start, the same transaction usually succeeds.
 */
const LOST_RACE_CODES: ReadonlySet<unknown> = new Set(['40P01', '40001']);

/** Whether a transaction failed only because a concurrent one got in its way. */
export function lostRace(error: unknown): boolean {
  return error instanceof ConcurrentChange || LOST_RACE_CODES.has((error as { code?: unknown } | null)?.code);
}

/** How many times a transaction that lost a race is run again before its error is given up. */
export const LOST_RACE_RETRIES = 6;

/**
 * Exponential backoff with full jitter (a random wait below 10, 20, 40 … 320 ms): transactions
 * that collided come back at scattered moments instead of colliding again, and all the waits
 * together stay well under a second. (Remote calls retried later back off the same way: src/shared/retry.ts.)
 */
const retryLostRaces = retry(handleWhen(lostRace), {
  maxAttempts: LOST_RACE_RETRIES,
  backoff: new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: 10, maxDelay: 1_000 }),
});

/** Runs `transaction` (all of it, from BEGIN), again after a lost race, a bounded number of times. */
export function retryingLostRaces<T>(transaction: () => Promise<T>): Promise<T> {
  return retryLostRaces.execute(() => transaction());
}
