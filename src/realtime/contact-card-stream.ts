import type { Request, Response } from 'express';
import { loadCustomerCard, type CardViewer, type CustomerCard } from '../domain/cards/customer-card';
import { DomainError } from '../domain/errors';
import type { Db } from '../store/db';
import { coalesced, openEventStream } from './event-stream';
import type { ChangeKey, InteractionFeed } from './interaction-feed';

export interface ContactCardFollow {
  db: Db;
  feed: InteractionFeed;
  viewer: CardViewer;
  /** The card asked for: it may become an alias of another card while followed. */
  contactId: string;
  first: CustomerCard;
}

/**
 * Streams a contact's card: what it follows is re-read from each card sent (the canonical card, its
 * aliases' merges land on it; its interactions), so a merge into another card moves the stream
 * there. While the store cannot be read, nothing is sent and the read is tried again shortly.
 */
export function followContactCard(req: Request, res: Response, { db, feed, viewer, contactId, first }: ContactCardFollow): void {
  const stream = openEventStream(req, res);
  let unsubscribe = () => {};
  const follow = (card: CustomerCard) => {
    const keys: ChangeKey[] = [{ contact: contactId }, { contact: card.contact.id }, ...card.interactions.map((i) => ({ interaction: i.id }))];
    unsubscribe();
    unsubscribe = feed.subscribe(keys, sendCurrent);
  };
  const sendCurrent = coalesced(async () => {
    try {
      const card = await loadCustomerCard(db, contactId, viewer);
      follow(card);
      stream.send('card', card);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'not_found')) throw error; // tried again shortly
      stream.send('deleted', { contactId });
    }
  }, stream);
  stream.onClose(() => unsubscribe());
  follow(first);
  stream.send('card', first);
  sendCurrent(); // a change between the first read and the subscription is not lost
}
