import type { Queryable } from '../../store/db';
import { PERMISSIONS, permissionsOf, type Actor } from './permissions';

/** Whose interactions a user may see: every division, or the ones listed. */
export type DivisionFilter = '*' | string[];

/** A signed-in user acting on the store: what they may do and which interactions they see. */
export interface ActingUser extends Actor {
  divisions: DivisionFilter;
}

/** Who acts without signing in, in development mode only: may do everything, sees every division. */
export const DEVELOPMENT_USER: ActingUser = {
  id: 'dev-user',
  name: 'Development User',
  permissions: new Set(PERMISSIONS),
  divisions: '*',
};

/** Who a user is by their Entra identity, with the app roles their token carried. */
export interface UserIdentity {
  userId: string;
  name: string;
  roles: string[];
}

export async function actingUser(db: Queryable, identity: UserIdentity): Promise<ActingUser> {
  const permissions = permissionsOf(identity.roles);
  const divisions = permissions.has('interactions:view-all')
    ? '*'
    : (await db.query<{ division: string }>('SELECT division FROM user_divisions WHERE user_id = $1', [identity.userId])).map((r) => r.division);
  return { id: identity.userId, name: identity.name, permissions, divisions };
}

/** Keeps the roles a user's last token carried, for where no token comes with them (the bot). */
export async function rememberUser(db: Queryable, identity: UserIdentity): Promise<void> {
  await db.query(
    `INSERT INTO known_users (user_id, name, roles) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, updated_at = now()
     WHERE (known_users.name, known_users.roles) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.roles)`,
    [identity.userId, identity.name, identity.roles],
  );
}

/** The identity last seen for an Entra user, or null if they never signed in to the tab. */
export async function knownUser(db: Queryable, userId: string): Promise<UserIdentity | null> {
  const [row] = await db.query<{ name: string; roles: string[] }>('SELECT name, roles FROM known_users WHERE user_id = $1', [userId]);
  return row ? { userId, name: row.name, roles: row.roles } : null;
}
