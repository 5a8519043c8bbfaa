import type { Queryable } from '../../store/db';
import { divisionsOf } from './divisions';
import { PERMISSIONS, type Actor, type Permission } from './permissions';
import { loadPermissions } from './role-store';

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

/** Who a user is by their Entra identity, with the app roles and groups their token carried. */
export interface UserIdentity {
  userId: string;
  name: string;
  roles: string[];
  groups?: string[];
}

/** What the user may do and see, by the roles and divisions the store grants them now. */
export async function actingUser(db: Queryable, identity: UserIdentity): Promise<ActingUser> {
  const permissions = await loadPermissions(db, identity);
  return { id: identity.userId, name: identity.name, permissions, divisions: await visibleDivisions(db, identity.userId, permissions) };
}

/** Every division with view-all, one's own with view-division, none without either. */
async function visibleDivisions(db: Queryable, userId: string, permissions: ReadonlySet<Permission>): Promise<DivisionFilter> {
  if (permissions.has('interactions:view-all')) return '*';
  return permissions.has('interactions:view-division') ? divisionsOf(db, userId) : [];
}

/** Keeps the roles and groups a user's last token carried, for where no token comes with them (the bot). */
export async function rememberUser(db: Queryable, identity: UserIdentity): Promise<void> {
  await db.query(
    `INSERT INTO known_users (user_id, name, roles, groups) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, groups = EXCLUDED.groups, updated_at = now()
     WHERE (known_users.name, known_users.roles, known_users.groups) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.roles, EXCLUDED.groups)`,
    [identity.userId, identity.name, identity.roles, identity.groups ?? []],
  );
}

/** The identity last seen for an Entra user, or null if they never signed in to the tab. */
export async function knownUser(db: Queryable, userId: string): Promise<UserIdentity | null> {
  const [row] = await db.query<{ name: string; roles: string[]; groups: string[] }>('SELECT name, roles, groups FROM known_users WHERE user_id = $1', [userId]);
  return row ? { userId, name: row.name, roles: row.roles, groups: row.groups } : null;
}
