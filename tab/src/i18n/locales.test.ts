import de from './locales/de.json';
import en from './locales/en.json';
import fr from './locales/fr.json';
import ja from './locales/ja.json';
import sv from './locales/sv.json';

type Messages = { [key: string]: string | Messages };
type Language = 'ja' | 'fr' | 'de' | 'sv';

const TRANSLATIONS: Record<Language, Messages> = { ja, fr, de, sv };

/** Languages without grammatical number: i18next only ever asks them for `_other`. */
const NO_PLURAL: readonly Language[] = ['ja'];

/** Keys whose translation is legitimately spelled as in English. */
const SAME_AS_ENGLISH: Record<Language, readonly string[]> = {
  ja: ['channel.sms', 'channel.web', 'message.via.sms'],
  fr: [
    'crm.type.contact',
    'section.notes',
    'notes.title',
    'notes.list_one',
    'notes.list_other',
    'contact.email',
    'contact.type',
    'contactType.curated',
    'interaction.agent',
    'interaction.division',
    'interaction.messages',
    'channel.sms',
    'channel.chat',
    'channel.email',
    'channel.web',
    'customFields.type.email',
    'admin.fields.type',
    'admin.fields.options',
    'admin.divisions.tab',
  ],
  de: [
    'crm.type.lead','contact.name', 'interaction.agent', 'channel.voicemail', 'channel.sms', 'channel.chat', 'channel.web', 'customFields.type.text'],
  sv: [
    'crm.type.lead','interaction.agent', 'interaction.division', 'channel.sms', 'customFields.type.text'],
};

/** The quotation marks each language uses where English has “…”. */
const QUOTES: Record<Language, [string, string]> = { ja: ['「', '」'], fr: ['«\u00a0', '\u00a0»'], de: ['„', '“'], sv: ['”', '”'] };

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([^}\s,]+)[^}]*\}\}/g;

function flatten(messages: Messages, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, path)) flat.set(k, v);
    else flat.set(path, value);
  }
  return flat;
}

const placeholders = (text: string) => [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();

/** Each translated key and the English key it translates. */
function expectedKeys(language: Language, english: Map<string, unknown>): Map<string, string> {
  const expected = new Map<string, string>();
  for (const key of english.keys()) {
    const plural = PLURAL.exec(key);
    if (plural && NO_PLURAL.includes(language)) {
      if (plural[2] === 'other') expected.set(key, key);
    } else {
      expected.set(key, key);
    }
  }
  return expected;
}

/** Everything wrong with one translation, as readable lines (empty when it is complete). */
function problems(language: Language, messages: Messages): string[] {
  const english = flatten(en as Messages);
  const translated = flatten(messages);
  const expected = expectedKeys(language, english);
  const found: string[] = [];

  for (const key of expected.keys()) if (!translated.has(key)) found.push(`${language}: missing key ${key}`);
  for (const key of translated.keys()) if (!expected.has(key)) found.push(`${language}: extra key ${key}`);

  for (const [key, englishKey] of expected) {
    const value = translated.get(key);
    const source = english.get(englishKey) as string;
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      found.push(`${language}: ${key} is not a non-empty string`);
      continue;
    }
    const want = placeholders(source).join(', ');
    const got = placeholders(value).join(', ');
    if (want !== got) found.push(`${language}: ${key} has placeholders {${got}}, English has {${want}}`);
    if (value === source && !SAME_AS_ENGLISH[language].includes(key)) found.push(`${language}: ${key} is untranslated ("${value}")`);
    if (value !== source && SAME_AS_ENGLISH[language].includes(key)) found.push(`${language}: ${key} is allow-listed as same as English but differs`);
    const [open, close] = QUOTES[language];
    if (source.includes('“') && !(value.includes(open) && value.includes(close)))
      found.push(`${language}: ${key} should quote with ${open.trim()}…${close.trim()}`);
  }
  return found;
}

describe('tab translations', () => {
  it.each(Object.keys(TRANSLATIONS) as Language[])('%s has every English string, translated, with the same placeholders', (language) => {
    expect(problems(language, TRANSLATIONS[language])).toEqual([]);
  });

  it('Japanese has only the _other form of plural keys', () => {
    const keys = [...flatten(ja as Messages).keys()];
    expect(keys.filter((k) => /_(zero|one|two|few|many)$/.test(k))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(['candidates.notice_other', 'lookup.several_other', 'search.results_other']));
  });

  it('notices a missing key, an extra key, a changed placeholder and an untranslated string', () => {
    const broken = JSON.parse(JSON.stringify(fr)) as Messages;
    const card = broken.card as Messages;
    delete card.refresh;
    card.label = 'Fiche client de {{nom}}';
    (broken.search as Messages).submit = 'Search';
    (broken.candidates as Messages).notice_two = '{{count}} autres contacts';
    expect(problems('fr', broken)).toEqual(
      expect.arrayContaining([
        'fr: missing key card.refresh',
        'fr: extra key candidates.notice_two',
        'fr: card.label has placeholders {nom}, English has {name}',
        'fr: search.submit is untranslated ("Search")',
      ]),
    );
    const withOne = JSON.parse(JSON.stringify(ja)) as Messages;
    (withOne.search as Messages).results_one = '{{count}} 件の結果';
    expect(problems('ja', withOne)).toEqual(['ja: extra key search.results_one']);
  });
});
