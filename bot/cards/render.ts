import { CardFactory, type Attachment } from 'botbuilder';
import { Template } from 'adaptivecards-templating';
import type { TFunction } from 'i18next';
import type { CustomerCard } from '../../src/domain/cards/customer-card';
import type { ContactSummary } from '../../src/domain/contacts/search';
import type { InteractionCard } from '../../src/domain/cards/customer-card';
import customerCardTemplate from './templates/customer-card.json';
import interactionCardTemplate from './templates/interaction-card.json';
import matchesTemplate from './templates/matches.json';
import messageTemplate from './templates/message.json';
import noMatchTemplate from './templates/no-match.json';

/** Teams refuses cards over about 28 KB with the activity around them; stay well below (BOT-4). */
export const MAX_CARD_BYTES = 24 * 1024;
const MAX_LISTED = 10;

export interface CardContext {
  t: TFunction;
  locale: string;
  /** The tab's URL, for "open in tab" deep links. */
  tabUrl: string;
}

/** A contact's customer card; long histories are cut to fit, with "open in tab" for the rest. */
export function customerCardAttachment(card: CustomerCard, ctx: CardContext): Attachment {
  const { t } = ctx;
  const identifiers = card.contact.identifiers
    .filter((i) => i.kind !== 'cookie')
    .map((i) => ({ label: t(`card.${i.kind}`), value: i.kind === 'social' ? i.value.replace(':', ' · ') : i.value }));
  return fitted((shown) => {
    const listed = card.interactions.slice(0, shown);
    const more = card.interactions.length - listed.length;
    return {
      name: card.contact.name ?? '—',
      typeLabel: t(`contactType.${card.contact.type}`),
      identifiers,
      interactions: listed.map((i) => ({
        channel: t(`channel.${i.channel}`),
        state: t(`state.${i.state}`),
        startedAt: new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(i.startedAt),
      })),
      more,
      strings: { recent: t('card.recent'), more: t('card.more', { count: more }), openInTab: t('card.openInTab') },
      tabUrl: `${ctx.tabUrl}?contactId=${encodeURIComponent(card.contact.id)}`,
    };
  }, customerCardTemplate);
}

/**
 * The card a followed interaction keeps current in a chat (BOT-2): who, on which channel, in what
 * state, and the latest messages, the newest last; older ones are behind "open in tab".
 */
export function interactionCardAttachment(card: InteractionCard, ctx: CardContext): Attachment {
  const { t } = ctx;
  const { interaction, messages } = card;
  const time = new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'short' });
  return fitted((shown) => {
    const listed = shown === 0 ? [] : messages.slice(-shown);
    return {
      name: card.card?.contact.name ?? interaction.providedContact.name ?? '—',
      summary: [t(`channel.${interaction.channel}`), t(`state.${interaction.state}`), interaction.agent?.name].filter(Boolean).join(' · '),
      earlier: messages.length - listed.length,
      messages: listed.map((m) => ({
        text: m.text,
        meta: `${t(`direction.${m.direction}`)} · ${time.format(m.sentAt)}`,
        style: m.direction === 'inbound' ? 'emphasis' : 'default',
      })),
      strings: { earlier: t('interaction.earlier', { count: messages.length - listed.length }), openInTab: t('card.openInTab') },
      tabUrl: `${ctx.tabUrl}?interactionId=${encodeURIComponent(interaction.id)}`,
    };
  }, interactionCardTemplate);
}

/** Several contacts match: pick one (Action.Execute showCard), or open the search in the tab. */
export function matchesAttachment(query: string, matches: ContactSummary[], ctx: CardContext): Attachment {
  const { t } = ctx;
  return fitted((shown) => {
    const listed = matches.slice(0, shown);
    return {
      matches: listed.map((m) => ({
        id: m.id,
        name: m.name ?? '—',
        details: m.identifiers.filter((i) => i.kind !== 'cookie').map((i) => i.value).join(' · ') || t(`contactType.${m.type}`),
      })),
      more: matches.length - listed.length,
      strings: {
        title: t('matches.title', { count: matches.length, query }),
        more: t('matches.more', { count: matches.length - listed.length }),
        openInTab: t('card.openInTab'),
      },
      tabUrl: ctx.tabUrl,
    };
  }, matchesTemplate);
}

/** Nothing matches: say so, and offer Create contact in the tab with what was typed. */
export function noMatchAttachment(query: string, createParams: Record<string, string>, ctx: CardContext): Attachment {
  const { t } = ctx;
  return render(noMatchTemplate, {
    strings: { title: t('noMatch.title'), body: t('noMatch.body', { query }), create: t('noMatch.create') },
    createUrl: `${ctx.tabUrl}?${new URLSearchParams(createParams)}`,
  });
}

export function messageAttachment(title: string, body: string): Attachment {
  return render(messageTemplate, { title, body });
}

/** Renders with as many list entries as fit under MAX_CARD_BYTES. */
function fitted(model: (shown: number) => object, template: object): Attachment {
  for (let shown = MAX_LISTED; ; shown = Math.floor(shown / 2)) {
    const attachment = render(template, model(shown));
    if (shown === 0 || JSON.stringify(attachment.content).length <= MAX_CARD_BYTES) return attachment;
  }
}

function render(template: object, data: object): Attachment {
  return CardFactory.adaptiveCard(new Template(template).expand({ $root: data }));
}
