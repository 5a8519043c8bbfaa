import express, { type Router } from 'express';
import { loadCustomerCard } from '../domain/cards/customer-card';
import { promoteContact } from '../domain/contacts/promote';
import type { Db } from '../store/db';
import { principalOf } from '../http/principal';

export function contactsApi(db: Db): Router {
  const router = express.Router();

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
