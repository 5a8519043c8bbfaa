-- The CRM connection an admin set up. One per tenant (this deployment serves one tenant).
CREATE TABLE crm_connection (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  kind text NOT NULL CHECK (kind IN ('salesforce', 'dynamics', 'servicenow')),
  instance_url text NOT NULL,
  token_url text NOT NULL,
  client_id text NOT NULL,
  -- AES-256-GCM under SECRETS_KEY: never stored, returned or logged in clear.
  client_secret_sealed text NOT NULL,
  scope text,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
