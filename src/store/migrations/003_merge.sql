-- Merging cards: similar names are found with trigrams, and every merge is audited.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Serves "similar names" (name % $1) and name search (name ILIKE '%…%').
CREATE INDEX contacts_name_trigrams ON contacts USING gin (name gin_trgm_ops) WHERE alias_of IS NULL;

CREATE TABLE merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id uuid NOT NULL REFERENCES contacts (id),
  alias_id uuid NOT NULL REFERENCES contacts (id),
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  -- What happened to each value: which card's value survived, and what was set aside.
  decisions jsonb NOT NULL
);
CREATE INDEX merges_by_survivor ON merges (survivor_id, merged_at DESC);
CREATE INDEX merges_by_alias ON merges (alias_id);
