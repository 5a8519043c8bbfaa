import express, { type Router } from 'express';
import { z } from 'zod';
import { failedRecords, resendRecord } from '../crm/write-back';
import { notFound } from '../domain/errors';
import { announceInteractionChanged } from '../domain/changes';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

const FailedQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * `/api/admin/crm-records`: interaction records the CRM refused or that were given up on (dead
 * letters), newest first, and resending one — so none is lost without an admin seeing it.
 */
export function crmRecordsAdminApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('see and resend failed CRM records'));
  router.get('/failed', async (req, res) => {
    const { limit } = FailedQuery.parse(req.query);
    res.json({ records: await failedRecords(db, limit) });
  });
  router.post('/:interactionId/resend', async (req, res) => {
    await db.transaction(async (tx) => {
      if (!(await resendRecord(tx, req.params.interactionId))) throw notFound(`interaction ${req.params.interactionId} has no CRM record`);
      await announceInteractionChanged(tx, req.params.interactionId);
    });
    res.status(202).end();
  });
  return router;
}
