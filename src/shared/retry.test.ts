import { backoffMs, isTransientStatus, parseRetryAfter, retryDelayMs } from './retry';

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  const now = Date.UTC(2026, 11, 5, 4, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date in each of the three forms a recipient must accept, as UTC', () => {
    expect(parseRetryAfter('Sat, 05 Dec 2026 04:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Saturday, 05-Dec-26 04:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat Dec  5 04:00:07 2026', now)).toBe(7_000);
  });

  it('reads a date already past as "now"', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it.each(['soon', '1.5', '-3', '1e3', 'Sat, 31 Feb 2026 04:00:00 GMT', 'Sat, 05 Dec 2026 04:00:30 PST', '2026-12-05T04:00:30Z', '', undefined, null])(
    'ignores %p rather than misreading it',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});

describe('backoff with full jitter', () => {
  const schedule = { initialMs: 1_000, maxMs: 10_000 };

  it('waits a random time below a ceiling that doubles with each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, schedule, () => 0.999_999))).toEqual([999, 1_999, 3_999, 7_999]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, schedule, () => 0))).toEqual([0, 0, 0, 0]);
    expect(backoffMs(3, schedule, () => 0.5)).toBe(2_000);
  });

  it('never waits longer than the schedule allows', () => {
    expect(backoffMs(50, schedule, () => 0.999_999)).toBe(9_999);
  });

  it('never retries sooner than the remote asked, and backs off further when it asked for less', () => {
    expect(retryDelayMs(1, 7_000, schedule, () => 0.5)).toBe(7_000);
    expect(retryDelayMs(4, 1_000, schedule, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(1, undefined, schedule, () => 0.5)).toBe(500);
  });
});

describe('transient or final', () => {
  it('retries timeouts, throttling and server trouble; not what the request itself got wrong', () => {
    expect([408, 429, 500, 502, 503, 504].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 412, 422].some(isTransientStatus)).toBe(false);
  });
});
