import express, { type Router } from 'express';
import { z } from 'zod';
import { deleteMapping, listMappings, putMapping } from '../domain/access/role-store';
import { MAPPING_SOURCES } from '../domain/access/roles';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';
import { RoleName } from './admin-roles';

const Source = z.enum(MAPPING_SOURCES, { error: `the source is an Entra ${MAPPING_SOURCES.join(' or ')}` });
/** An app role value or a group object id, as Entra puts it in the token. */
const Value = z.string().trim().min(1, 'name the app role value or group object id').max(256);
const MappingBody = z.object({ source: Source, value: Value, role: RoleName });

/** `/api/admin/role-mappings` (ADMIN-3): which Entra app roles and groups grant which roles. */
export function roleMappingsApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('map roles'));

  router.get('/', async (_req, res) => {
    res.json({ mappings: await listMappings(db) });
  });

  router.put('/', async (req, res) => {
    await putMapping(db, principalOf(req), MappingBody.parse(req.body));
    res.json({ mappings: await listMappings(db) });
  });

  router.delete('/:source/:value', async (req, res) => {
    await deleteMapping(db, principalOf(req), Source.parse(req.params.source), Value.parse(req.params.value));
    res.status(204).end();
  });

  return router;
}
