import type { Db } from '../../store/db';
import { conflict, notFound } from '../errors';
import { announceContactChanged } from '../changes';
import { findContact } from './contacts-store';
import { cardIds } from './family';

/**
 * Deletes a card (FIELD-1): the contact, the cards merged into it, their identifiers and journey,
 * and the audit of the merges that made it (it holds the card's former values). Its interactions
 * stay, attached to no contact, as when an ephemeral contact expires. A merged card is part of
 * another card, so it is refused: a card goes whole or not at all.
 */
export async function deleteContact(db: Db, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const contact = await findContact(tx, contactId, { forUpdate: true });
    if (!contact) throw notFound(`contact ${contactId} does not exist`);
    if (contact.aliasOf) throw conflict(`this card was merged into ${contact.aliasOf}; it can only be deleted with that card`);
    // Announced while the card's interactions still lead to it: the chats showing them are found through it.
    await announceContactChanged(tx, contact.id);
    const family = cardIds('$1');
    await tx.query(`DELETE FROM merges WHERE survivor_id = ANY(${family}) OR alias_id = ANY(${family})`, [contact.id]);
    // Aliases first: they point at the card.
    await tx.query('DELETE FROM contacts WHERE alias_of = $1', [contact.id]);
    await tx.query('DELETE FROM contacts WHERE id = $1', [contact.id]);
  });
}
