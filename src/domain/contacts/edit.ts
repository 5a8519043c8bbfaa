import { z } from 'zod';
import type { Db, Queryable } from '../../store/db';
import { conflict, DomainError, notFound } from '../errors';
import { fieldChangesSchema, applyFieldChanges } from '../fields/values';
import { listFields } from '../fields/fields-store';
import { normalizeEmail, normalizePhone, type Identifier } from '../identity/identifiers';
import { lockIdentifiers } from '../identity/resolution';
import { announceContactChanged } from '../changes';
import type { Contact } from './contact';
import { addIdentifiers, contactsHolding, findContact, setContactType } from './contacts-store';
import { cardIds } from './family';

/** An agent's edit of a card (FIELD-1); what is left out stays as it is. */
export interface ContactEdit {
  name?: string;
  /** The card's phone numbers after the edit, in any format: replaces the ones it has. */
  phones?: string[];
  /** The card's e-mail addresses after the edit: replaces the ones it has. */
  emails?: string[];
  /** Custom field values to change, by ident; an empty value clears one. */
  fields?: Record<string, string>;
}

/**
 * Edits a card. Phone numbers and e-mail addresses are normalised as identity resolution does, so
 * the edited card resolves like any other; one that another card holds is refused, because the
 * two cards are then the same person, to be merged rather than to share it silently. Input problems
 * are reported together, each naming its field (`name`, `phones.1`, `fields.<ident>`).
 */
export async function editContact(db: Db, contactId: string, edit: ContactEdit, defaultPhoneRegion: string): Promise<void> {
  const basics = basicsSchema(defaultPhoneRegion).safeParse(edit);
  const identifiers = basics.data?.identifiers ?? [];
  await db.transaction(async (tx) => {
    // Identifiers before the card, as identity resolution takes them, so neither waits on the other in a circle.
    await lockIdentifiers(tx, identifiers.map(({ identifier }) => identifier));
    const contact = await findContact(tx, contactId, { forUpdate: true });
    if (!contact) throw notFound(`contact ${contactId} does not exist`);
    if (contact.aliasOf) throw conflict(`this card was merged into ${contact.aliasOf}; edit that card instead`);
    const changes = fieldChangesSchema(await listFields(tx), contact.fields).safeParse(edit.fields ?? {});
    const issues = [...(basics.error?.issues ?? []), ...(changes.error?.issues.map((i) => ({ ...i, path: ['fields', ...i.path] })) ?? [])];
    if (!basics.success || !changes.success) throw new z.ZodError(issues);

    await tx.query('UPDATE contacts SET name = $2, fields = $3, updated_at = now() WHERE id = $1', [
      contact.id, basics.data.name ?? contact.name, JSON.stringify(applyFieldChanges(contact.fields, changes.data)),
    ]);
    if (edit.phones) await replaceIdentifiers(tx, contact, 'phone', identifiers);
    if (edit.emails) await replaceIdentifiers(tx, contact, 'email', identifiers);
    // As in identity resolution: a web visitor given personal data is no longer only a cookie.
    if (contact.type === 'ephemeral' && identifiers.length > 0) {
      await setContactType(tx, contact.id, 'identified');
    }
    await announceContactChanged(tx, contact.id);
  });
}

/** An identifier of the edit and the input field it came from. */
interface EditedIdentifier {
  identifier: Identifier;
  field: string;
}

/** Each raw value normalised, or an issue at its index. */
const normalisedEach = (normalize: (raw: string) => string) =>
  z.array(z.string()).transform((values, ctx) =>
    values.flatMap((raw, index) => {
      try {
        return [normalize(raw)];
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        ctx.addIssue({ code: 'custom', path: [index], message: error.message, input: raw });
        return [];
      }
    }),
  );

/** The edit's name and identifiers, checked and normalised. */
const basicsSchema = (defaultPhoneRegion: string) =>
  z
    .object({
      name: z.string().trim().min(1, 'a contact needs a name').optional(),
      phones: normalisedEach((raw) => normalizePhone(raw, defaultPhoneRegion)).optional(),
      emails: normalisedEach(normalizeEmail).optional(),
    })
    .transform(({ name, phones = [], emails = [] }) => ({
      name,
      identifiers: [
        ...phones.map((value, i): EditedIdentifier => ({ identifier: { kind: 'phone', value }, field: `phones.${i}` })),
        ...emails.map((value, i): EditedIdentifier => ({ identifier: { kind: 'email', value }, field: `emails.${i}` })),
      ],
    }));

/** The card holds exactly these identifiers of the kind afterwards, on itself or its merged cards. */
async function replaceIdentifiers(tx: Queryable, contact: Contact, kind: Identifier['kind'], edited: EditedIdentifier[]): Promise<void> {
  const wanted = edited.filter(({ identifier }) => identifier.kind === kind);
  const held = new Set(contact.identifiers.filter((i) => i.kind === kind).map((i) => i.value));
  const added = wanted.filter(({ identifier }) => !held.has(identifier.value));
  for (const { identifier, field } of added) {
    const [other] = (await contactsHolding(tx, identifier)).filter((holder) => holder.id !== contact.id);
    if (other) {
      const name = other.name ?? 'another contact';
      throw new DomainError('conflict', `${identifier.value} is already on the card of ${name}; merge the two cards instead`, field);
    }
  }
  const kept = wanted.map(({ identifier }) => identifier.value);
  await tx.query(`DELETE FROM contact_identifiers WHERE contact_id = ANY(${cardIds('$1')}) AND kind = $2 AND NOT (value = ANY($3::text[]))`, [
    contact.id, kind, kept,
  ]);
  await addIdentifiers(tx, contact.id, added.map(({ identifier }) => identifier));
}
