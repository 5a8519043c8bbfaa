-- Which divisions' interactions each user may see (users with a view-all role see every division).
CREATE TABLE user_divisions (
  user_id text NOT NULL, -- the Entra object id (oid) of the user
  division text NOT NULL,
  PRIMARY KEY (user_id, division)
);
