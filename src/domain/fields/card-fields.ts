import type { FieldDefinition, FieldSettings } from './definition';

/** A custom field as the card shows it: how the admin defined it, and this contact's value. */
export interface CardField extends FieldSettings {
  ident: string;
  value: string | null;
}

/**
 * The card's fields in the admin's order: every active field, with or without a value (the edit form
 * offers the empty ones), then values the contact-center platform sent under keys no field defines,
 * read-only under their key. Retired fields are left out; their values stay stored.
 */
export function cardFields(definitions: FieldDefinition[], values: Record<string, string>): CardField[] {
  const defined = new Set(definitions.map((d) => d.ident));
  const active = definitions
    .filter((d) => d.retiredAt === null)
    .map(({ ident, labels, type, options, visibleInPanel, editable, visibleOnCard }) => ({
      ident, labels, type, options, visibleInPanel, editable, visibleOnCard, value: values[ident] || null,
    }));
  const undefinedKeys = Object.keys(values)
    .filter((key) => !defined.has(key) && values[key] !== '')
    .sort()
    .map((key) => ({
      ident: key, labels: { en: key }, type: 'text' as const, options: [], visibleInPanel: true, editable: false, visibleOnCard: false, value: values[key]!,
    }));
  return [...active, ...undefinedKeys];
}

/** The values agents may see: those of retired fields are kept in the store, not shown. */
export function withoutRetiredValues(definitions: FieldDefinition[], values: Record<string, string>): Record<string, string> {
  const retired = new Set(definitions.filter((d) => d.retiredAt !== null).map((d) => d.ident));
  return Object.fromEntries(Object.entries(values).filter(([ident]) => !retired.has(ident)));
}
