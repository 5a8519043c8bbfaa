import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { notify, type Queryable } from '../store/db';

/** A region libphonenumber-js can read numbers of, by its ISO 3166-1 alpha-2 code. */
export const PhoneRegion = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v): boolean => isSupportedCountry(v), 'must be an ISO 3166-1 alpha-2 country code, e.g. US, GB, SE');

/** Tenant settings an admin changes (ADMIN-2); until one is set, its environment default applies. */
export const AppSettingsSchema = z.object({
  /** The region of phone numbers written without a country code. */
  defaultPhoneRegion: PhoneRegion,
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;
type Key = keyof AppSettings;
const KEYS = Object.keys(AppSettingsSchema.shape) as Key[];

/** Read per use: a change made on any instance applies at once, without a restart. */
export async function loadAppSettings(db: Queryable, defaults: AppSettings): Promise<AppSettings> {
  const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM app_settings');
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const settings = { ...defaults };
  for (const key of KEYS) {
    // A stored value the code no longer accepts (a region dropped from libphonenumber-js) yields to the default.
    const parsed = AppSettingsSchema.shape[key].safeParse(stored.get(key));
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}

/** The store channel on which a change to the settings is announced (at commit), so every instance reads them again. */
export const APP_SETTINGS_CHANGED_CHANNEL = 'app_settings_changed';

export async function saveAppSettings(db: Queryable, changes: Partial<AppSettings>, updatedBy: string): Promise<void> {
  await notify(db, APP_SETTINGS_CHANGED_CHANNEL, Object.keys(changes).join(','));
  for (const [key, value] of Object.entries(changes)) {
    await db.query(
      `INSERT INTO app_settings (key, value, updated_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(value), updatedBy],
    );
  }
}

/** The default phone region as it is now, read through whichever store or transaction is at hand. */
export type DefaultPhoneRegion = (db: Queryable) => Promise<string>;

/** The admin's default phone region, or the environment's (DEFAULT_PHONE_REGION) until one is set. */
export function defaultPhoneRegionSetting(environmentDefault: string): DefaultPhoneRegion {
  return async (db) => (await loadAppSettings(db, { defaultPhoneRegion: environmentDefault })).defaultPhoneRegion;
}
