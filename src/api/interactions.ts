import express, { type Router } from 'express';
import { z } from 'zod';
import { loadInteractionCard } from '../domain/cards/customer-card';
import { reattachInteraction } from '../domain/identity/reattach';
import type { Db } from '../store/db';
import { principalOf } from '../http/principal';

const ReattachBody = z.object({ contactId: z.uuid() });

export function interactionsApi(db: Db): Router {
  const router = express.Router();

  router.get('/:id', async (req, res) => {
    res.json(await loadInteractionCard(db, req.params.id, principalOf(req).divisions));
  });

  /** Re-attach the interaction to another contact (ID-5). */
  router.put('/:id/contact', async (req, res) => {
    const { divisions } = principalOf(req);
    await loadInteractionCard(db, req.params.id, divisions); // not found outside the user's divisions
    const { contactId } = ReattachBody.parse(req.body);
    await reattachInteraction(db, req.params.id, contactId);
    res.json(await loadInteractionCard(db, req.params.id, divisions));
  });

  return router;
}
