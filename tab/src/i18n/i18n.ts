import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './locales/de.json';
import en from './locales/en.json';
import fr from './locales/fr.json';
import ja from './locales/ja.json';
import sv from './locales/sv.json';

export const LANGUAGES = ['en', 'ja', 'fr', 'de', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The tab's language for a Teams locale ("ja-jp", "fr-CA" …): its language part, or English. */
export function languageFor(locale: string): Language {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'en';
}

export async function initI18n(locale: string): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: languageFor(locale),
    fallbackLng: 'en',
    resources: { en: { translation: en }, ja: { translation: ja }, fr: { translation: fr }, de: { translation: de }, sv: { translation: sv } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
