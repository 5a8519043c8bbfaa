import { CardFactory, type MessagingExtensionAttachment, type MessagingExtensionResponse } from 'botbuilder';
import { listLinks } from '../src/crm/links';
import { requirePermission } from '../src/domain/access/permissions';
import type { ActingUser } from '../src/domain/access/users';
import { loadCustomerCard, loadInteractionCard } from '../src/domain/cards/customer-card';
import { DomainError } from '../src/domain/errors';
import type { Db } from '../src/store/db';
import type { CardRef } from './card-views';
import { customerCardAttachment, interactionCardAttachment, summaryDetails, type CardContext } from './cards/render';

/** Who puts a card into a conversation from the compose box, and their Teams id (whose client refreshes it). */
export interface Sharer {
  user: ActingUser;
  teamsId: string;
}

/**
 * A card a user puts into a conversation themselves (a message extension's pick, an unfurled link):
 * what they may see by the API's rule (contacts:view for a contact, their divisions for interactions),
 * with no actions, as a card posted for followers; their own client refreshes it to their view with
 * its actions, anyone else's on Refresh. With its preview: the name and what identifies it.
 * Throws not_found (unknown, or outside the sharer's divisions) and forbidden as the API does.
 */
export async function sharedCard(db: Db, ref: CardRef, sharer: Sharer, ctx: CardContext): Promise<MessagingExtensionAttachment> {
  const options = { refresh: { userIds: [sharer.teamsId] } };
  if (ref.cardKind === 'contact') {
    requirePermission(sharer.user, 'contacts:view', 'see contacts');
    const card = await loadCustomerCard(db, ref.cardId, sharer.user);
    return withPreview(customerCardAttachment(card, ctx, options), card.contact.name ?? '—', summaryDetails(card.contact, ctx));
  }
  const card = await loadInteractionCard(db, ref.cardId, sharer.user);
  const { interaction } = card;
  const attachment = interactionCardAttachment(card, await listLinks(db, interaction.id), ctx, options);
  const name = card.card?.contact.name ?? interaction.providedContact.name ?? '—';
  return withPreview(attachment, name, [ctx.t(`channel.${interaction.channel}`), ctx.t(`state.${interaction.state}`)].join(' · '));
}

/** The shared card, or null where the API would answer 404 or 403: the caller shows nothing, alike for both. */
export function sharedCardOrNothing(db: Db, ref: CardRef, sharer: Sharer, ctx: CardContext): Promise<MessagingExtensionAttachment | null> {
  return sharedCard(db, ref, sharer, ctx).catch((error: unknown) => {
    if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'forbidden')) return null;
    throw error;
  });
}

function withPreview(card: MessagingExtensionAttachment, title: string, text: string): MessagingExtensionAttachment {
  return { ...card, preview: CardFactory.thumbnailCard(title, text) };
}

/** Cards to pick from (or none), one under the other. */
export function results(attachments: MessagingExtensionAttachment[]): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}
