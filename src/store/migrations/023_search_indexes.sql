-- The card search (MERGE-1, the search-or-create box, the bot's lookup, the message extension) tested
-- every card's identifiers one by one: a sequential scan, 3 s at a million cards. It now reads names
-- and identifiers through indexes, each as its own part of the query:
-- names in the order the results are listed, so a common name stops after the first page …
CREATE INDEX contacts_by_name ON contacts (name, created_at) WHERE alias_of IS NULL;
-- … and identifiers by prefix, whatever the database's collation (text_pattern_ops compares bytes).
CREATE INDEX contact_identifiers_by_value_prefix ON contact_identifiers (value text_pattern_ops);
