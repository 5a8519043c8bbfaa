import { DomainError } from '../errors';

/** What a user may do (PRODUCT.md ADMIN-3), granted to roles. */
export const PERMISSIONS = [
  'interactions:link', // attach a contact to an interaction
  'interactions:view-division', // interactions of one's own divisions
  'interactions:view-all', // interactions of every division
  'contacts:view',
  'contacts:add',
  'contacts:edit',
  'contacts:delete',
  'journey:view',
  'identity:promote', // make an auto-created or ephemeral contact curated (ID-7)
  'identity:merge', // merge an auto-created or ephemeral contact into a curated one
  'contacts:merge', // merge customer cards otherwise
  'contacts:unmerge', // undo a merge (MERGE-6)
  'settings:manage', // CRM connection, feature switches, fields, roles (admins)
  'privacy:manage', // export and erase everything stored about a contact (ADMIN-4)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role grants, by role name. */
export type RoleCatalogue = ReadonlyMap<string, readonly Permission[]>;

/** The role of whoever is granted no role. */
const FALLBACK_ROLE = 'Agent';

const AGENT: Permission[] = [
  'interactions:link', 'interactions:view-division', 'contacts:view', 'contacts:add', 'contacts:edit',
  'journey:view', 'identity:promote', 'identity:merge', 'contacts:merge', 'contacts:unmerge',
];

/**
 * The built-in roles as migration 010 seeds them, named as the Entra app roles in aad.manifest.json.
 * Admins edit roles in the store (src/domain/access/role-store.ts); what counts is read from there.
 */
export const DEFAULT_ROLE_PERMISSIONS: RoleCatalogue = new Map<string, readonly Permission[]>([
  ['Agent', AGENT],
  ['Supervisor', [...AGENT, 'interactions:view-all', 'contacts:delete']],
  ['Admin', PERMISSIONS],
]);

/** What the roles grant together; someone granted none of the catalogue's roles is an Agent. */
export function permissionsOf(roles: readonly string[], catalogue: RoleCatalogue = DEFAULT_ROLE_PERMISSIONS): ReadonlySet<Permission> {
  const known = roles.filter((role) => catalogue.has(role));
  return new Set((known.length > 0 ? known : [FALLBACK_ROLE]).flatMap((role) => catalogue.get(role) ?? []));
}

/** Someone acting: who they are (for audits) and what they may do. */
export interface Actor {
  id: string;
  name: string;
  permissions: ReadonlySet<Permission>;
}

export function requirePermission(actor: Pick<Actor, 'permissions'>, permission: Permission, toDo: string): void {
  if (!actor.permissions.has(permission)) {
    throw new DomainError('forbidden', `you need the ${permission} permission to ${toDo}`);
  }
}
