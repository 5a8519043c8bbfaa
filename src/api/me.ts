import express, { type Router } from 'express';
import { principalOf } from '../http/principal';
import { loadFeatures } from '../settings/features';
import type { OutboundSenders } from '../domain/outbound/send-message';
import type { Db } from '../store/db';

/**
 * `GET /api/me`: who the API takes the caller to be and what they may do. The tab shows the
 * development banner from it and hides actions the user may not take or the admin switched off (the
 * API refuses them anyway). `outbound` says which message providers are configured (OUT-1).
 */
export function meApi(db: Db, senders: OutboundSenders): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const { id, name, development, permissions } = principalOf(req);
    const outbound = { sms: senders.sms !== null, email: senders.email !== null };
    res.json({ id, name, development, permissions: [...permissions], features: await loadFeatures(db), outbound });
  });
  return router;
}
