import { botT } from '../i18n/bot-i18n';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import ja from '../i18n/ja.json';
import sv from '../i18n/sv.json';
import { CARD_LOCALES, sampleCustomerCard } from '../../test/support/bot-cards';
import { customerCardJson } from './card-json';
import { cardTranslator } from './card-texts';
import { customerCardAttachment } from './render';

const TEXTS = { en, ja, fr, de, sv };

describe('the card texts outside the bot (the admin\'s preview)', () => {
  it.each(CARD_LOCALES)('make in %s the very card the bot posts, text to escape included', (locale) => {
    const language = locale.slice(0, 2) as keyof typeof TEXTS;
    const t = cardTranslator(language, { en: TEXTS.en, [language]: TEXTS[language] });
    const card = sampleCustomerCard('[Ed](https://phish) *Ferrars*');
    const tabUrl = 'https://cards.example/tab';
    const notice = { style: 'good' as const, text: botT(locale)('notice.merged', { name: '**Ed**' }) };
    expect(customerCardJson(card, { t, locale, tabUrl }, { notice })).toEqual(customerCardAttachment(card, { t: botT(locale), locale, tabUrl }, { notice }).content);
    expect(t('card.more', { count: 3 })).toBe(botT(locale)('card.more', { count: 3 }));
    expect(t('matches.title', { count: 2, query: '_x_' })).toBe(botT(locale)('matches.title', { count: 2, query: '_x_' }));
  });
});
