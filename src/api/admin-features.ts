import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { principalOf } from '../http/principal';
import { FEATURES, loadFeatures, saveFeatures, type Feature } from '../settings/features';
import type { Db } from '../store/db';

const Changes = z.partialRecord(z.enum(FEATURES as [Feature, ...Feature[]]), z.boolean()).refine((c) => Object.keys(c).length > 0, 'name at least one feature');

/** `/api/admin/features`: the tenant's feature switches (ADMIN-2, CRM-8). */
export function featuresApi(db: Db): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    res.json({ features: await loadFeatures(db) });
  });
  router.put('/', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'settings:manage', 'switch features');
    await saveFeatures(db, Changes.parse(req.body), principal.name);
    res.json({ features: await loadFeatures(db) });
  });
  return router;
}
