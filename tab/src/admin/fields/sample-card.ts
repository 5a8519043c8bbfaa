import type { CustomerCard } from '../../../../src/domain/cards/customer-card';
import { cardFields } from '../../../../src/domain/fields/card-fields';
import type { Interaction } from '../../../../src/domain/interactions/interaction';
import type { CardTexts } from '../../../../bot/cards/card-texts';
import type { FieldDefinitionData } from '../../api/types';
import type { Language } from '../../i18n/i18n';

/** What the sample contact holds in each field: a dropdown's first option, an address, or a word for a text. */
export interface SampleValues {
  text: string;
}

const at = new Date('2026-11-20T09:15:00Z');
const CONTACT_ID = '00000000-0000-4000-8000-000000000000';

const interaction = (id: string, channel: Interaction['channel'], startedAt: Date): Interaction => ({
  id, contactId: CONTACT_ID, channel, division: 'sample', direction: 'inbound', matched: null, providedContact: {},
  startedAt, state: 'ended', stateChangedAt: startedAt, agent: null, endedAt: startedAt, acwCompletedAt: startedAt,
});

/**
 * The sample contact the admin's preview shows, with the fields as the server builds a card's fields
 * (cardFields: the admin's order, retired ones left out): the bot then shows those visible on cards.
 */
export function sampleCard(fields: FieldDefinitionData[], sample: SampleValues): CustomerCard {
  const definitions = fields.map((f) => ({ ...f, retiredAt: f.retiredAt === null ? null : new Date(f.retiredAt) }));
  const values = Object.fromEntries(fields.map((f) => [f.ident, f.type === 'dropdown' ? (f.options[0] ?? '') : f.type === 'email' ? 'edward.ferrars@norland.example' : sample.text]));
  return {
    contact: {
      id: CONTACT_ID, type: 'curated', name: 'Edward Ferrars', fields: values, aliasOf: null, createdAt: at, lastInteractionAt: at, expiresAt: null,
      // Displayed as the server formats them (libphonenumber stays out of the tab).
      identifiers: [{ kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' }, { kind: 'email', value: 'edward.ferrars@norland.example', display: 'edward.ferrars@norland.example' }],
    },
    fields: cardFields(definitions, values),
    resolvedFrom: null,
    interactions: [interaction('sample-call', 'voice', at), interaction('sample-chat', 'chat', new Date('2026-11-18T14:40:00Z'))],
    visits: [],
    merges: [],
    notes: [],
    sentMessages: [],
  };
}

/** The bot's own texts, English (the fallback) and the admin's language: loaded with the preview only. */
const BOT_TEXTS: Record<Language, () => Promise<{ default: CardTexts }>> = {
  en: () => import('../../../../bot/i18n/en.json'),
  ja: () => import('../../../../bot/i18n/ja.json'),
  fr: () => import('../../../../bot/i18n/fr.json'),
  de: () => import('../../../../bot/i18n/de.json'),
  sv: () => import('../../../../bot/i18n/sv.json'),
};

export async function botTexts(language: Language): Promise<{ en: CardTexts } & Record<string, CardTexts>> {
  const [en, own] = await Promise.all([BOT_TEXTS.en(), BOT_TEXTS[language]()]);
  return { en: en.default, [language]: own.default };
}
