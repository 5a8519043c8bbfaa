-- Tenant settings an admin changes in the tab (ADMIN-2), one row per setting. A setting without a
-- row has its default from the environment (see src/settings/app-settings.ts).
CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
