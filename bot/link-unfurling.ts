import type { AppBasedLinkQuery, MessagingExtensionResponse } from 'botbuilder';
import type { Db } from '../src/store/db';
import type { CardRef } from './card-views';
import type { CardContext } from './cards/render';
import { results, sharedCardOrNothing, type Sharer } from './shared-card';

/**
 * A link to a card pasted in a chat (`composeExtension/queryLink`): the tab's `?interactionId=` or
 * `?contactId=` unfurls into that card as the sharer may see it. Anything else — another page, an
 * unknown id, a card the sharer may not see — unfurls into nothing, alike, so a link tells nothing.
 * Not cached by Teams: the card is what this user may see now.
 */
export async function unfurlCardLink(db: Db, query: AppBasedLinkQuery, sharer: Sharer, ctx: CardContext): Promise<MessagingExtensionResponse> {
  const ref = typeof query?.url === 'string' ? cardOfLink(query.url, ctx.tabUrl) : null;
  const card = ref && (await sharedCardOrNothing(db, ref, sharer, ctx));
  return { ...results(card ? [card] : []), cacheInfo: { cacheType: 'no-cache' } };
}

/** The card a link to the tab opens (as the tab reads its URL: interactionId first), or null for any other link. */
export function cardOfLink(link: string, tabUrl: string): CardRef | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const tab = new URL(tabUrl);
  const withoutSlash = (path: string) => path.replace(/\/+$/, '');
  if (url.origin !== tab.origin || withoutSlash(url.pathname) !== withoutSlash(tab.pathname)) return null;
  const interactionId = url.searchParams.get('interactionId');
  if (interactionId) return { cardKind: 'interaction', cardId: interactionId };
  const contactId = url.searchParams.get('contactId');
  return contactId ? { cardKind: 'contact', cardId: contactId } : null;
}
