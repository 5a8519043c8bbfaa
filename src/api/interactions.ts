import express, { type Router } from 'express';
import { z } from 'zod';
import { crmChanges } from '../crm/links';
import { loadInteractionCard, refreshInteractionCard } from '../domain/cards/customer-card';
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
    let [card, crm] = await Promise.all([loadInteractionCard(db, id, viewer), crmChanges(db, id)]); // 404 before the stream opens
    const stream = openEventStream(req, res);
    // A message changes the interaction alone: the card is patched, not read whole (one frame per message).
    let contactChanged = false;
    const reload = (whole: boolean) => (whole ? loadInteractionCard(db, id, viewer) : refreshInteractionCard(db, card, viewer));
    // While the store cannot be read, nothing is sent (never an error mid-stream) and the read is tried again.
    const sendCurrent = coalesced(async () => {
      const whole = contactChanged;
      contactChanged = false;
      try {
        const [next, changes] = await Promise.all([reload(whole), crmChanges(db, id).catch(() => crm)]);
        [card, crm] = [next, changes];
        stream.send('card', { ...card, crm });
      } catch (error) {
        contactChanged ||= whole;
        if (error instanceof DomainError && error.code === 'not_found') return; // gone: nothing more to show
        throw error;
      }
    }, stream);
    // The card changes with the interaction, and with its contact (a merge, an edit).
    const contacts = [card.interaction.contactId, card.card?.contact.id].filter((c): c is string => !!c);
    const onContactChange = () => {
      contactChanged = true;
      sendCurrent();
    };
    stream.onClose(feed.subscribe([{ interaction: id }], sendCurrent));
    stream.onClose(feed.subscribe(contacts.map((contact) => ({ contact })), onContactChange));
    stream.send('card', { ...card, crm });
    onContactChange(); // a change between the first read and the subscription is not lost
  });

  /** Re-attach the interaction to another contact (ID-5). */
  router.put('/:id/contact', async (req, res) => {
    const principal = principalOf(req);
    await contacts.reattach(principal, req.params.id, ReattachBody.parse(req.body).contactId);
    res.json(await loadInteractionCard(db, req.params.id, principal));
  });

  return router;
}
