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
  'settings:manage', // CRM connection, feature switches, fields, roles (admins)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT: Permission[] = [
  'interactions:link', 'interactions:view-division', 'contacts:view', 'contacts:add', 'contacts:edit',
  'journey:view', 'identity:promote', 'identity:merge', 'contacts:merge',
];

/**
 * The built-in roles, named as the Entra app roles in aad.manifest.json. A user with no app role is
 * an Agent. (Admin-editable role mappings come with the admin settings.)
 */
export const DEFAULT_ROLE_PERMISSIONS: Record<string, readonly Permission[]> = {
  Agent: AGENT,
  Supervisor: [...AGENT, 'interactions:view-all', 'contacts:delete'],
  Admin: PERMISSIONS,
};

export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const known = roles.filter((role) => role in DEFAULT_ROLE_PERMISSIONS);
  return new Set((known.length > 0 ? known : ['Agent']).flatMap((role) => DEFAULT_ROLE_PERMISSIONS[role]!));
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
