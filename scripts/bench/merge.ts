import { performance } from 'node:perf_hooks';
import { PERMISSIONS } from '../../src/domain/access/permissions';
import { mergeCards } from '../../src/domain/merge/merge-cards';
import { undoMerge } from '../../src/domain/merge/undo-merge';
import type { Db } from '../../src/store/db';
import { benchStores, percentile, type BenchStore } from './stores';

const SMALL = 10;
const LARGE = 10_000;
const PAIRS = 7;
const actor = { id: 'bench', name: 'Bench', permissions: new Set(PERMISSIONS) };

/** Merging, and undoing, two cards of 10,000 interactions each against two of 10 each: the cost must not grow. */
export async function benchMerge(): Promise<string[]> {
  const lines = [`merge and undo: two cards with ${LARGE} interactions each vs ${SMALL} each (median of ${PAIRS} merges, each then undone)`];
  for (const store of benchStores()) {
    const small = await measure(store.open, SMALL);
    const large = await measure(store.open, LARGE);
    for (const step of ['merge', 'undo'] as const) {
      lines.push(`  ${store.name.padEnd(8)} ${step.padEnd(5)} ${large[step].toFixed(2)} vs ${small[step].toFixed(2)} ms   ratio ${(large[step] / small[step]).toFixed(2)} (target ≤ 2)`);
    }
  }
  return lines;
}

async function measure(open: BenchStore['open'], interactionsPerCard: number): Promise<{ merge: number; undo: number }> {
  const { db, done } = await open();
  try {
    const pairs = await seedPairs(db, interactionsPerCard);
    await undoMerge(db, actor, (await mergeCards(db, actor, pairs[0]![0], pairs[0]![1])).mergeId); // warm-up
    const times = { merge: [] as number[], undo: [] as number[] };
    for (const [survivor, merged] of pairs.slice(1)) {
      let started = performance.now();
      const { mergeId } = await mergeCards(db, actor, survivor, merged);
      times.merge.push(performance.now() - started);
      started = performance.now();
      await undoMerge(db, actor, mergeId);
      times.undo.push(performance.now() - started);
    }
    const median = (list: number[]) => percentile(list.sort((a, b) => a - b), 50);
    return { merge: median(times.merge), undo: median(times.undo) };
  } finally {
    await done();
  }
}

/** PAIRS + 1 pairs of cards, each card with its own phone number and n ended calls. */
async function seedPairs(db: Db, n: number): Promise<Array<[string, string]>> {
  const pairs: Array<[string, string]> = [];
  for (let p = 0; p <= PAIRS; p++) {
    const ids: string[] = [];
    for (const side of ['a', 'b']) {
      const [row] = await db.query<{ id: string }>(`INSERT INTO contacts (type, name) VALUES ('identified', $1) RETURNING id`, [`Pair ${p}${side}`]);
      const id = row!.id;
      await db.query(`INSERT INTO contact_identifiers (kind, value, contact_id) VALUES ('phone', $1, $2)`, [`+1803555${String(p).padStart(2, '0')}${side === 'a' ? '01' : '02'}`, id]);
      await db.query(
        `INSERT INTO interactions (id, contact_id, channel, division, direction, state, state_changed_at, started_at, ended_at)
         SELECT 'merge-' || $1 || '-' || g, $1::uuid, 'voice', 'support-emea', 'inbound', 'ended', now(), now() - make_interval(mins => g), now()
         FROM generate_series(1, $2) g`,
        [id, n],
      );
      ids.push(id);
    }
    pairs.push([ids[0]!, ids[1]!]);
  }
  await db.exec('ANALYZE');
  return pairs;
}
