import express, { type Router } from 'express';
import { z } from 'zod';
import { PERMISSIONS } from '../domain/access/permissions';
import { deleteRole, listRoles, putRole } from '../domain/access/role-store';
import { ROLE_NAME } from '../domain/access/roles';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

export const RoleName = z.string().trim().regex(ROLE_NAME, 'a role name is 1–64 letters, digits, spaces, hyphens or underscores');

const Permission = z.enum(PERMISSIONS, { error: (issue) => `${JSON.stringify(issue.input)} is not a permission; the permissions are ${PERMISSIONS.join(', ')}` });
const RoleBody = z.object({ permissions: z.array(Permission) });

/** `/api/admin/roles` (ADMIN-3): the roles and the permissions each grants; custom roles too. */
export function rolesApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('manage roles'));

  router.get('/', async (_req, res) => {
    res.json({ roles: await listRoles(db), permissions: PERMISSIONS });
  });

  /** Creates the role, or sets what it grants. */
  router.put('/:name', async (req, res) => {
    const name = RoleName.parse(req.params.name);
    const { permissions } = RoleBody.parse(req.body);
    res.json({ role: await putRole(db, principalOf(req), name, permissions) });
  });

  /** Custom roles only; mappings to the role go with it. */
  router.delete('/:name', async (req, res) => {
    await deleteRole(db, principalOf(req), RoleName.parse(req.params.name));
    res.status(204).end();
  });

  return router;
}
