import type { RequestHandler } from 'express';
import { requirePermission } from '../domain/access/permissions';
import { principalOf } from '../http/principal';

/**
 * Lets only users with settings:manage past, before any input is read: someone without it learns
 * nothing from validation errors, and every admin route is refused the same way.
 */
export function settingsManagersOnly(toDo: string): RequestHandler {
  return (req, _res, next) => {
    requirePermission(principalOf(req), 'settings:manage', toDo);
    next();
  };
}
