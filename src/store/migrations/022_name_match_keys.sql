-- Similar names (MERGE-1, MERGE-8) are looked for among cards sharing a match key — what Dynamics
-- calls match codes and Salesforce match keys — instead of by nearest trigrams. The nearest-first
-- GiST search (018) explored most of its index for a name no other card has (a new customer's, the
-- commonest case): 240 ms at a million cards, growing with the store. A btree range per key reads at
-- most a few dozen rows at any size; the candidates are then ranked by trigram similarity.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- A name's three match keys, from its words (NFKC, lower case, split at spaces and punctuation):
--   [1] the words as written: the same name;
--   [2] the first word's initial and how the last word sounds: Ed / Edward Ferrars, Jon Smyth / John Smith;
--   [3] how the first word sounds and the last word's initial: Catherine / Katherine Smith, Edward F.
-- "Sounds" is Double Metaphone; a word it cannot code (not Latin script) stands for itself. A one-word
-- name has only [1]. PL/pgSQL: the words are split once per call (nested SQL functions split them
-- per use, 15× slower on every insert).
CREATE FUNCTION name_match_keys(name text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  words text[] := array_remove(regexp_split_to_array(lower(normalize(name, NFKC)), '[[:space:][:punct:]]+'), '');
  n int := cardinality(words);
  first_sound text;
  last_sound text;
BEGIN
  IF n = 0 THEN RETURN ARRAY[NULL, NULL, NULL]::text[]; END IF;
  IF n = 1 THEN RETURN ARRAY[words[1], NULL, NULL]; END IF;
  first_sound := coalesce(nullif(public.dmetaphone(words[1]), ''), words[1]);
  last_sound := coalesce(nullif(public.dmetaphone(words[n]), ''), words[n]);
  RETURN ARRAY[array_to_string(words, ' '), left(words[1], 1) || ' ' || last_sound, first_sound || ' ' || left(words[n], 1)];
END $$;

-- Per key, the oldest cards first: the longest-known card is the likelier one to keep.
CREATE INDEX contacts_name_key_same ON contacts (((name_match_keys(name))[1]), created_at) WHERE alias_of IS NULL;
CREATE INDEX contacts_name_key_surname ON contacts (((name_match_keys(name))[2]), created_at) WHERE alias_of IS NULL;
CREATE INDEX contacts_name_key_given ON contacts (((name_match_keys(name))[3]), created_at) WHERE alias_of IS NULL;

DROP INDEX contacts_name_trigrams_nearest;
