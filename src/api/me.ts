import express, { type Router } from 'express';
import { principalOf } from '../http/principal';

/** `GET /api/me`: who the API takes the caller to be (the tab shows the development banner from it). */
export function meApi(): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const { id, name, development } = principalOf(req);
    res.json({ id, name, development });
  });
  return router;
}
