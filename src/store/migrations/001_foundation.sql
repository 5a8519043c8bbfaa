-- Contacts, their identifiers, interactions and messages, and the inbox of contact-center events.

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type IN ('identified', 'ephemeral', 'curated', 'canonical')),
  name text,
  fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Set when this contact was merged into another: it is then an alias of that canonical contact.
  -- Always points at the canonical contact itself (never at another alias), so resolving takes one hop.
  alias_of uuid REFERENCES contacts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Ephemeral contacts expire 60 days after this.
  last_interaction_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contacts_not_own_alias CHECK (alias_of IS NULL OR alias_of <> id)
);
CREATE INDEX contacts_by_alias_of ON contacts (alias_of) WHERE alias_of IS NOT NULL;
CREATE INDEX contacts_ephemeral_by_last_interaction ON contacts (last_interaction_at) WHERE type = 'ephemeral';

-- Several contacts may hold the same identifier (ID-4); the primary key's prefix serves lookups by identifier.
CREATE TABLE contact_identifiers (
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'social', 'cookie')),
  value text NOT NULL,
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, value, contact_id)
);
CREATE INDEX contact_identifiers_by_contact ON contact_identifiers (contact_id);

CREATE TABLE interactions (
  id text PRIMARY KEY, -- the contact-center platform's interaction id
  contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
  channel text NOT NULL CHECK (channel IN ('voice', 'voicemail', 'sms', 'chat', 'email', 'social', 'web')),
  division text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  state text NOT NULL CHECK (state IN ('active', 'after_call_work', 'transferred', 'unassigned', 'ended')),
  -- occurredAt of the event that last changed state: an older event never changes it again.
  state_changed_at timestamptz NOT NULL,
  agent_id text,
  agent_name text,
  -- The identifier that decided the contact; other contacts holding it are the candidates (ID-4).
  matched_kind text,
  matched_value text,
  -- The contact data the platform provided, shown for "no match" and "Create contact" (LOOK-3).
  provided_contact jsonb NOT NULL DEFAULT '{}'::jsonb,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  acw_completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_by_contact ON interactions (contact_id, started_at DESC);
CREATE INDEX interactions_by_matched_identifier ON interactions (matched_kind, matched_value);

CREATE TABLE messages (
  interaction_id text NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  id text NOT NULL, -- the platform's message id: a message stored twice is stored once
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  subject text,
  body text NOT NULL,
  sent_at timestamptz NOT NULL,
  event_id text NOT NULL,
  PRIMARY KEY (interaction_id, id)
);
CREATE INDEX messages_by_interaction_time ON messages (interaction_id, sent_at);

CREATE TABLE web_visits (
  event_id text PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  url text NOT NULL,
  title text,
  visited_at timestamptz NOT NULL
);
CREATE INDEX web_visits_by_contact_time ON web_visits (contact_id, visited_at);

-- Every accepted event, stored before the webhook answers 202. The primary key makes redelivery a no-op.
CREATE TABLE events (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE, -- arrival order
  type text NOT NULL,
  interaction_id text,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  -- Null while the event waits for its interaction to be known (it arrived before interaction.started).
  applied_at timestamptz
);
CREATE INDEX events_pending_by_interaction ON events (interaction_id, occurred_at, seq) WHERE applied_at IS NULL;
