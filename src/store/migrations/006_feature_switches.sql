-- Features an admin switches on or off for the tenant (CRM-8, FIELD-1, NOTE-2, OUT-1). A feature
-- without a row has its default (see src/settings/features.ts).
CREATE TABLE feature_switches (
  feature text PRIMARY KEY,
  enabled boolean NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
