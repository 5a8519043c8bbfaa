import { SlidingWindows, TEAMS_LIMITS } from './rate-limits';

describe('SlidingWindows with Teams limits per conversation', () => {
  it('allows 7 operations in a second, then waits for the window', () => {
    const limiter = new SlidingWindows(TEAMS_LIMITS.perConversation);
    for (let i = 0; i < 7; i++) {
      expect(limiter.waitMs('c', 1000 + i)).toBe(0);
      limiter.record('c', 1000 + i);
    }
    expect(limiter.waitMs('c', 1010)).toBe(1000 - 10); // the first of the 7 leaves the 1 s window at 2000
  });

  it('allows only 8 in any 2 seconds and 60 in any 30 seconds', () => {
    const limiter = new SlidingWindows(TEAMS_LIMITS.perConversation);
    for (let i = 0; i < 8; i++) limiter.record('c', i * 200); // 8 in 1.4 s, never 7 within one second
    expect(limiter.waitMs('c', 1600)).toBe(400); // the 2 s window frees at 2000
    const slow = new SlidingWindows(TEAMS_LIMITS.perConversation);
    for (let i = 0; i < 60; i++) slow.record('c', i * 300); // 60 within 17.7 s
    expect(slow.waitMs('c', 18_000)).toBe(30_000 - 18_000);
  });

  it('keeps keys apart', () => {
    const limiter = new SlidingWindows(TEAMS_LIMITS.perTenant);
    for (let i = 0; i < 50; i++) limiter.record('tenant-a', 0);
    expect(limiter.waitMs('tenant-a', 10)).toBeGreaterThan(0);
    expect(limiter.waitMs('tenant-b', 10)).toBe(0);
  });
});
