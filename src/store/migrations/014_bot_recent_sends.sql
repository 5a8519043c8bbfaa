-- When the last requests to each chat finished (epoch milliseconds, newest last, at most 60): the
-- sender of a chat changes between app instances, and the new one counts Teams' per-conversation
-- limits from these, not only from its own sends.
ALTER TABLE bot_conversations ADD COLUMN recent_sends double precision[] NOT NULL DEFAULT '{}';
