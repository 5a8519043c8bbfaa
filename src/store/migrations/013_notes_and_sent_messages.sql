-- Notes agents write on cards (NOTE-1, NOTE-2) and messages they send customers (OUT-1). Both belong
-- to the card they were written on; once that card is merged, they show on its canonical card.

CREATE TABLE notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  author_id text NOT NULL,
  author_name text NOT NULL,
  body text NOT NULL CHECK (length(body) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  edited_at timestamptz
);
CREATE INDEX notes_by_contact_time ON notes (contact_id, created_at DESC);

CREATE TABLE sent_messages (
  -- Chosen by the sender's client, so a resent request (double click, retry after a timeout) sends once.
  id uuid PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  interaction_id text REFERENCES interactions (id) ON DELETE SET NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  sender_id text NOT NULL,
  sender_name text NOT NULL,
  -- 'sending' is written before the provider is called: a crash mid-send leaves a trace.
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  failure text,
  provider_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX sent_messages_by_contact_time ON sent_messages (contact_id, created_at DESC);
