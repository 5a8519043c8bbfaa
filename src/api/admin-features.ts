import express, { type Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../http/principal';
import { audit } from '../domain/settings-audit';
import { FEATURES, loadFeatures, saveFeatures, type Feature } from '../settings/features';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

const Changes = z.partialRecord(z.enum(FEATURES as [Feature, ...Feature[]]), z.boolean()).refine((c) => Object.keys(c).length > 0, 'name at least one feature');

/** `/api/admin/features`: the tenant's feature switches (ADMIN-2, CRM-8). */
export function featuresApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('switch features'));
  router.get('/', async (_req, res) => {
    res.json({ features: await loadFeatures(db) });
  });
  router.put('/', async (req, res) => {
    const principal = principalOf(req);
    const changes = Changes.parse(req.body);
    await db.transaction(async (tx) => {
      const before = await loadFeatures(tx);
      await saveFeatures(tx, changes, principal.name);
      const changed = Object.keys(changes) as Feature[];
      await audit(tx, principal, 'features', Object.fromEntries(changed.map((f) => [f, before[f]])), changes);
    });
    res.json({ features: await loadFeatures(db) });
  });
  return router;
}
