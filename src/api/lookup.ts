import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { lookupIdentifier } from '../domain/cards/lookup';
import { normalizeIdentifier } from '../domain/identity/identifiers';
import { principalOf } from '../http/principal';
import type { DefaultPhoneRegion } from '../settings/app-settings';
import type { Db } from '../store/db';

const LookupQuery = z
  .object({ phone: z.string().trim().min(1).max(64).optional(), email: z.string().trim().min(1).max(320).optional() })
  .refine((q) => (q.phone === undefined) !== (q.email === undefined), { message: 'give exactly one of phone or email', path: ['phone'] });

/** `GET /api/lookup?phone=…` or `?email=…`: the cards holding that identifier (LOOK-1 … LOOK-3). */
export function lookupApi(db: Db, defaultPhoneRegion: DefaultPhoneRegion): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:view', 'look contacts up');
    const query = LookupQuery.parse(req.query);
    const region = await defaultPhoneRegion(db);
    const identifier = query.phone !== undefined
      ? normalizeIdentifier('phone', query.phone, region)
      : normalizeIdentifier('email', query.email!, region);
    res.json(await lookupIdentifier(db, identifier, principalOf(req).divisions));
  });
  return router;
}
