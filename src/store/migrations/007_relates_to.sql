-- Relates-to (CRM-4, CRM-5): the records the agent opened during an interaction, and the records its
-- activity relates to besides the linked one.
CREATE TABLE crm_record_views (
  interaction_id text NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  record_type text NOT NULL,
  record_id text NOT NULL,
  record_name text,
  record_url text NOT NULL,
  viewed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, record_type, record_id)
);

CREATE TABLE crm_relations (
  interaction_id text NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  -- One relation per slot: Salesforce's Name (who) and Related To (what), or one per record type.
  slot text NOT NULL,
  record_type text NOT NULL,
  record_id text NOT NULL,
  record_name text,
  related_by text NOT NULL,
  related_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, slot)
);
