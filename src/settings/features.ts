import { DomainError } from '../domain/errors';
import type { Queryable } from '../store/db';

/** Features an admin switches per tenant, and whether each is on until switched (ADMIN-2, CRM-8, FIELD-1, NOTE-2, OUT-1). */
export const FEATURE_DEFAULTS = {
  'crm.link': true,
  'crm.relatesTo': true,
  'crm.create': true,
  /** Agents add, edit and delete contacts (each still needs its permission). */
  'contacts.edit': true,
  /** Agents edit and delete their own notes (NOTE-2). Switchable before notes can be edited, so tenants decide ahead. */
  'notes.editOwn': true,
  /** Agents message customers by SMS and e-mail (OUT-1). Switchable before the feature ships, likewise. */
  'outbound.messages': true,
} as const;
export type Feature = keyof typeof FEATURE_DEFAULTS;
export const FEATURES = Object.keys(FEATURE_DEFAULTS) as Feature[];

export type FeatureSwitches = Record<Feature, boolean>;

/** Read per request: a change made on any instance applies at once, without a restart. */
export async function loadFeatures(db: Queryable): Promise<FeatureSwitches> {
  const rows = await db.query<{ feature: string; enabled: boolean }>('SELECT feature, enabled FROM feature_switches');
  const switches: FeatureSwitches = { ...FEATURE_DEFAULTS };
  for (const row of rows) if (row.feature in switches) switches[row.feature as Feature] = row.enabled;
  return switches;
}

export async function saveFeatures(db: Queryable, changes: Partial<FeatureSwitches>, updatedBy: string): Promise<void> {
  for (const [feature, enabled] of Object.entries(changes)) {
    await db.query(
      `INSERT INTO feature_switches (feature, enabled, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (feature) DO UPDATE SET enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [feature, enabled, updatedBy],
    );
  }
}

/** A switched-off feature is refused by the API, not only hidden by the tab. */
export async function requireFeature(db: Queryable, feature: Feature): Promise<void> {
  if (!(await loadFeatures(db))[feature]) throw new DomainError('forbidden', `the ${feature} feature is switched off for this tenant`);
}
