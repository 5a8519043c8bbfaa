import type { CrmLink } from '../../src/crm/links';
import type { CustomerCard, InteractionCard } from '../../src/domain/cards/customer-card';
import type { ContactSummary } from '../../src/domain/contacts/search';
import { displayed } from '../../src/domain/identity/identifiers';
import type { Interaction } from '../../src/domain/interactions/interaction';
import { TEXT_MAX_LENGTH } from '../../src/domain/fields/values';
import { botT } from '../../bot/i18n/bot-i18n';
import {
  customerCardAttachment,
  interactionCardAttachment,
  matchesAttachment,
  messageAttachment,
  noMatchAttachment,
  type CardContext,
} from '../../bot/cards/render';

/**
 * Every card the bot can send, built by the bot's own render functions from realistic data: each
 * template in a small form and in a form so full that it is cut to size (MAX_CARD_BYTES).
 */

const at = new Date('2026-11-20T10:00:00Z');
const EDWARD = '7d0a3d5e-0000-4000-8000-000000000001';
const phone = displayed({ kind: 'phone', value: '+18035550142' });
const email = displayed({ kind: 'email', value: 'edward.ferrars@norland.example' });

const interaction = (n: number, fields: Partial<Interaction> = {}): Interaction => ({
  id: `call-${n}`, contactId: EDWARD, channel: n % 2 ? 'chat' : 'voice', division: 'support-emea', direction: 'inbound', matched: null, providedContact: {},
  startedAt: at, state: 'ended', stateChangedAt: at, agent: { id: 'elinor', name: 'Elinor Dashwood' }, endedAt: at, acwCompletedAt: at, ...fields,
});

/** A text field; its value as long as a text value may be (TEXT_MAX_LENGTH) when `long`. */
const field = (n: number, long = false): CustomerCard['fields'][number] => ({
  ident: `field-${n}`, labels: { en: `Field ${n}`, ja: `項目 ${n}`, fr: `Champ ${n}`, de: `Feld ${n}`, sv: `Fält ${n}` }, type: 'text', options: [],
  visibleInPanel: true, editable: true, visibleOnCard: true, value: long ? `Notes ${n}: ${'delivery on Mondays only. '.repeat(40)}`.slice(0, TEXT_MAX_LENGTH) : `Value ${n}`,
});

const customer = (interactions: number, fields: number, long = false): CustomerCard => ({
  fields: Array.from({ length: fields }, (_, n) => field(n, long)),
  contact: { id: EDWARD, type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: at, lastInteractionAt: at, expiresAt: null, identifiers: [phone, email] },
  resolvedFrom: null,
  interactions: Array.from({ length: interactions }, (_, n) => interaction(n)),
  visits: [],
  merges: [],
  notes: [],
  sentMessages: [],
});

const summary = (n: number): ContactSummary => ({ id: `c-${n}`, name: `Edward Ferrars ${n}`, type: 'identified', createdAt: at, identifiers: [phone, email] });

const link = (id: string, name: string, writeBack: CrmLink['writeBack']): CrmLink =>
  ({ type: 'contact', id, name, url: `https://crm.example/${id}`, linkedBy: 'Elinor', linkedAt: at, writeBack });

const chat = (messages: number): InteractionCard => ({
  interaction: interaction(0, { id: 'chat-1', channel: 'chat', state: 'active' }),
  messages: Array.from({ length: messages }, (_, n) => ({
    id: `m${n}`, direction: n % 2 ? 'outbound' : 'inbound', subject: null, text: `Where is my order ${n}? ${'It was due on Monday. '.repeat(90)}`, sentAt: at,
  })),
  card: customer(1, 2),
  candidates: [],
});

const crmActions = (suggested: number) => ({
  linked: [link('rec-1', 'Edward Ferrars (CRM)', { state: 'written', error: null, as: 'WhoId' })],
  suggested: Array.from({ length: suggested }, (_, n) => ({ type: 'contact', id: `s-${n}`, name: `Suggested ${n}`, person: true, url: '', fields: {} })),
  relatedTo: [{ slot: 'who', type: 'contact', id: 'rec-1', name: 'Edward Ferrars (CRM)', byDefault: false }],
  canLink: true,
  canRelate: true,
});

/** A contact's card with a few custom fields, named as given. */
export const sampleCustomerCard = (name: string): CustomerCard => ({ ...customer(3, 3), contact: { ...customer(0, 0).contact, name } });

export const CARD_LOCALES = ['en-US', 'ja-JP', 'fr-FR', 'de-DE', 'sv-SE'];

export interface SentCard {
  name: string;
  content: object;
  /** Whether the card was built from more than fits in MAX_CARD_BYTES, so it was cut to size. */
  cut: boolean;
}

/** The bot's cards in one locale, each template small and cut to size. */
export function botCards(locale: string): SentCard[] {
  const t = botT(locale);
  const ctx: CardContext = { t, locale, tabUrl: 'https://cards.example/tab' };
  const notice = { style: 'good' as const, text: t('notice.merged', { name: 'Ed Ferrars' }) };
  const refresh = { userIds: Array.from({ length: 70 }, (_, n) => `29:user-${n}`) };
  const duplicates = Array.from({ length: 7 }, (_, n) => summary(n));
  const failed = link('rec-2', 'Lucy Steele', { state: 'failed', error: `FIELD_CUSTOM_VALIDATION_EXCEPTION: Subject must name the order ${'x'.repeat(300)}`, as: null });
  const dropped = link('rec-3', 'Spring Tea', { state: 'dropped', error: 'A task whose Name is a lead cannot have a Related To', as: null });
  const content = (attachment: { content?: unknown }) => attachment.content as object;
  return [
    { name: 'customer card, small', cut: false, content: content(customerCardAttachment(customer(2, 2), ctx)) },
    { name: 'customer card, cut to size', cut: true, content: content(customerCardAttachment(customer(1000, 20, true), ctx, { actions: { duplicates }, notice, refresh })) },
    { name: 'interaction card, small', cut: false, content: content(interactionCardAttachment(chat(1), [], ctx)) },
    {
      name: 'interaction card, cut to size',
      cut: true,
      content: content(interactionCardAttachment(chat(60), [failed, dropped, link('rec-1', 'Edward Ferrars (CRM)', { state: 'waiting', error: null, as: null })], ctx, {
        actions: { duplicates, crm: crmActions(8) }, notice: { style: 'attention', text: t('notice.unlinked', { name: 'Spring Tea' }) }, refresh,
      })),
    },
    { name: 'matches, small', cut: false, content: content(matchesAttachment('Edward', [summary(1), summary(2)], ctx)) },
    { name: 'matches, more than listed', cut: false, content: content(matchesAttachment('Edward', Array.from({ length: 300 }, (_, n) => summary(n)), ctx)) },
    { name: 'no match', cut: false, content: content(noMatchAttachment('+1 803 555 0199', { phone: '+18035550199' }, ctx)) },
    { name: 'message', cut: false, content: content(messageAttachment(t('help.title'), t('help.body'))) },
  ];
}
