import { SlidingWindows, teamsLimits, TeamsRateLimiter } from './rate-limits';

const TEAMS_LIMITS = teamsLimits();

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

  it('counts an operation in flight, and from when it finished once it has', () => {
    const limiter = new SlidingWindows([{ count: 1, windowMs: 1_000 }]);
    const finished = limiter.begin('c', 0);
    expect(limiter.waitMs('c', 5_000)).toBeGreaterThan(0); // still in flight: Teams may not have counted it yet
    finished(400);
    expect(limiter.waitMs('c', 1_000)).toBe(400); // it may have reached Teams as late as 400
    expect(limiter.waitMs('c', 1_400)).toBe(0);
  });

  it('counts what another sender reported once, alongside its own', () => {
    const limiter = new SlidingWindows(TEAMS_LIMITS.perConversation);
    for (let i = 0; i < 3; i++) limiter.record('c', 1000 + i);
    limiter.learn('c', [1000, 1001, 1002, 1003, 1004, 1005, 1006, -50_000], 1010); // its own three come back, the old one has expired
    expect(limiter.waitMs('c', 1010)).toBe(990); // 7 in the last second: the first leaves it at 2000
    limiter.learn('c', [1003], 1010);
    expect(limiter.waitMs('c', 1999)).toBe(1);
  });

  it('takes the tenant rate from configuration and keeps Teams\' per-conversation limits', () => {
    expect(teamsLimits(20).perTenant).toEqual([{ count: 20, windowMs: 1_000 }]);
    expect(teamsLimits(20).perConversation).toEqual(TEAMS_LIMITS.perConversation);
  });

  it('leaves the bot\'s turn replies a twentieth of every limit (one at least), and counts them', () => {
    const limiter = new TeamsRateLimiter(TEAMS_LIMITS);
    for (let i = 0; i < 6; i++) limiter.begin('c', 0)(1);
    expect(limiter.waitMs('c', 2)).toBeGreaterThan(0); // 6 of 7 per second: the 7th is a reply's
    for (let i = 0; i < 41; i++) limiter.begin(`other-${i}`, 0)(1);
    expect(limiter.waitMs('fresh', 2)).toBe(0); // 47 of the tenant's 50 per second
    limiter.begin('other', 0)(1);
    expect(limiter.waitMs('fresh', 2)).toBe(999); // 48: the rest is the replies'
  });
});
