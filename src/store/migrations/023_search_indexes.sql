-- The card search (MERGE-1, the search-or-create box, the bot's lookup, the message extension) tested
-- every card's identifiers one by one: a sequential scan, 3 s at a million cards. Names are read
-- through their trigram index (003) and identifiers now through this one, by prefix, whatever the
-- database's collation (text_pattern_ops compares bytes).
CREATE INDEX contact_identifiers_by_value_prefix ON contact_identifiers (value text_pattern_ops);
