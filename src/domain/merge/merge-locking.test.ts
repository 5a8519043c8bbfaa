import { describeEachStore } from '../../../test/support/stores';
import { waitUntil } from '../../../test/support/wait';
import type { Db, Queryable } from '../../store/db';
import { PERMISSIONS, type Actor } from '../access/permissions';
import { findContact } from '../contacts/contacts-store';
import { mergeCards } from './merge-cards';

const ELINOR: Actor = { id: 'elinor', name: 'Elinor Dashwood', permissions: new Set(PERMISSIONS) };
const [S, M, X, N] = ['a', 'b', 'c', 'd'].map((c) => `00000000-0000-4000-8000-00000000000${c}`) as [string, string, string, string];

// Another session changes a named card while the merge waits for its lock: what the merge finds when
// it gets the lock decides. PGlite runs one transaction at a time, so only PostgreSQL can interleave.
describeEachStore('a merge whose cards change while it waits for their locks', (store, kind) => {
  const postgresOnly = kind === 'postgres' ? it : it.skip;

  /** Runs `change` in a session holding `locked`, after mergeCards(S ← M) has begun waiting for it. */
  async function mergeWhileChanged(locked: string, change: (tx: Queryable) => Promise<unknown>) {
    const db = store();
    await db.query(`INSERT INTO contacts (id, type, name) SELECT unnest($1::uuid[]), 'curated', 'Card'`, [[S, M, X, N]]);
    let merging: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [locked]);
      merging = mergeCards(db, ELINOR, S, M).catch((error: unknown) => error);
      await waitUntil(async () => (await sessionsWaitingForLocks(db)) > 0);
      await change(tx);
    });
    return { db, outcome: await merging };
  }

  postgresOnly.each([
    ['the merged card went into another card', M, `UPDATE contacts SET alias_of = '${X}' WHERE id = '${M}'`, `that card was already merged into ${X}; merge that card instead`],
    ['the survivor went into another card', S, `UPDATE contacts SET alias_of = '${X}' WHERE id = '${S}'`, `this card was merged into ${X}; open that card to merge into it`],
    ['the merged card went into the survivor', M, `UPDATE contacts SET alias_of = '${S}' WHERE id = '${M}'`, 'that card is already merged into this one'],
  ])('is refused with a 409 saying so when %s', async (_case, locked, change, message) => {
    const { db, outcome } = await mergeWhileChanged(locked, (tx) => tx.query(change));
    expect(outcome).toMatchObject({ code: 'conflict', message });
    expect(await db.query('SELECT 1 FROM merges')).toEqual([]);
  });

  postgresOnly('takes along a card merged into the merged card meanwhile: it runs again with the grown family', async () => {
    const { db, outcome } = await mergeWhileChanged(M, (tx) => tx.query('UPDATE contacts SET alias_of = $1 WHERE id = $2', [M, N]));
    expect(outcome).toMatchObject({ plan: { survivorId: S, mergedId: M } });
    expect([(await findContact(db, M))!.aliasOf, (await findContact(db, N))!.aliasOf]).toEqual([S, S]);
    expect(await db.query('SELECT survivor_id, alias_id FROM merges')).toEqual([{ survivor_id: S, alias_id: M }]);
  });
});

async function sessionsWaitingForLocks(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return row!.n;
}
