import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { loadCustomerCard } from '../domain/cards/customer-card';
import type { ContactService } from '../domain/contacts/contact-service';
import { MAX_CARDS_PER_MERGE, previewMergeMany } from '../domain/merge/merge-many';
import { previewUndo, requireMergeOfCard } from '../domain/merge/undo-merge';
import { principalOf } from '../http/principal';
import { keepFromQuery } from './keep-query';
import type { Db } from '../store/db';

const contactIds = z
  .array(z.uuid('each of contactIds must be the id of a contact'))
  .min(1, 'name at least one card to merge')
  .max(MAX_CARDS_PER_MERGE - 1, `at most ${MAX_CARDS_PER_MERGE} cards merge at once, this one included`);

/** Per value (`name`, `fields.<ident>`), the id of the card whose value stays; the rule decides the rest. */
const keep = z
  .record(z.string().max(160), z.uuid('keep names a card by its contact id'))
  .refine((k) => Object.keys(k).every((field) => /^(name|fields\..+)$/.test(field)), 'each field is name or fields.<ident>');

/** Several cards merged into the card of the URL at once (MERGE-7). */
const MergeMany = z.object({ contactIds, keep: keep.optional() });

/** The preview's query string: `contactIds=a,b` and `keep.<field>=<contact id>` per value kept from another card. */
const MergeManyQuery = z
  .object({ contactIds: z.string().max(MAX_CARDS_PER_MERGE * 40).transform((ids) => ids.split(',').filter(Boolean)).pipe(contactIds) })
  .catchall(z.string());

/** `/api/contacts/:id/merges`: merging several cards at once (MERGE-7), and undoing a merge (MERGE-6). */
export function contactMergesApi(db: Db, contacts: ContactService): Router {
  const router = express.Router();

  /** What merging every card of ?contactIds= into this one would do: each card's values, and which stay. */
  router.get('/:id/merges/preview', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'see contacts');
    const query = MergeManyQuery.parse(req.query);
    res.json(await previewMergeMany(db, req.params.id, query.contactIds, keep.parse(keepFromQuery(query))));
  });

  /** Merges the cards into this one, which survives, in one transaction; they undo together. */
  router.post('/:id/merges', async (req, res) => {
    const principal = principalOf(req);
    const body = MergeMany.parse(req.body);
    const result = await contacts.mergeMany(principal, req.params.id, body.contactIds, body.keep);
    res.json({ ...result, card: await loadCustomerCard(db, req.params.id, principal) });
  });

  /** What undoing the merge would do: what comes back, and what later work stays on the survivor. */
  router.get('/:id/merges/:mergeId/undo', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:unmerge', 'undo merges'); // refused before saying whether the merge exists
    await requireMergeOfCard(db, req.params.id, req.params.mergeId);
    res.json(await previewUndo(db, principalOf(req), req.params.mergeId));
  });

  /** Undoes the merge (with the merges of the same action); answers with what it decided and the card of the URL as it is now. */
  router.post('/:id/merges/:mergeId/undo', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:unmerge', 'undo merges');
    await requireMergeOfCard(db, req.params.id, req.params.mergeId);
    const undone = await contacts.undoMerge(principal, req.params.mergeId);
    res.json({ undone, card: await loadCustomerCard(db, req.params.id, principal) });
  });

  return router;
}
