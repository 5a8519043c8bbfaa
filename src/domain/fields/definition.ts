import { z } from 'zod';

/** What a custom field holds (FIELD-2); each type checks its values (FIELD-3). */
export const FIELD_TYPES = ['text', 'email', 'dropdown'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The languages of the tab and the cards: a label may be given in each; English is required. */
export const LABEL_LANGUAGES = ['en', 'ja', 'fr', 'de', 'sv'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];
export type FieldLabels = { en: string } & Partial<Record<Exclude<LabelLanguage, 'en'>, string>>;

/** What an admin decides about a field, apart from its ident. */
export interface FieldSettings {
  labels: FieldLabels;
  type: FieldType;
  /** Dropdown choices, each both the stored value and what agents see; empty for other types. */
  options: string[];
  /** Shown on the customer card in the tab (the side panel). */
  visibleInPanel: boolean;
  /** Agents may change its value. */
  editable: boolean;
  /** Shown on the customer cards the bot posts in chats. */
  visibleOnCard: boolean;
}

export interface FieldDefinition extends FieldSettings {
  /** The key of the field's values in every contact's fields; never changes once created. */
  ident: string;
  position: number;
  /** Set while retired: hidden from agents and cards, its values kept. */
  retiredAt: Date | null;
}

export const IDENT_MAX_LENGTH = 64;
const IDENT_CHARACTER = /^[A-Za-z0-9_-]$/;

/** Why an ident is refused, in words that point at the fault; null when it is acceptable. */
export function identProblem(ident: string): string | null {
  if (ident.length === 0) return 'an ident cannot be empty';
  if (ident.length > IDENT_MAX_LENGTH) return `an ident may be at most ${IDENT_MAX_LENGTH} characters long (this one has ${ident.length})`;
  const wrong = [...ident].find((character) => !IDENT_CHARACTER.test(character));
  return wrong === undefined ? null : `an ident may contain only letters, digits, - and _ (found ${describeCharacter(wrong)})`;
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space';
  if (character === '\t') return 'a tab';
  return /\s/.test(character) ? 'white space' : `"${character}"`;
}

export const LABEL_MAX_LENGTH = 100;
export const OPTION_MAX_LENGTH = 100;
export const MAX_OPTIONS = 100;

const Ident = z.string().superRefine((ident, ctx) => {
  const problem = identProblem(ident);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const tooLong = (what: string, max: number) => `${what} may be at most ${max} characters long`;
const translatedLabel = z.string().trim().max(LABEL_MAX_LENGTH, tooLong('a label', LABEL_MAX_LENGTH)).optional();

/** Labels per language; a translation left empty is absent, so agents see the English label instead. */
const Labels = z
  .object({
    en: z.string().trim().min(1, 'an English label is required').max(LABEL_MAX_LENGTH, tooLong('a label', LABEL_MAX_LENGTH)),
    ja: translatedLabel,
    fr: translatedLabel,
    de: translatedLabel,
    sv: translatedLabel,
  })
  .transform((labels) => Object.fromEntries(Object.entries(labels).filter(([, label]) => label)) as FieldLabels);

const Options = z
  .array(z.string().trim().min(1, 'an option cannot be empty').max(OPTION_MAX_LENGTH, tooLong('an option', OPTION_MAX_LENGTH)))
  .max(MAX_OPTIONS, `a dropdown may have at most ${MAX_OPTIONS} options`)
  .refine((options) => new Set(options).size === options.length, 'each option may appear only once');

const settingsShape = {
  labels: Labels,
  type: z.enum(FIELD_TYPES, `type must be one of ${FIELD_TYPES.join(', ')}`),
  options: Options.default([]),
  visibleInPanel: z.boolean().default(true),
  editable: z.boolean().default(true),
  visibleOnCard: z.boolean().default(false),
};

/** A dropdown needs something to choose; options mean nothing to the other types and are dropped. */
function optionsFitType<T extends { type: FieldType; options: string[] }>(settings: T, ctx: z.RefinementCtx): T {
  if (settings.type === 'dropdown' && settings.options.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'a dropdown needs at least one option' });
  }
  return settings.type === 'dropdown' ? settings : { ...settings, options: [] };
}

/** An admin's field settings as the API receives them (edit). */
export const FieldSettingsInput = z.object(settingsShape).transform(optionsFitType);
/** A new field: its ident and settings (create). */
export const NewFieldInput = z.object({ ident: Ident, ...settingsShape }).transform(optionsFitType);
export type NewField = z.output<typeof NewFieldInput>;

/** The label for a language, or the English one when the admin gave none in it. */
export function labelIn(labels: FieldLabels, language: string): string {
  return labels[language as LabelLanguage] ?? labels.en;
}
