import express, { type Router } from 'express';
import { principalOf } from '../http/principal';

/**
 * `GET /api/me`: who the API takes the caller to be and what they may do. The tab shows the
 * development banner from it and hides actions the user may not take (the API refuses them anyway).
 */
export function meApi(): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const { id, name, development, permissions } = principalOf(req);
    res.json({ id, name, development, permissions: [...permissions] });
  });
  return router;
}
