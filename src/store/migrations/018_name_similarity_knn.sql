-- Duplicate suggestions ask for the names nearest a card's, a few of them (MERGE-1). A GiST trigram
-- index answers that nearest-first (ORDER BY name <-> $name LIMIT k) and stops after k, however many
-- cards share a surname; the GIN index (003) stays for the search's ILIKE, which it serves better.
CREATE INDEX contacts_name_trigrams_nearest ON contacts USING gist (name gist_trgm_ops) WHERE alias_of IS NULL;
