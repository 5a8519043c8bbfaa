import express, { type Router } from 'express';
import { z } from 'zod';
import { invalid } from '../domain/errors';
import { FieldSettingsInput, NewFieldInput } from '../domain/fields/definition';
import { listFields } from '../domain/fields/fields-store';
import { createField, editField, reorderFields, restoreField, retireField } from '../domain/fields/manage-fields';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

const Order = z.object({ idents: z.array(z.string().max(128)).max(1000) });
const IdentInBody = z.object({ ident: z.string().optional() });

/** `/api/admin/fields`: the custom fields of contacts (FIELD-2), retired ones included. */
export function fieldsApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('manage custom fields'));

  router.get('/', async (_req, res) => {
    res.json({ fields: await listFields(db) });
  });

  router.post('/', async (req, res) => {
    const field = await createField(db, principalOf(req), NewFieldInput.parse(req.body));
    res.status(201).location(`/api/admin/fields/${encodeURIComponent(field.ident)}`).json(field);
  });

  /** Everything but the ident, which never changes: it keys the values on every card. */
  router.put('/:ident', async (req, res) => {
    const { ident } = req.params;
    if ((IdentInBody.parse(req.body).ident ?? ident) !== ident) throw invalid('the ident of a field never changes; create a new field instead', 'ident');
    res.json(await editField(db, principalOf(req), ident, FieldSettingsInput.parse(req.body)));
  });

  router.post('/:ident/retire', async (req, res) => {
    res.json(await retireField(db, principalOf(req), req.params.ident));
  });

  router.post('/:ident/restore', async (req, res) => {
    res.json(await restoreField(db, principalOf(req), req.params.ident));
  });

  return router;
}

/** `PUT /api/admin/field-order`: the order of the custom fields (its own path, since "order" is a valid ident). */
export function fieldOrderApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('manage custom fields'));
  router.put('/', async (req, res) => {
    res.json({ fields: await reorderFields(db, principalOf(req), Order.parse(req.body).idents) });
  });
  return router;
}
