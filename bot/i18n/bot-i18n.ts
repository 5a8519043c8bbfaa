import i18next, { type TFunction } from 'i18next';
import { explainError, PROBLEM_WORDS } from '../../src/http/problem-details';
import { escapeMarkdown } from '../cards/markdown';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import ja from './ja.json';
import sv from './sv.json';

const LANGUAGES = ['en', 'ja', 'fr', 'de', 'sv'];

/** English, with the problem sentences the API says (one wording for both; the other languages translate them). */
export const englishTexts = { ...en, problem: PROBLEM_WORDS };

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false, // resources are bundled: initialise synchronously
  fallbackLng: 'en',
  resources: { en: { translation: englishTexts }, ja: { translation: ja }, fr: { translation: fr }, de: { translation: de }, sv: { translation: sv } },
  // Cards and messages are Teams markdown: what a text quotes (a name, a query) reads as typed. A value
  // that is itself a text of ours, its quotes escaped already, goes in unescaped: {{- what}}.
  interpolation: { escapeValue: true, escape: escapeMarkdown },
});

/** The card language for a Teams activity locale ("ja-JP" → ja), English otherwise. */
export function botLanguage(locale: string | undefined): string {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return LANGUAGES.includes(language) ? language : 'en';
}

export function botT(locale: string | undefined): TFunction {
  return i18n.getFixedT(botLanguage(locale));
}

/**
 * What went wrong, in the chat user's language: the API's problem detail for the same error (see
 * explainError), translated; undefined for an unexpected error, which the caller logs.
 */
export function problemText(error: unknown, t: TFunction): string | undefined {
  const words = explainError(error)?.words;
  if (!words) return undefined;
  // Unescaped: the sentence is quoted into another (error.generic), which escapes it once.
  return 'text' in words ? words.text : t(`problem.${words.key}`, { ...words.values, interpolation: { escapeValue: false } });
}
