-- CRM: records of the built-in CRM, links from interactions to CRM records, and the durable outbox
-- through which interaction activities are written back exactly once.

-- The built-in CRM, used when no external CRM is connected.
CREATE TABLE crm_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL,
  name text,
  fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  phones text[] NOT NULL DEFAULT '{}', -- E.164
  emails text[] NOT NULL DEFAULT '{}', -- case-folded
  parent_id uuid REFERENCES crm_records (id), -- the account of a contact, the contact of a case …
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crm_records_by_phone ON crm_records USING gin (phones);
CREATE INDEX crm_records_by_email ON crm_records USING gin (emails);
CREATE INDEX crm_records_by_parent ON crm_records (parent_id);

CREATE TABLE crm_activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  record_type text NOT NULL,
  record_id text NOT NULL,
  activity jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Records linked to an interaction (CRM-1); they receive its activity when it is done (CRM-2).
CREATE TABLE crm_links (
  interaction_id text NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  record_type text NOT NULL,
  record_id text NOT NULL,
  record_name text,
  record_url text NOT NULL,
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, record_type, record_id)
);

-- Work that must reach another system exactly once, written in the transaction that decides it.
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic text NOT NULL,
  -- Unique: enqueueing the same work twice is a no-op; also the idempotency key sent to the CRM.
  key text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A worker that claimed the item holds it until then; if it crashes, another takes over after.
  leased_until timestamptz,
  last_error text,
  done_at timestamptz,
  dead_at timestamptz, -- given up: visible to admins, never retried by itself
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE done_at IS NULL AND dead_at IS NULL;
