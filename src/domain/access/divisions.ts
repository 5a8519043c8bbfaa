import { audit } from '../settings-audit';
import { lockName, type Db, type Queryable } from '../../store/db';
import type { Actor } from './permissions';

/** A user and the divisions whose interactions they see (without the view-all permission). */
export interface UserDivisions {
  userId: string;
  /** As their last tab sign-in named them; null for a user given divisions before signing in. */
  name: string | null;
  divisions: string[];
}

export async function divisionsOf(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.query<{ division: string }>('SELECT division FROM user_divisions WHERE user_id = $1 ORDER BY division', [userId]);
  return rows.map((r) => r.division);
}

/** Everyone who signed in or was given divisions, with their divisions. */
export async function listUserDivisions(db: Queryable): Promise<UserDivisions[]> {
  return db.query<UserDivisions>(
    `SELECT u.user_id AS "userId", k.name,
       coalesce(array_agg(d.division ORDER BY d.division) FILTER (WHERE d.division IS NOT NULL), '{}') AS divisions
     FROM (SELECT user_id FROM known_users UNION SELECT user_id FROM user_divisions) u
     LEFT JOIN known_users k ON k.user_id = u.user_id
     LEFT JOIN user_divisions d ON d.user_id = u.user_id
     GROUP BY u.user_id, k.name
     ORDER BY coalesce(k.name, u.user_id), u.user_id`,
  );
}

/** The divisions interactions came in or users were given. */
export async function divisionsInUse(db: Queryable): Promise<string[]> {
  // Interactions are many and divisions few: step through the index one division at a time.
  const rows = await db.query<{ division: string }>(
    `WITH RECURSIVE seen (division) AS (
       (SELECT division FROM interactions ORDER BY division LIMIT 1)
       UNION ALL
       SELECT (SELECT i.division FROM interactions i WHERE i.division > seen.division ORDER BY i.division LIMIT 1)
       FROM seen WHERE seen.division IS NOT NULL
     )
     SELECT division FROM seen WHERE division IS NOT NULL
     UNION SELECT division FROM user_divisions
     ORDER BY division`,
  );
  return rows.map((r) => r.division);
}

/** Replaces the user's divisions; they apply from the user's next request. */
export async function setUserDivisions(db: Db, editor: Pick<Actor, 'id' | 'name'>, userId: string, divisions: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(divisions)].sort();
  await db.transaction(async (tx) => {
    await lockName(tx, `user-divisions:${userId}`);
    const before = await divisionsOf(tx, userId);
    await tx.query('DELETE FROM user_divisions WHERE user_id = $1', [userId]);
    await tx.query('INSERT INTO user_divisions (user_id, division) SELECT $1, unnest($2::text[])', [userId, wanted]);
    await audit(tx, editor, `user-divisions:${userId}`, before, wanted);
  });
  return wanted;
}
