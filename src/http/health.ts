import express, { type Router } from 'express';
import type { Config } from '../config';
import type { Db } from '../store/db';
import { DEFAULT_POSTGRES_LIMITS } from '../store/postgres-limits';
import { StoreUnavailableError } from '../store/unavailable';

/**
 * Health for an orchestrator. /healthz/live: the process serves HTTP; it never touches the store,
 * since restarting us would not bring the store back. /healthz/ready (and /healthz, as before): the
 * store answers within the connect timeout; otherwise 503 with Retry-After, to take this instance
 * out of the load balancer until it does.
 */
export function healthRoutes(db: Db, store: Config['store']): Router {
  const readyWithinMs = store.kind === 'postgres' ? store.limits.connectTimeoutMs : DEFAULT_POSTGRES_LIMITS.connectTimeoutMs;
  const router = express.Router();
  router.get('/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(['/', '/ready'], async (_req, res) => {
    await answeredWithin(db.query('SELECT 1'), readyWithinMs);
    res.json({ status: 'ok', store: db.kind });
  });
  return router;
}

async function answeredWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`the store did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
