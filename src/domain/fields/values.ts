import { z } from 'zod';
import type { FieldDefinition } from './definition';

export const TEXT_MAX_LENGTH = 1000;

const isEmail = (value: string) => z.email().safeParse(value).success;

/**
 * Why a value does not fit its field's type (FIELD-3), naming the field; null when it fits. An empty
 * value always fits: it clears the field.
 */
export function valueProblem(field: FieldDefinition, value: string): string | null {
  if (value === '') return null;
  const name = field.labels.en;
  switch (field.type) {
    case 'text':
      return value.length > TEXT_MAX_LENGTH ? `${name} may be at most ${TEXT_MAX_LENGTH} characters long (this value has ${value.length})` : null;
    case 'email':
      return isEmail(value) ? null : `${name} must be an e-mail address such as name@example.com ("${value}" is not one)`;
    case 'dropdown':
      return field.options.includes(value) ? null : `${name} must be one of ${field.options.join(', ')} ("${value}" is not one of them)`;
  }
}

/**
 * The changes an agent makes to a card's field values, checked: only active, editable fields change,
 * and each new value must fit its type. A value sent back unchanged is not checked again, so a value
 * stored before its field changed type, lost an option or retired never blocks editing the rest.
 * Issues name `<ident>` (under the caller's path), all of them at once.
 */
export function fieldChangesSchema(definitions: FieldDefinition[], current: Record<string, string>) {
  const active = new Map(definitions.filter((d) => d.retiredAt === null).map((d) => [d.ident, d]));
  return z.record(z.string(), z.string()).transform((changes, ctx) => {
    const checked: Record<string, string> = {};
    for (const [ident, raw] of Object.entries(changes)) {
      const value = raw.trim();
      const problem = changeProblem(active.get(ident), ident, value, current[ident] ?? '');
      if (problem) ctx.addIssue({ code: 'custom', path: [ident], message: problem, input: raw });
      else checked[ident] = value;
    }
    return checked;
  });
}

function changeProblem(field: FieldDefinition | undefined, ident: string, value: string, before: string): string | null {
  if (value === before) return null;
  if (!field) return `there is no field ${ident}`;
  if (!field.editable) return `${field.labels.en} is not editable`;
  return valueProblem(field, value);
}

/** The card's field values after the changes; an empty value removes the field's value. */
export function applyFieldChanges(current: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const next = { ...current, ...changes };
  for (const [ident, value] of Object.entries(changes)) if (value === '') delete next[ident];
  return next;
}
