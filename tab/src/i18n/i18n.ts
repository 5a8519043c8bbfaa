import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

export const LANGUAGES = ['en', 'ja', 'fr', 'de', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The tab's language for a Teams locale ("ja-jp", "fr-CA" …): its language part, or English. */
export function languageFor(locale: string): Language {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'en';
}

/** Each user loads English (the fallback) and their own language only: the others stay off the first render. */
const TRANSLATIONS: Record<Exclude<Language, 'en'>, () => Promise<{ default: object }>> = {
  ja: () => import('./locales/ja.json'),
  fr: () => import('./locales/fr.json'),
  de: () => import('./locales/de.json'),
  sv: () => import('./locales/sv.json'),
};

export async function initI18n(locale: string): Promise<i18n> {
  const language = languageFor(locale);
  const resources = { en: { translation: en }, ...(language !== 'en' && { [language]: { translation: (await TRANSLATIONS[language]()).default } }) };
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
