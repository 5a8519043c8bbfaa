import type { DisplayedIdentifier } from '../identity/identifiers';

/**
 * identified: auto-created from an identifier. ephemeral: a web visitor known only by a cookie.
 * curated: created, linked or promoted by an agent. canonical: the survivor of a merge (ID-6).
 */
export const CONTACT_TYPES = ['identified', 'ephemeral', 'curated', 'canonical'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export interface Contact {
  id: string;
  type: ContactType;
  name: string | null;
  fields: Record<string, string>;
  /** The canonical contact this one was merged into; null for a contact that is its own card. */
  aliasOf: string | null;
  createdAt: Date;
  lastInteractionAt: Date;
  identifiers: DisplayedIdentifier[];
}

/** Ephemeral contacts expire this long after their last interaction unless promoted or linked. */
export const EPHEMERAL_LIFETIME_DAYS = 60;

export function ephemeralExpiry(lastInteractionAt: Date): Date {
  return new Date(lastInteractionAt.getTime() + EPHEMERAL_LIFETIME_DAYS * 86_400_000);
}
