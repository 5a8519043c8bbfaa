import type { Db } from '../../store/db';
import { invalid } from '../errors';
import { normalizeIdentifiers, type ProvidedIdentifiers } from '../identity/identifiers';
import { insertContact } from './contacts-store';

export interface ContactInput extends ProvidedIdentifiers {
  name: string;
  fields?: Record<string, string>;
}

/**
 * An agent creates a contact (LOOK-3 "Create contact", FIELD-1): it is curated, and holds the
 * identifiers given, normalised like those of incoming interactions.
 */
export async function createContact(db: Db, input: ContactInput, defaultPhoneRegion: string): Promise<string> {
  const identifiers = normalizeIdentifiers(input, defaultPhoneRegion);
  if (input.name.trim() === '') throw invalid('a contact needs a name', 'name');
  return db.transaction((tx) =>
    insertContact(tx, { type: 'curated', name: input.name.trim(), fields: input.fields, identifiers }),
  );
}
