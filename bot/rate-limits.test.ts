import { silentLog } from '../test/support/events';
import { describeEachStore } from '../test/support/stores';
import { waitUntil } from '../test/support/wait';
import { type Limit, type RequestSlot, teamsLimits, TeamsRateLimiter } from './rate-limits';

const MINUTE = 60_000;

describe('teamsLimits', () => {
  it('takes the tenant rate from configuration and keeps Teams\' per-conversation limits', () => {
    expect(teamsLimits(20).perTenant).toEqual([{ count: 20, windowMs: 1_000 }]);
    expect(teamsLimits(20).perConversation).toEqual(teamsLimits().perConversation);
    expect(teamsLimits().perConversation).toContainEqual({ count: 1_800, windowMs: 3_600_000 });
  });
});

describeEachStore('Teams\' limits counted in the store', (store) => {
  /** A limiter as one app instance has it; several over one store are several instances. */
  const instance = (perConversation: Limit[], perTenant: Limit[] = [{ count: 1_000, windowMs: MINUTE }], inFlightBoundMs?: number) =>
    new TeamsRateLimiter({ db: store(), limits: { perConversation, perTenant }, log: silentLog, inFlightBoundMs });
  /** Takes a slot and reports the request finished at once. */
  const send = async (limiter: TeamsRateLimiter, conversationId: string): Promise<RequestSlot> => {
    const slot = await limiter.take(conversationId);
    if (slot.taken) await slot.finished();
    return slot;
  };
  const takenBy = async (limiter: TeamsRateLimiter, conversationId: string, n: number) => {
    const slots = [];
    for (let i = 0; i < n; i++) slots.push(await send(limiter, conversationId));
    return slots.map((s) => s.taken);
  };
  const waitOf = (slot: RequestSlot) => (slot.taken ? 0 : slot.waitMs);

  it('takes slots until a limit is full (less a twentieth, one at least, for the replies), then says how long until one frees', async () => {
    const limiter = instance([{ count: 3, windowMs: MINUTE }]);
    expect(await takenBy(limiter, 'c', 2)).toEqual([true, true]); // the third is the replies'
    const refused = await send(limiter, 'c');
    expect(refused.taken).toBe(false);
    expect(waitOf(refused)).toBeGreaterThan(MINUTE / 2); // the oldest leaves the window about a minute after it finished
    expect(waitOf(refused)).toBeLessThanOrEqual(MINUTE);
  });

  it('counts every instance\'s requests: the tenant\'s across conversations, each conversation\'s apart', async () => {
    const [a, b, c] = [0, 1, 2].map(() => instance([{ count: 3, windowMs: MINUTE }], [{ count: 6, windowMs: MINUTE }]));
    expect(await takenBy(a!, 'x', 2)).toEqual([true, true]);
    expect((await send(b!, 'x')).taken).toBe(false); // x is full, whoever sends to it
    expect(await takenBy(b!, 'y', 2)).toEqual([true, true]);
    expect((await send(c!, 'z')).taken).toBe(true); // 5 of the tenant's 6: the sixth is the replies'
    expect((await send(c!, 'w')).taken).toBe(false);
    expect((await send(a!, 'v')).taken).toBe(false);
  });

  it('never gives the last slots twice to instances asking at the same moment', async () => {
    const instances = Array.from({ length: 30 }, () => instance([{ count: 1_000, windowMs: MINUTE }], [{ count: 11, windowMs: MINUTE }]));
    const slots = await Promise.all(instances.map((limiter, i) => limiter.take(`c-${i}`)));
    expect(slots.filter((s) => s.taken)).toHaveLength(10); // 10 of the tenant's 11, however the 30 requests interleaved
  });

  it('waits in memory up to the patience given; while the tenant is full, one of an instance\'s senders asks the store at a time', async () => {
    let asked = 0;
    const db = store();
    const counting = { exec: (sql: string) => db.exec(sql), query: <Row>(sql: string, params?: readonly unknown[]) => ((asked += sql.includes('take_bot_request') ? 1 : 0), db.query<Row>(sql, params)) };
    const limiter = new TeamsRateLimiter({ db: counting, limits: { perConversation: [{ count: 100, windowMs: MINUTE }], perTenant: [{ count: 3, windowMs: 200 }] }, log: silentLog });
    const senders = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      const slot = await limiter.take(`c-${i}`, 5_000);
      if (slot.taken) await slot.finished();
      return slot.taken;
    }));
    expect(senders).toEqual(Array(10).fill(true)); // 2 per 200 ms: all within a second or so
    expect(asked).toBeLessThanOrEqual(2 * 10); // each asks when its turn comes and once more when the tenant has room (not all at every slot that frees)
  });

  it('counts the bot\'s replies in turns, which take the room the dispatcher left them and more if they must', async () => {
    const dispatcher = instance([{ count: 7, windowMs: MINUTE }]);
    const replies = instance([{ count: 7, windowMs: MINUTE }]);
    await replies.count('c', 2);
    expect(await takenBy(dispatcher, 'c', 5)).toEqual([true, true, true, true, false]); // 2 replies + 4 sends: 6 of 7
    await replies.count('c', 1); // a reply cannot wait: counted even so
    expect(await store().query("SELECT 1 FROM bot_requests WHERE conversation_id = 'c'")).toHaveLength(7);
  });

  it('counts a request in flight until it has finished, and then for its window', async () => {
    const limiter = instance([{ count: 2, windowMs: MINUTE }]);
    const inFlight = await limiter.take('c');
    expect(inFlight.taken).toBe(true);
    const whileInFlight = await send(limiter, 'c');
    expect(whileInFlight.taken).toBe(false);
    expect(waitOf(whileInFlight)).toBeLessThan(1_000); // look again soon: it may finish any moment
    if (inFlight.taken) await inFlight.finished();
    expect(waitOf(await send(limiter, 'c'))).toBeGreaterThan(MINUTE / 2);
  });

  it('stops counting a request never reported finished (its instance died) once it may no longer be in flight', async () => {
    const limiter = instance([{ count: 2, windowMs: 100 }], undefined, 200);
    expect((await limiter.take('c')).taken).toBe(true); // never finished
    expect((await send(limiter, 'c')).taken).toBe(false);
    await waitUntil(async () => (await send(limiter, 'c')).taken, 5_000);
  });

  it('forgets requests once the longest window has passed', async () => {
    const limiter = instance([{ count: 100, windowMs: 50 }], [{ count: 100, windowMs: 100 }]);
    await takenBy(limiter, 'old', 3);
    await waitUntil(async () => {
      await send(limiter, 'new'); // taking a slot prunes
      return (await store().query("SELECT 1 FROM bot_requests WHERE conversation_id = 'old'")).length === 0;
    }, 5_000);
  });
});
