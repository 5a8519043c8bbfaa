import { CardFactory, type Attachment } from 'botbuilder';
import type { CrmLink } from '../../src/crm/links';
import type { CustomerCard, InteractionCard } from '../../src/domain/cards/customer-card';
import type { ContactSummary } from '../../src/domain/contacts/search';
import {
  customerCardJson,
  interactionCardJson,
  matchesCardJson,
  messageCardJson,
  noMatchCardJson,
  type CardContext,
  type CardOptions,
} from './card-json';

/* The bot's cards as activity attachments; what they say and how is card-json.ts, shared with the tab's preview. */

export { MAX_CARD_BYTES, summaryDetails, type CardActions, type CardContext, type CardOptions, type Notice } from './card-json';

/** A contact's customer card; long histories are cut to fit, with "open in tab" for the rest. */
export const customerCardAttachment = (card: CustomerCard, ctx: CardContext, options: CardOptions = {}): Attachment =>
  CardFactory.adaptiveCard(customerCardJson(card, ctx, options));

/** The card a followed interaction keeps current in a chat (BOT-2). */
export const interactionCardAttachment = (card: InteractionCard, links: CrmLink[], ctx: CardContext, options: CardOptions = {}): Attachment =>
  CardFactory.adaptiveCard(interactionCardJson(card, links, ctx, options));

/** Several contacts match: pick one, or open the search in the tab. */
export const matchesAttachment = (query: string, matches: ContactSummary[], ctx: CardContext): Attachment =>
  CardFactory.adaptiveCard(matchesCardJson(query, matches, ctx));

/** Nothing matches: say so, and offer Create contact in the tab with what was typed. */
export const noMatchAttachment = (query: string, createParams: Record<string, string>, ctx: CardContext): Attachment =>
  CardFactory.adaptiveCard(noMatchCardJson(query, createParams, ctx));

export const messageAttachment = (title: string, body: string): Attachment => CardFactory.adaptiveCard(messageCardJson(title, body));
