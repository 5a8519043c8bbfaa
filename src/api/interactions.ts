import express, { type Router } from 'express';
import { z } from 'zod';
import { crmChanges } from '../crm/links';
import { loadInteractionCard, type InteractionCard } from '../domain/cards/customer-card';
import { DomainError } from '../domain/errors';
import type { ContactService } from '../domain/contacts/contact-service';
import { principalOf } from '../http/principal';
import { coalesced, openEventStream } from '../realtime/event-stream';
import type { InteractionFeed } from '../realtime/interaction-feed';
import type { Db } from '../store/db';

const ReattachBody = z.object({ contactId: z.uuid() });

export function interactionsApi(db: Db, feed: InteractionFeed, contacts: ContactService): Router {
  const router = express.Router();

  router.get('/:id', async (req, res) => {
    res.json(await loadInteractionCard(db, req.params.id, principalOf(req)));
  });

  /**
   * The interaction's card, live (server-sent events): the current card at once, then the new card
   * after every change. A reconnecting client gets the current card again, so it misses nothing.
   * Each card carries how its CRM record and links stand (`crm`), so a record written or refused
   * after the card last changed still reaches the open card.
   */
  router.get('/:id/live', async (req, res) => {
    const { id } = req.params;
    const viewer = principalOf(req);
    const first = await loadInteractionCard(db, id, viewer); // 404 before the stream opens
    let crm = await crmChanges(db, id);
    const stream = openEventStream(req, res);
    // While the store cannot be read, nothing is sent (never an error mid-stream) and the read is tried again.
    const live = async (card: InteractionCard) => ({ ...card, crm: (crm = await crmChanges(db, id).catch(() => crm)) });
    const sendCurrent = coalesced(async () => {
      const card = await loadInteractionCard(db, id, viewer).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'not_found') return null; // gone: nothing more to show
        throw error;
      });
      if (card) stream.send('card', await live(card));
    }, stream);
    // The card changes with the interaction, and with its contact (a merge, an edit).
    const contacts = [first.interaction.contactId, first.card?.contact.id].filter((c): c is string => !!c);
    stream.onClose(feed.subscribe([{ interaction: id }, ...contacts.map((contact) => ({ contact }))], sendCurrent));
    stream.send('card', { ...first, crm });
    sendCurrent(); // a change between the first read and the subscription is not lost
  });

  /** Re-attach the interaction to another contact (ID-5). */
  router.put('/:id/contact', async (req, res) => {
    const principal = principalOf(req);
    await contacts.reattach(principal, req.params.id, ReattachBody.parse(req.body).contactId);
    res.json(await loadInteractionCard(db, req.params.id, principal));
  });

  return router;
}
