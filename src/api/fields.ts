import express, { type Router } from 'express';
import { requirePermission } from '../domain/access/permissions';
import { cardFields } from '../domain/fields/card-fields';
import { listFields } from '../domain/fields/fields-store';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';

/**
 * `GET /api/fields`: the custom fields an agent fills in when adding a contact (FIELD-1), in the
 * admin's order, without values; the admin's definitions in full are under /api/admin/fields.
 */
export function fieldsForAgentsApi(db: Db): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    requirePermission(principalOf(req), 'contacts:add', 'add contacts');
    res.json({ fields: cardFields(await listFields(db), {}).filter((f) => f.editable) });
  });
  return router;
}
