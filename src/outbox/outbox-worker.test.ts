import { silentLog } from '../../test/support/events';
import { describeEachStore } from '../../test/support/stores';
import { OutboxFailure, OutboxWorker, rearm, type OutboxItem } from './outbox-worker';

describeEachStore('outbox worker', (store) => {
  async function enqueue(key: string): Promise<void> {
    await store().query(`INSERT INTO outbox (topic, key, payload) VALUES ('test', $1, '{"n": 1}')`, [key]);
  }
  async function row(key: string) {
    const [r] = await store().query<{ attempts: number; done: boolean; dead: boolean; later: boolean; last_error: string | null }>(
      `SELECT attempts, done_at IS NOT NULL AS done, dead_at IS NOT NULL AS dead, next_attempt_at > now() AS later, last_error FROM outbox WHERE key = $1`,
      [key],
    );
    return r!;
  }
  const worker = (handler: (item: OutboxItem) => Promise<void>, options: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}) =>
    new OutboxWorker({ db: store(), log: silentLog, handlers: { test: handler }, ...options });

  it('delivers an item once and marks it done', async () => {
    await enqueue('a');
    const delivered: string[] = [];
    const w = worker(async (item) => void delivered.push(item.key));
    expect(await w.round()).toBe(1);
    expect(await w.round()).toBe(0);
    expect(delivered).toEqual(['a']);
    expect(await row('a')).toMatchObject({ attempts: 1, done: true, dead: false });
  });

  it('schedules a retryable failure for later, honouring Retry-After, and delivers it then', async () => {
    await enqueue('b');
    let calls = 0;
    const w = worker(async () => {
      if (++calls === 1) throw new OutboxFailure('throttled', true, 3_600_000);
    });
    await w.round();
    expect(await row('b')).toMatchObject({ attempts: 1, done: false, later: true, last_error: 'throttled' });
    const [{ wait }] = (await store().query<{ wait: number }>(`SELECT extract(epoch FROM next_attempt_at - now())::float8 AS wait FROM outbox WHERE key = 'b'`)) as [{ wait: number }];
    expect(wait).toBeGreaterThan(3500); // the remote's Retry-After, not our shorter backoff
    expect(await w.round()).toBe(0); // not due yet

    // An hour later (another instance, which holds nothing back): delivered.
    await store().query(`UPDATE outbox SET next_attempt_at = now() WHERE key = 'b'`);
    await worker(async () => undefined).round();
    expect(await row('b')).toMatchObject({ attempts: 2, done: true });
  });

  it('an item re-armed while it is being delivered is delivered again, with the newer state; re-arming a done or dead one queues it again', async () => {
    await rearm(store(), 'test', 'r', { n: 1 });
    const delivered: number[] = [];
    let rearmDuringDelivery = true;
    const w = worker(async (item) => {
      delivered.push(item.generation);
      if (rearmDuringDelivery) {
        rearmDuringDelivery = false;
        await rearm(store(), 'test', 'r', { n: 2 }); // a later write-back point, committed mid-delivery
      }
    });
    expect(await w.round()).toBe(1);
    expect(await row('r')).toMatchObject({ done: false, dead: false, attempts: 0 });
    expect(await w.round()).toBe(1);
    expect(await w.round()).toBe(0);
    expect(delivered).toEqual([0, 1]);
    expect(await row('r')).toMatchObject({ done: true });

    await store().query(`UPDATE outbox SET done_at = NULL, dead_at = now(), last_error = 'rejected' WHERE key = 'r'`);
    await rearm(store(), 'test', 'r', { n: 3 });
    expect(await row('r')).toMatchObject({ done: false, dead: false, attempts: 0, last_error: null });
    expect(await w.round()).toBe(1);
    expect(delivered).toEqual([0, 1, 2]);
  });

  it('dead-letters what cannot succeed, visibly, and what keeps failing after the last attempt', async () => {
    await enqueue('c');
    await enqueue('d');
    const failing = () => worker(async (item) => {
      throw new OutboxFailure(item.key === 'c' ? 'rejected: bad field' : 'unavailable', item.key !== 'c');
    }, { maxAttempts: 2 });
    await failing().round();
    expect(await row('c')).toMatchObject({ dead: true, last_error: 'rejected: bad field' });
    expect(await row('d')).toMatchObject({ dead: false, attempts: 1 });
    await store().query(`UPDATE outbox SET next_attempt_at = now() WHERE key = 'd'`);
    await failing().round();
    expect(await row('d')).toMatchObject({ dead: true, attempts: 2 });
  });

  it('a worker that dies mid-delivery loses the item only until its lease ends', async () => {
    await enqueue('e');
    let claimed!: () => void;
    const stuckInDelivery = new Promise<void>((resolve) => (claimed = resolve));
    const stuck = worker(() => {
      claimed();
      return new Promise<void>(() => undefined); // never finishes: a crash
    });
    void stuck.round();
    await stuckInDelivery;
    const delivered: string[] = [];
    const rescuer = worker(async (item) => void delivered.push(item.key));
    expect(await rescuer.round()).toBe(0); // still leased
    const [{ leasedFor }] = (await store().query<{ leasedFor: number }>(`SELECT extract(epoch FROM leased_until - now())::float8 AS "leasedFor" FROM outbox WHERE key = 'e'`)) as [{ leasedFor: number }];
    expect(leasedFor).toBeGreaterThan(50); // the default lease, a minute

    // A minute later: the lease has run out.
    await store().query(`UPDATE outbox SET leased_until = now() - interval '1 millisecond' WHERE key = 'e'`);
    expect(await rescuer.round()).toBe(1);
    expect(delivered).toEqual(['e']);
    expect(await row('e')).toMatchObject({ attempts: 2, done: true });
  });
});

describeEachStore('outbox worker during a remote outage', (store) => {
  it('holds the topic instead of hammering a failing remote, and catches up at once when it answers again', async () => {
    const db = store();
    await db.query(`INSERT INTO outbox (topic, key, payload) SELECT 'test', 'k' || g, '{}' FROM generate_series(1, 30) g`);
    let down = true;
    let calls = 0;
    let now = Date.now();
    const w = new OutboxWorker({
      db, log: silentLog, batchSize: 10, maxHoldMs: 100, clock: () => now,
      handlers: { test: async () => { calls++; if (down) throw new OutboxFailure('unavailable', true); } },
    });
    expect(await w.round()).toBe(10); // the first batch finds the remote down
    await db.query(`UPDATE outbox SET next_attempt_at = now()`); // everything due: only the hold stops it
    expect(await w.round()).toBe(0);
    expect(calls).toBe(10);

    down = false;
    now += 150; // the hold ends; the next batch probes
    await db.query(`UPDATE outbox SET next_attempt_at = now() + interval '1 hour' WHERE attempts > 0`); // their own backoff is long
    let rounds = 0;
    while ((await w.round()) > 0) rounds++;
    const [left] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL');
    expect(left!.n).toBe(0); // the successful probe made the retries due at once
    expect(rounds).toBeLessThanOrEqual(4);
  });
});
