import express, { type Router } from 'express';
import { principalOf } from '../http/principal';
import { loadFeatures } from '../settings/features';
import type { Db } from '../store/db';

/**
 * `GET /api/me`: who the API takes the caller to be and what they may do. The tab shows the
 * development banner from it and hides actions the user may not take or the admin switched off (the
 * API refuses them anyway).
 */
export function meApi(db: Db): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const { id, name, development, permissions } = principalOf(req);
    res.json({ id, name, development, permissions: [...permissions], features: await loadFeatures(db) });
  });
  return router;
}
