import express, { type Router } from 'express';
import { requirePermission } from '../domain/access/permissions';
import { loadCustomerCard } from '../domain/cards/customer-card';
import type { ContactService } from '../domain/contacts/contact-service';
import { previewUndo } from '../domain/merge/undo-merge';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';

/** `/api/contacts/:id/merges`: undoing a merge from the card's merge history (MERGE-6). */
export function contactMergesApi(db: Db, contacts: ContactService): Router {
  const router = express.Router();

  /** What undoing the merge would do: what comes back, and what later work stays on the survivor. */
  router.get('/:id/merges/:mergeId/undo', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:unmerge', 'undo merges');
    res.json(await previewUndo(db, req.params.mergeId));
  });

  /** Undoes the merge; answers with what it decided and the card of the URL as it is now. */
  router.post('/:id/merges/:mergeId/undo', async (req, res) => {
    const principal = principalOf(req);
    const undone = await contacts.undoMerge(principal, req.params.mergeId);
    res.json({ undone, card: await loadCustomerCard(db, req.params.id, principal) });
  });

  return router;
}
