import { Template } from 'adaptivecards-templating';
import type { TFunction } from 'i18next';
import type { CrmRecord } from '../../src/crm/connector';
import type { CrmLink } from '../../src/crm/links';
import type { Relation } from '../../src/crm/relates-to';
import type { CustomerCard, InteractionCard } from '../../src/domain/cards/customer-card';
import type { ContactSummary } from '../../src/domain/contacts/search';
import type { DuplicateHint } from '../../src/domain/merge/duplicate-hints';
import { labelIn } from '../../src/domain/fields/definition';
import { escapeMarkdown as md } from './markdown';
import customerCardTemplate from './templates/customer-card.json';
import interactionCardTemplate from './templates/interaction-card.json';
import matchesTemplate from './templates/matches.json';
import messageTemplate from './templates/message.json';
import noMatchTemplate from './templates/no-match.json';

/*
 * The bot's cards as Adaptive Card JSON: templates + data, nothing else. Pure and free of botbuilder
 * and Node, so the admin's card preview in the tab renders exactly what the bot posts (render.ts wraps
 * these as attachments).
 *
 * What the templates put in TextBlocks and facts is Teams markdown: text from people and other systems
 * (names, messages, field values, CRM records) goes in through md(), the bot's translations escape
 * what they interpolate (bot-i18n.ts). Action titles and tooltips are plain text and take it as it is.
 */

/** Teams refuses cards over about 28 KB with the activity around them; stay well below (BOT-4). */
export const MAX_CARD_BYTES = 24 * 1024;
const MAX_LISTED = 10;
/** What a CRM says (a refusal, why a record was left out) is quoted on one line, this long at most. */
const MAX_QUOTED = 200;
/**
 * What a chat card's custom field values may take together, and each at most: long notes kept in
 * fields must not push the card past Teams' limit, however many fields are shown (the tab shows them whole).
 */
const FIELD_VALUES_BUDGET = 9000;
const MAX_FIELD_VALUE = 300;
const fieldValueLength = (count: number) => Math.max(40, Math.min(MAX_FIELD_VALUE, Math.floor(FIELD_VALUES_BUDGET / Math.max(1, count))));

export interface CardContext {
  t: TFunction;
  locale: string;
  /** The tab's URL, for "open in tab" deep links. */
  tabUrl: string;
}

/** A line at the top of a card after an action: what was done, or why it could not be. */
export interface Notice {
  text: string;
  style: 'good' | 'attention';
}

/** What the viewer may do on the card; absent parts are not offered. */
export interface CardActions {
  /** Likely duplicates the viewer may merge into the card's contact (MERGE-1). */
  duplicates?: ContactSummary[];
  /** Possible duplicates of a new card the viewer may merge or dismiss (MERGE-8). */
  duplicateHints?: DuplicateHint[];
  /** CRM records the viewer may link, unlink and relate the activity to (CRM-1, CRM-3, CRM-4). */
  crm?: { linked: CrmLink[]; suggested: CrmRecord[]; relatedTo: Relation[]; canLink: boolean; canRelate: boolean };
}

export interface CardOptions {
  actions?: CardActions;
  notice?: Notice;
  /** Who gets their own view of the card when they look at it (Universal Actions refresh, at most 60). */
  refresh?: { userIds: string[] };
}

const MAX_REFRESH_USERS = 60;

/** The language part of a locale ("ja-JP" → ja); a label missing in it falls back to English (labelIn). */
const languageOf = (locale: string) => locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
const MAX_OFFERED = 5;
/** Actions a card (or an ActionSet) may show: more are refused by the Adaptive Cards renderers (the SDK's HostConfig). */
const MAX_ACTIONS = 5;

/** A contact's customer card; long histories are cut to fit, with "open in tab" for the rest. */
export function customerCardJson(card: CustomerCard, ctx: CardContext, options: CardOptions = {}): object {
  const { t } = ctx;
  const identifiers = card.contact.identifiers
    .filter((i) => i.kind !== 'cookie')
    .map((i) => ({ label: t(`card.${i.kind}`), value: md(i.display) }));
  const shownFields = card.fields.filter((f) => f.visibleOnCard && f.value);
  const valueLength = fieldValueLength(shownFields.length);
  const fields = shownFields.map((f) => ({ label: md(labelIn(f.labels, languageOf(ctx.locale))), value: md(cut(f.value!, valueLength)) }));
  return fitted((shown) => {
    const listed = card.interactions.slice(0, shown);
    const more = card.interactions.length - listed.length;
    return {
      name: md(card.contact.name ?? '—'),
      typeLabel: t(`contactType.${card.contact.type}`),
      facts: [...identifiers, ...fields],
      interactions: listed.map((i) => ({
        channel: t(`channel.${i.channel}`),
        state: t(`state.${i.state}`),
        startedAt: new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(i.startedAt),
      })),
      more,
      contactId: card.contact.id,
      ...actionsModel(options, ctx),
      hints: (options.actions?.duplicateHints ?? []).map((hint) => duplicateHintModel(hint, ctx)),
      strings: { ...actionStrings(ctx), ...hintStrings(ctx), recent: t('card.recent'), more: t('card.more', { count: more }), openInTab: t('card.openInTab') },
      tabUrl: `${ctx.tabUrl}?contactId=${encodeURIComponent(card.contact.id)}`,
    };
  }, customerCardTemplate, refreshOf({ cardKind: 'contact', cardId: card.contact.id }, options));
}

