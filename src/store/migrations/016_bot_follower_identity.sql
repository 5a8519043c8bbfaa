-- Who followed, by Entra object id: a card posted in a chat shows what its followers may see, with
-- the roles and divisions of each follower's last tab sign-in (Teams activities carry no roles).
-- Follows made before this column resolve by their Bot Framework id alone (the default role).
ALTER TABLE bot_follows ADD COLUMN followed_by_aad_object_id text;
