-- The bot: where it can talk (conversation references, kept so proactive updates survive restarts),
-- what each chat follows (BOT-1), the cards it posted, and the updates still to send (BOT-2).
CREATE TABLE bot_conversations (
  conversation_id text PRIMARY KEY,
  reference jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The app instance sending to this chat holds it until then: one sender per conversation.
  sender_until timestamptz
);

CREATE TABLE bot_follows (
  conversation_id text NOT NULL REFERENCES bot_conversations (conversation_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('interaction', 'division', 'contact')),
  key text NOT NULL,
  followed_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, kind, key)
);
CREATE INDEX bot_follows_by_target ON bot_follows (kind, key);

-- The card posted in a chat for an interaction: later states update it in place.
CREATE TABLE bot_cards (
  conversation_id text NOT NULL REFERENCES bot_conversations (conversation_id) ON DELETE CASCADE,
  interaction_id text NOT NULL,
  activity_id text NOT NULL,
  PRIMARY KEY (conversation_id, interaction_id)
);

-- One row per chat and interaction whose card is stale: a burst of changes coalesces into one row,
-- and the sender renders the newest state when it sends.
CREATE TABLE bot_updates (
  conversation_id text NOT NULL REFERENCES bot_conversations (conversation_id) ON DELETE CASCADE,
  interaction_id text NOT NULL,
  -- The last change: a change during a send keeps the row, so the newest state always follows.
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  PRIMARY KEY (conversation_id, interaction_id)
);
CREATE INDEX bot_updates_due ON bot_updates (next_attempt_at);
