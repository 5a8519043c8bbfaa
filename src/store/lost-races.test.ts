import { describeEachStore } from '../../test/support/stores';
import { ConcurrentChange, type Queryable } from './db';
import { LOST_RACE_RETRIES } from './lost-races';

describeEachStore('transactions that lose a race', (store, kind) => {
  const CARDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

  async function twoCards(): Promise<void> {
    await store().query(`INSERT INTO contacts (id, type, name) SELECT unnest($1::uuid[]), 'curated', ''`, [CARDS]);
  }
  const names = async () => (await store().query<{ name: string }>('SELECT name FROM contacts ORDER BY id')).map((r) => r.name);
  const rename = (tx: Queryable, id: string, mark: string) => tx.query(`UPDATE contacts SET name = name || $2 WHERE id = $1`, [id, mark]);

  // PGlite has one connection, so two of its transactions never overlap: a deadlock needs PostgreSQL.
  (kind === 'postgres' ? it : it.skip)('run again after losing a deadlock, and both commit', async () => {
    await twoCards();
    const attempts = { a: 0, b: 0 };
    const holdsFirst = { a: signal(), b: signal() };
    // Each locks one card, waits until the other holds the other card, then wants it too: a cycle.
    const lockBoth = (self: 'a' | 'b', other: 'a' | 'b', [first, second]: string[]) =>
      store().transaction(async (tx) => {
        attempts[self]++;
        await rename(tx, first!, self);
        holdsFirst[self].raise();
        await holdsFirst[other].raised;
        await rename(tx, second!, self);
      });

    const outcomes = await Promise.allSettled([lockBoth('a', 'b', CARDS), lockBoth('b', 'a', [...CARDS].reverse())]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts.a + attempts.b).toBe(3); // PostgreSQL aborted one of them (40P01); it ran once more
    const [first, second] = await names();
    expect([first, second].map((n) => [...n!].sort().join(''))).toEqual(['ab', 'ab']); // each renamed both, once
    expect(first!.slice(0, 1)).toBe(second!.slice(0, 1)); // the winner renamed both before the retried one
  }, 20_000);

  it('run again when the function says what it read changed, keeping only the last attempt', async () => {
    await twoCards();
    let attempts = 0;
    const result = await store().transaction(async (tx) => {
      attempts++;
      await rename(tx, CARDS[0]!, String(attempts));
      if (attempts < 3) throw new ConcurrentChange('a card joined meanwhile');
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(3);
    expect(await names()).toEqual(['3', '']);
  });

  it('give up after a bounded number of attempts, with the last error', async () => {
    let attempts = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    await expect(
      store().transaction(async () => {
        attempts++;
        throw deadlock;
      }),
    ).rejects.toBe(deadlock);
    expect(attempts).toBe(LOST_RACE_RETRIES + 1);
  });

  it('are the only ones run again: any other failure is thrown at once', async () => {
    await twoCards();
    let attempts = 0;
    await expect(
      store().transaction(async (tx) => {
        attempts++;
        await tx.query(`INSERT INTO contacts (id, type) VALUES ($1, 'curated')`, [CARDS[0]]); // 23505, a bug to report
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });
});

/** A promise another party resolves. */
function signal(): { raised: Promise<void>; raise: () => void } {
  let raise = () => undefined as void;
  const raised = new Promise<void>((resolve) => (raise = resolve));
  return { raised, raise };
}
