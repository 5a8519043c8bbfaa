import express, { type Router } from 'express';
import { z } from 'zod';
import { loadCustomerCard } from '../domain/cards/customer-card';
import { createContact } from '../domain/contacts/create';
import { promoteContact } from '../domain/contacts/promote';
import { searchContacts } from '../domain/contacts/search';
import { reattachInteraction } from '../domain/identity/reattach';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';

const SearchQuery = z.object({ q: z.string().trim().min(1, 'type something to search for').max(200) });

const NewContact = z.object({
  name: z.string().trim().min(1, 'a contact needs a name').max(256),
  phone: z.string().trim().min(1).max(64).optional(),
  email: z.string().trim().min(1).max(320).optional(),
  fields: z.record(z.string().max(128), z.string().max(4096)).optional(),
  /** Attach this interaction to the new contact (Create contact from a card with no match). */
  interactionId: z.string().min(1).max(256).optional(),
});

export function contactsApi(db: Db, defaultPhoneRegion: string): Router {
  const router = express.Router();

  /** Search all cards by name, phone or e-mail. */
  router.get('/', async (req, res) => {
    const { q } = SearchQuery.parse(req.query);
    res.json({ contacts: await searchContacts(db, q, defaultPhoneRegion) });
  });

  router.post('/', async (req, res) => {
    const { interactionId, ...input } = NewContact.parse(req.body);
    const id = await createContact(db, input, defaultPhoneRegion);
    if (interactionId) await reattachInteraction(db, interactionId, id);
    res.status(201).location(`/api/contacts/${id}`).json(await loadCustomerCard(db, id, principalOf(req).divisions));
  });

  /** A contact's card; an alias answers with its canonical contact (`resolvedFrom` names the alias). */
  router.get('/:id', async (req, res) => {
    res.json(await loadCustomerCard(db, req.params.id, principalOf(req).divisions));
  });

  /** "Add to contacts" (ID-7). */
  router.post('/:id/promote', async (req, res) => {
    await promoteContact(db, req.params.id);
    res.json(await loadCustomerCard(db, req.params.id, principalOf(req).divisions));
  });

  return router;
}
