import express, { type Router } from 'express';
import { principalOf } from '../http/principal';
import { AppSettingsSchema, loadAppSettings, saveAppSettings, type AppSettings } from '../settings/app-settings';
import { audit } from '../domain/settings-audit';
import type { Db } from '../store/db';
import type { AppSettingsCache } from '../settings/settings-cache';
import { settingsManagersOnly } from './admin-guard';

const Changes = AppSettingsSchema.partial().strict().refine((c) => Object.keys(c).length > 0, 'name at least one setting');

/**
 * `/api/admin/settings` (ADMIN-2): tenant settings with an environment default, which applies until
 * an admin sets one: the default phone region.
 */
export function appSettingsApi(db: Db, defaults: AppSettings, cache: AppSettingsCache): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('change the settings'));
  router.get('/', async (_req, res) => {
    res.json(await loadAppSettings(db, defaults));
  });
  router.put('/', async (req, res) => {
    const principal = principalOf(req);
    const changes = Changes.parse(req.body);
    await db.transaction(async (tx) => {
      const before = await loadAppSettings(tx, defaults);
      await saveAppSettings(tx, changes, principal.name);
      const changed = Object.keys(changes) as Array<keyof AppSettings>;
      await audit(tx, principal, 'app-settings', Object.fromEntries(changed.map((key) => [key, before[key]])), changes);
    });
    cache.changed();
    res.json(await loadAppSettings(db, defaults));
  });
  return router;
}
