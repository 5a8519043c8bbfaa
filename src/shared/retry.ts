/**
 * One retry vocabulary for everything that calls a remote and tries again later (the outbox, the
 * bot's card dispatcher, the CRM connectors): whether a failure is worth trying again (transient)
 * or not (final), when the remote asked us to come back (Retry-After), and how long to wait when it
 * did not say (exponential backoff with full jitter).
 */

/** A failure as a retrying worker sees it: transient (retryable; not before retryAfterMs when the remote said) or final. */
export interface RetryVerdict {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

/** HTTP statuses after which the same request may succeed later: a timeout, throttling, the server's own trouble. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** How a worker backs off: the first retry waits below initialMs, each next one below twice as long, never above maxMs. */
export interface BackoffSchedule {
  initialMs: number;
  maxMs: number;
}

/** For remotes we deliver to (CRMs, Teams): 2 s, 4 s, 8 s … up to 10 minutes. */
export const REMOTE_BACKOFF: BackoffSchedule = { initialMs: 2_000, maxMs: 10 * 60_000 };

/**
 * The wait before retry number `attempt` (1-based): a random wait below initialMs·2^(attempt−1),
 * capped at maxMs ("full jitter"), so items failing together do not all come back together.
 * Computed from the attempt count alone, because schedules live in the store and survive restarts.
 */
export function backoffMs(attempt: number, schedule: BackoffSchedule = REMOTE_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(schedule.maxMs, schedule.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The wait before retry number `attempt`: our backoff, but never sooner than the remote asked. */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  schedule: BackoffSchedule = REMOTE_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.max(retryAfterMs ?? 0, backoffMs(attempt, schedule, random));
}

/**
 * Retry-After as milliseconds from `now` (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date (a date
 * already past is 0). Anything else is undefined: the header is ignored, not misread.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<h>\\d{2}):(?<m>\\d{2}):(?<s>\\d{2})';
/** The three HTTP-date forms a recipient must accept (RFC 9110 §5.6.7). */
const HTTP_DATES = [
  new RegExp(`^[A-Z][a-z]{2}, (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`), // IMF-fixdate
  new RegExp(`^[A-Z][a-z]+, (?<day>\\d{2})-${MONTH}-(?<yy>\\d{2}) ${TIME} GMT$`), // obsolete RFC 850
  new RegExp(`^[A-Z][a-z]{2} ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`), // obsolete asctime, in UTC
];

/** Epoch ms of an HTTP-date, always UTC: Date.parse would also take "2" (a year) and read asctime as local time. */
function parseHttpDate(text: string, now: number): number | undefined {
  const date = HTTP_DATES.map((form) => form.exec(text)?.groups).find((groups) => groups !== undefined);
  if (!date) return undefined;
  const [day, h, m, s] = [date.day, date.h, date.m, date.s].map(Number) as [number, number, number, number];
  const year = date.year !== undefined ? Number(date.year) : twoDigitYear(Number(date.yy), now);
  const time = Date.UTC(year, MONTHS.indexOf(date.month!), day, h, m, s);
  // Date.UTC rolls 31 Feb over to March: a day that does not exist is no date.
  return new Date(time).getUTCDate() === day && h < 24 && m < 60 && s <= 60 ? time : undefined;
}

/** RFC 9110 §5.6.7: a two-digit year that would be more than 50 years ahead is in the past century. */
function twoDigitYear(yy: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = Math.floor(thisYear / 100) * 100 + yy;
  return year > thisYear + 50 ? year - 100 : year;
}
