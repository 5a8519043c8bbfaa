import type { Attachment } from 'botbuilder';
import type { Logger } from 'pino';
import type { InteractionRecords } from '../src/crm/interaction-records';
import { listLinks } from '../src/crm/links';
import type { ActingUser } from '../src/domain/access/users';
import { requirePermission } from '../src/domain/access/permissions';
import { loadCustomerCard, loadInteractionCard } from '../src/domain/cards/customer-card';
import { findDuplicates } from '../src/domain/merge/duplicates';
import { loadFeatures } from '../src/settings/features';
import type { Db } from '../src/store/db';
import type { ChatAudience } from './chat-audience';
import { customerCardAttachment, interactionCardAttachment, type CardActions, type CardContext, type CardOptions, type Notice } from './cards/render';

/** Which card an action was pressed on: a contact's customer card, or a followed interaction's card. */
export interface CardRef {
  cardKind: 'contact' | 'interaction';
  cardId: string;
}

export interface ViewOptions {
  notice?: Notice;
  /** Whose clients refresh the card to their own view (see CardOptions.refresh). */
  refreshUserIds?: string[];
}

/**
 * Renders a card as one user sees it (Universal Actions, BOT-3): the interactions of their divisions,
 * and only the actions their permissions and the admin's feature switches allow. A card posted to a
 * chat shows what the followers who brought it there may see, with no actions (renderForChat).
 */
export class CardViews {
  constructor(private readonly deps: { db: Db; records: InteractionRecords; log: Logger }) {}

  async render(ref: CardRef, viewer: ActingUser, ctx: CardContext, view: ViewOptions = {}): Promise<Attachment> {
    const { db } = this.deps;
    const options: CardOptions = { notice: view.notice, refresh: view.refreshUserIds ? { userIds: view.refreshUserIds } : undefined };
    if (ref.cardKind === 'contact') {
      requirePermission(viewer, 'contacts:view', 'see contacts'); // as the API: a role may leave it out
      const card = await loadCustomerCard(db, ref.cardId, viewer);
      // The card carries its possible duplicates only for a viewer who may merge (loadCustomerCard): offered with the merge.
      const actions = { ...(await this.contactActions(viewer, card.contact.id)), duplicateHints: card.duplicateHints };
      return customerCardAttachment(card, ctx, { ...options, actions });
    }
    const card = await loadInteractionCard(db, ref.cardId, viewer);
    const actions = { ...(await this.contactActions(viewer, card.card?.contact.id)), crm: await this.crmActions(viewer, ref.cardId) };
    return interactionCardAttachment(card, await listLinks(db, ref.cardId), ctx, { ...options, actions });
  }

  /**
   * The interaction's card as posted in a chat: anyone there reads it, so it shows only what its
   * audience may see and offers no actions; the audience's clients refresh it to their own view.
   */
  async renderForChat(interactionId: string, audience: ChatAudience, ctx: CardContext): Promise<Attachment> {
    const card = await loadInteractionCard(this.deps.db, interactionId, audience.viewer);
    return interactionCardAttachment(card, await listLinks(this.deps.db, interactionId), ctx, { refresh: { userIds: audience.userIds } });
  }

  private async contactActions(viewer: ActingUser, contactId: string | undefined): Promise<CardActions> {
    const mayMerge = viewer.permissions.has('contacts:merge') || viewer.permissions.has('identity:merge');
    if (!contactId || !mayMerge) return {};
    return { duplicates: (await findDuplicates(this.deps.db, contactId, 5)).map((d) => d.contact) };
  }

  private async crmActions(viewer: ActingUser, interactionId: string): Promise<CardActions['crm']> {
    const features = await loadFeatures(this.deps.db);
    const canLink = viewer.permissions.has('interactions:link') && features['crm.link'];
    const canRelate = viewer.permissions.has('interactions:link') && features['crm.relatesTo'];
    if (!canLink && !canRelate) return undefined;
    try {
      const crm = await this.deps.records.overview(viewer, interactionId);
      const linked = new Set(crm.links.map((l) => `${l.type}:${l.id}`));
      return { linked: crm.links, suggested: crm.records.filter((r) => !linked.has(`${r.type}:${r.id}`)), relatedTo: crm.relatedTo, canLink, canRelate };
    } catch (error) {
      // The card still shows without the CRM part when the CRM cannot be reached.
      this.deps.log.warn({ err: error, interaction: interactionId }, 'CRM records left off the card');
      return undefined;
    }
  }
}
