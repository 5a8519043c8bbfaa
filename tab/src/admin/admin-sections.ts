import type { Permission } from '../api/types';

/**
 * The admin settings sections (ADMIN-2) in order, by the id the URL names (`?admin=roles`), with the
 * permission each needs — the one its API asks for. Apart from the sections themselves, so the search
 * page can link to them without loading them.
 */
const NEEDS = {
  general: 'settings:manage',
  features: 'settings:manage',
  crm: 'settings:manage',
  'crm-records': 'settings:manage',
  fields: 'settings:manage',
  roles: 'settings:manage',
  divisions: 'settings:manage',
  audit: 'settings:manage',
  privacy: 'privacy:manage',
} as const satisfies Record<string, Permission>;

export type AdminSectionId = keyof typeof NEEDS;

/** The sections a user may open, in order: a privacy officer sees Privacy alone, an admin every one. */
export const adminSectionsFor = (can: (permission: Permission) => boolean): AdminSectionId[] =>
  (Object.keys(NEEDS) as AdminSectionId[]).filter((id) => can(NEEDS[id]));
