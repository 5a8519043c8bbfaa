import express, { type Router } from 'express';
import { z } from 'zod';
import { loadAudit } from '../domain/settings-audit';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** `/api/admin/audit`: who changed which setting, newest first. */
export function auditApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('read the settings audit'));
  router.get('/', async (req, res) => {
    const { limit } = AuditQuery.parse(req.query);
    res.json({ entries: await loadAudit(db, limit) });
  });
  return router;
}
