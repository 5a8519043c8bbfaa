import { z } from 'zod';
import type { Queryable } from '../../store/db';
import { invalid } from '../errors';
import { listFields } from '../fields/fields-store';
import { applyFieldChanges, fieldChangesSchema } from '../fields/values';
import { normalizeIdentifiers, type ProvidedIdentifiers } from '../identity/identifiers';
import { insertContact } from './contacts-store';

export interface ContactInput extends ProvidedIdentifiers {
  name: string;
  /** Custom field values by ident, checked as an edit of an empty card would be. */
  fields?: Record<string, string>;
}

/**
 * An agent creates a contact (LOOK-3 "Create contact", FIELD-1): it is curated, and holds the
 * identifiers given, normalised like those of incoming interactions. Runs in the caller's transaction,
 * so what follows the creation (attaching an interaction) commits or rolls back with it.
 */
export async function createContact(tx: Queryable, input: ContactInput, defaultPhoneRegion: string): Promise<string> {
  const identifiers = normalizeIdentifiers(input, defaultPhoneRegion);
  if (input.name.trim() === '') throw invalid('a contact needs a name', 'name');
  const { fields } = z.object({ fields: fieldChangesSchema(await listFields(tx), {}) }).parse({ fields: input.fields ?? {} });
  return insertContact(tx, { type: 'curated', name: input.name.trim(), fields: applyFieldChanges({}, fields), identifiers });
}
