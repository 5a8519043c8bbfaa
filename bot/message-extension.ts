import type { MessagingExtensionQuery, MessagingExtensionResponse } from 'botbuilder';
import { searchContacts } from '../src/domain/contacts/search';
import type { DefaultPhoneRegion } from '../src/settings/app-settings';
import type { Db } from '../src/store/db';
import type { CardContext } from './cards/render';
import { results, sharedCardOrNothing, type Sharer } from './shared-card';

/** Teams asks for 25 results a page; a larger count is served as 25. */
const MAX_PAGE = 25;
/** The search reads skip + count rows: beyond this nobody scrolls, and it answers no more. */
const MAX_SKIP = 500;
/** As the API's search (GET /api/contacts?q=). */
const MAX_QUERY = 200;

export interface MessageExtensionDeps {
  db: Db;
  defaultPhoneRegion: DefaultPhoneRegion;
}

/**
 * The compose box's search (`composeExtension/query`): the contacts the API's search finds for a
 * name, phone number or e-mail address, one page as Teams asks for it (queryOptions.skip/count), each
 * a preview to pick and the customer card to insert, as the sharer may see it, in their language.
 */
export async function searchCustomerCards(deps: MessageExtensionDeps, query: MessagingExtensionQuery, sharer: Sharer, ctx: CardContext): Promise<MessagingExtensionResponse> {
  // Saying so is no secret; the same words whatever was typed.
  if (!sharer.user.permissions.has('contacts:view')) return message(ctx.t('messageExtension.notAllowed'));
  const text = searchText(query);
  if (text === '') return message(ctx.t('messageExtension.typeToSearch'));
  const { skip, count } = page(query);
  if (text.length > MAX_QUERY || skip >= MAX_SKIP) return results([]);
  const { db } = deps;
  const found = (await searchContacts(db, text, await deps.defaultPhoneRegion(db), skip + count)).slice(skip);
  // A contact deleted since the search is left out.
  const cards = await Promise.all(found.map((contact) => sharedCardOrNothing(db, { cardKind: 'contact', cardId: contact.id }, sharer, ctx)));
  return results(cards.filter((card) => card !== null));
}

/** What was typed; the first run of the command (initialRun, before anything is typed) reads as nothing. */
function searchText(query: MessagingExtensionQuery): string {
  const parameters = Array.isArray(query?.parameters) ? query.parameters : [];
  const typed = parameters.find((p) => p?.name !== 'initialRun')?.value;
  return typeof typed === 'string' ? typed.trim() : '';
}

function page(query: MessagingExtensionQuery): { skip: number; count: number } {
  const { skip, count } = query?.queryOptions ?? {};
  const whole = (n: unknown, fallback: number) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : fallback);
  return { skip: whole(skip, 0), count: Math.min(whole(count, MAX_PAGE), MAX_PAGE) };
}

function message(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}
