import i18next, { type TFunction } from 'i18next';
import { escapeMarkdown } from './markdown';

/** The bot's texts in one language: a bot/i18n/*.json file. */
export type CardTexts = Record<string, unknown>;

/**
 * A translator for the card texts outside the bot (the admin's card preview in the tab), set up as
 * bot-i18n.ts sets up the bot's: English as the fallback, interpolated values escaped as Teams markdown.
 */
export function cardTranslator(language: string, texts: { en: CardTexts } & Record<string, CardTexts>): TFunction {
  const i18n = i18next.createInstance();
  void i18n.init({
    initAsync: false,
    lng: language,
    fallbackLng: 'en',
    resources: Object.fromEntries(Object.entries(texts).map(([lng, translation]) => [lng, { translation }])),
    interpolation: { escapeValue: true, escape: escapeMarkdown },
  });
  return i18n.getFixedT(language);
}
