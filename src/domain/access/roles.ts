import { conflict, invalid } from '../errors';
import type { Permission } from './permissions';

/** Where a token names a role: an Entra app role value (`roles` claim) or a group object id (`groups` claim). */
export const MAPPING_SOURCES = ['appRole', 'group'] as const;
export type MappingSource = (typeof MAPPING_SOURCES)[number];

/** An app role or group that grants one of our roles. */
export interface RoleMapping {
  source: MappingSource;
  value: string;
  role: string;
}

/** What a token says about the user's roles. */
export interface RoleClaims {
  /** Entra app role values. */
  roles: readonly string[];
  /** Entra group object ids; absent when the token carries none (or too many: see README). */
  groups?: readonly string[];
}

/**
 * Our roles a user holds: each app role named exactly like one of them, and every role one of their
 * app roles or groups is mapped to. A mapping adds to the same-named role rather than replacing it,
 * so the Admin app role always reaches the settings.
 */
export function rolesOf(claims: RoleClaims, mappings: readonly RoleMapping[], roleNames: ReadonlySet<string>): string[] {
  const held: Record<MappingSource, ReadonlySet<string>> = { appRole: new Set(claims.roles), group: new Set(claims.groups ?? []) };
  const named = claims.roles.filter((role) => roleNames.has(role));
  const mapped = mappings.filter((m) => held[m.source].has(m.value) && roleNames.has(m.role)).map((m) => m.role);
  return [...new Set([...named, ...mapped])];
}

/** 1–64 letters, digits, spaces, hyphens or underscores. */
export const ROLE_NAME = /^[\p{L}\p{N} _-]{1,64}$/u;

const ADMIN_ROLE = 'Admin';

/** Admin keeps settings:manage, so that nobody locks every admin out of the settings. */
export function checkRolePermissions(name: string, permissions: readonly Permission[]): void {
  if (name === ADMIN_ROLE && !permissions.includes('settings:manage')) {
    throw invalid(`the ${ADMIN_ROLE} role keeps settings:manage, so that someone can always manage the settings`, 'permissions');
  }
}

export function checkDeletable(role: { name: string; builtIn: boolean }): void {
  if (role.builtIn) throw conflict(`${role.name} is a built-in role; change its permissions instead of deleting it`);
}
