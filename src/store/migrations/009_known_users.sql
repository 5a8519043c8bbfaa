-- Who has signed in to the tab, with the Entra app roles their last token carried. Teams gives the
-- bot no roles, so a chat user acts with what their last tab sign-in granted.
CREATE TABLE known_users (
  user_id text PRIMARY KEY, -- the Entra object id (oid)
  name text NOT NULL,
  roles text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Who followed, by Bot Framework user id: they get their own view of the chat's cards (refresh.userIds).
ALTER TABLE bot_follows ADD COLUMN followed_by_id text;
