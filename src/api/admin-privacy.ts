import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { invalid } from '../domain/errors';
import { eraseContact } from '../domain/privacy/erase-contact';
import { exportContact } from '../domain/privacy/export-contact';
import { listPrivacyRequests } from '../domain/privacy/privacy-requests';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';

/** The erasure repeats the id it erases: a stray or replayed request for another card does nothing. */
const Erasure = z.object({ confirm: z.string().max(100) });
const RequestsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/**
 * `/api/admin/privacy` (ADMIN-4): export everything stored about a card, erase it, and the audit of
 * both. Any id of the card, its canonical contact's or an alias's, addresses the whole card.
 */
export function privacyApi(db: Db): Router {
  const router = express.Router();
  // Refused before any input is read, as the other admin routes are.
  router.use((req, _res, next) => {
    requirePermission(principalOf(req), 'privacy:manage', 'export or erase contacts');
    next();
  });

  router.get('/contacts/:id/export', async (req, res) => {
    const exported = await exportContact(db, principalOf(req), req.params.id);
    res.attachment(`contact-${exported.contactId}.json`).json(exported);
  });

  router.post('/contacts/:id/erase', async (req, res) => {
    const { confirm } = Erasure.parse(req.body);
    if (confirm !== req.params.id) throw invalid('confirm must repeat the id of the contact to erase', 'confirm');
    res.json({ erased: await eraseContact(db, principalOf(req), req.params.id) });
  });

  router.get('/requests', async (req, res) => {
    const { limit } = RequestsQuery.parse(req.query);
    res.json({ requests: await listPrivacyRequests(db, limit) });
  });
  return router;
}