/**
 * The card a followed interaction keeps current in a chat (BOT-2): who, on which channel, in what
 * state, and the latest messages, the newest last; older ones are behind "open in tab".
 */
export function interactionCardJson(card: InteractionCard, links: CrmLink[], ctx: CardContext, options: CardOptions = {}): object {
  const { t } = ctx;
  const { interaction, messages } = card;
  const crm = options.actions?.crm;
  const related = new Set(crm?.relatedTo.filter((r) => !r.byDefault).map((r) => `${r.type}:${r.id}`));
  const time = new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'short' });
  return fitted((shown) => {
    const listed = shown === 0 ? [] : messages.slice(-shown);
    return {
      name: md(card.card?.contact.name ?? interaction.providedContact.name ?? '—'),
      summary: [t(`channel.${interaction.channel}`), t(`state.${interaction.state}`), interaction.agent?.name && md(interaction.agent.name)].filter(Boolean).join(' · '),
      earlier: messages.length - listed.length,
      messages: listed.map((m) => ({
        text: md(m.text),
        meta: `${t(`direction.${m.direction}`)} · ${time.format(m.sentAt)}`,
        style: m.direction === 'inbound' ? 'emphasis' : 'default',
      })),
      interactionId: interaction.id,
      contactId: card.card?.contact.id,
      links: links.map((l) => ({ label: linkLabel(l, ctx) })),
      recordFailed: recordFailed(links, ctx),
      ...actionsModel(options, ctx),
      crm: crm && (crm.linked.length > 0 || crm.suggested.length > 0)
        ? {
            canLink: crm.canLink,
            linked: crm.linked.map((l) => ({ type: l.type, id: l.id, label: linkLabel(l, ctx), relatable: crm.canRelate && !related.has(`${l.type}:${l.id}`) })),
            suggested: crm.canLink ? crm.suggested.slice(0, MAX_OFFERED).map((r) => ({ type: r.type, id: r.id, label: recordLabel(r, ctx) })) : [],
            relatesTo: crm.relatedTo.length > 0 ? true : undefined,
          }
        : undefined,
      strings: {
        ...actionStrings(ctx),
        earlier: t('interaction.earlier', { count: messages.length - listed.length }),
        openInTab: t('card.openInTab'),
        relatesTo: crm ? t('crm.relatesTo', { names: crm.relatedTo.map((r) => (r.byDefault ? t('crm.lastOpened', { name: r.name ?? r.id }) : md(r.name ?? r.id))).join(', ') }) : '',
      },
      tabUrl: `${ctx.tabUrl}?interactionId=${encodeURIComponent(interaction.id)}`,
    };
  }, interactionCardTemplate, refreshOf({ cardKind: 'interaction', cardId: interaction.id }, options));
}

function actionsModel(options: CardOptions, ctx: CardContext) {
  const duplicates = (options.actions?.duplicates ?? []).slice(0, MAX_OFFERED).map((d) => ({ id: d.id, name: d.name ?? '—', details: summaryDetails(d, ctx) }));
  return {
    notice: options.notice,
    duplicates,
    // One duplicate is merged by its own button; several are ticked and merged together (MERGE-7),
    // which also keeps the Merge… card within the five actions Teams renders.
    mergeOne: duplicates.length === 1 ? duplicates : [],
  };
}

function actionStrings({ t }: CardContext) {
  return {
    merge: t('merge.action'),
    mergeHint: t('merge.hint'),
    mergeSeveral: t('merge.several'),
    mergeSelected: t('merge.selected'),
    crm: t('crm.title'),
    linked: t('crm.linked'),
    linkedFact: t('crm.linkedFact'),
    suggested: t('crm.suggested'),
    link: t('crm.link'),
    unlink: t('crm.unlink'),
    relate: t('crm.relate'),
    refresh: t('card.refresh'),
  };
}

/** A possible duplicate (MERGE-8): who, why, and what merging it would do; the bot's translations escape the name. */
function duplicateHintModel({ contact, reason }: DuplicateHint, { t }: CardContext) {
  const name = contact.name ?? '—';
  const text =
    reason.kind === 'similarName' ? t('duplicateHint.similarName', { name, domain: reason.domain })
    : reason.differing === 'phone' ? t('duplicateHint.sameNamePhone', { name })
    : reason.differing === 'email' ? t('duplicateHint.sameNameEmail', { name })
    : t('duplicateHint.sameName', { name });
  return { id: contact.id, text, mergeBody: t('duplicateHint.mergeBody', { name }) };
}

function hintStrings({ t }: CardContext) {
  return { hintTitle: t('duplicateHint.title'), hintReview: t('duplicateHint.review'), hintMerge: t('duplicateHint.merge'), hintDismiss: t('duplicateHint.dismiss') };
}

const recordLabel = (r: { type: string; name: string | null; id: string }, { t }: CardContext) =>
  `${md(r.name ?? r.id)} (${t(`recordType.${r.type}`, { defaultValue: md(r.type) })})`;

/** A linked record and its part in the interaction's CRM record: where it was written, or why it was left out. */
function linkLabel(l: CrmLink, ctx: CardContext): string {
  const { state, error, as } = l.writeBack;
  const part =
    state === 'dropped' ? ctx.t('writeBack.dropped', { reason: oneLine(error ?? '') })
    : state === 'written' && as ? ctx.t('writeBack.writtenAs', { as })
    : ctx.t(`writeBack.${state}`);
  return `${recordLabel(l, ctx)} · ${part}`;
}

/** The CRM refused the interaction's record (CRM-2): its words, where everyone in the chat reads them. */
function recordFailed(links: CrmLink[], { t }: CardContext): string | undefined {
  // Every link shares its interaction's one record, and so its failure.
  const failed = links.find((l) => l.writeBack.state === 'failed');
  if (!failed) return undefined;
  return failed.writeBack.error ? t('crm.recordFailed', { error: oneLine(failed.writeBack.error) }) : t('crm.recordFailedNoReason');
}

/** Another system's text on one line, cut to MAX_QUOTED characters. */
const oneLine = (text: string) => cut(text.replace(/\s+/g, ' ').trim(), MAX_QUOTED);

/** Text cut to `max` characters with an ellipsis, never inside a surrogate pair. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** What tells a contact apart on a card: its identifiers as they read, else its kind. */
export const summaryDetails = (m: Pick<ContactSummary, 'identifiers' | 'type'>, { t }: CardContext) =>
  m.identifiers.filter((i) => i.kind !== 'cookie').map((i) => i.display).join(' · ') || t(`contactType.${m.type}`);

/** The Universal Actions refresh: the listed users' clients ask for their own view of the card. */
function refreshOf(card: { cardKind: 'contact' | 'interaction'; cardId: string }, options: CardOptions): object | undefined {
  if (!options.refresh || options.refresh.userIds.length === 0) return undefined;
  return { action: { type: 'Action.Execute', verb: 'refresh', data: card }, userIds: options.refresh.userIds.slice(0, MAX_REFRESH_USERS) };
}

/** Several contacts match: pick one (Action.Execute showCard), or open the search in the tab. */
export function matchesCardJson(query: string, matches: ContactSummary[], ctx: CardContext): object {
  const { t } = ctx;
  return fitted((shown) => {
    const listed = matches.slice(0, shown);
    return {
      matches: listed.map((m) => ({
        id: m.id,
        name: md(m.name ?? '—'),
        details: md(summaryDetails(m, ctx)),
      })),
      // Teams shows at most five actions under a card: buttons for the first matches, every row selectable.
      picks: listed.slice(0, MAX_ACTIONS - 1).map((m) => ({ id: m.id, title: m.name ?? '—' })),
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
export function noMatchCardJson(query: string, createParams: Record<string, string>, ctx: CardContext): object {
  const { t } = ctx;
  return render(noMatchTemplate, {
    strings: { title: t('noMatch.title'), body: t('noMatch.body', { query }), create: t('noMatch.create') },
    createUrl: `${ctx.tabUrl}?${new URLSearchParams(createParams)}`,
  });
}

export function messageCardJson(title: string, body: string): object {
  return render(messageTemplate, { title, body });
}

/** Renders with as many list entries as fit under MAX_CARD_BYTES. */
function fitted(model: (shown: number) => object, template: object, refresh?: object): object {
  for (let shown = MAX_LISTED; ; shown = Math.floor(shown / 2)) {
    const card = render(template, model(shown)) as { refresh?: object };
    if (refresh) card.refresh = refresh;
    if (shown === 0 || utf8Length(JSON.stringify(card)) <= MAX_CARD_BYTES) return card;
  }
}

/** Bytes in UTF-8, as Teams counts a card (Buffer is Node's, and not every DOM has TextEncoder). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function render(template: object, data: object): object {
  return new Template(template).expand({ $root: data }) as object;
}
