/** How many cards are read per match key: enough for a list of ten, a bounded read at any store size. */
const PER_KEY = 30;
/** The match keys migration 022 indexes, by their place in name_match_keys(name). */
const MATCH_KEYS = [1, 2, 3];

/**
 * SQL for the cards whose names may be the same customer's as `name` (an SQL expression: a parameter
 * or a column): canonical cards sharing one of its match keys (migration 022) — the same words; the
 * same first initial and a last name that sounds alike; a first name that sounds alike and the same
 * last initial — at most PER_KEY per key, the oldest first, with their pg_trgm `similarity` to it.
 * Each key is a btree range, so what is read does not grow with the store. `where` filters each
 * key's cards inside its range (columns of `c`), so cards left out do not use up the key's share.
 */
export function nameCandidatesSql(name: string, where: string): string {
  const byKey = MATCH_KEYS.map(
    (key) =>
      `(SELECT c.id, c.name, c.type, c.created_at FROM contacts c
        WHERE c.alias_of IS NULL AND (name_match_keys(c.name))[${key}] = (name_match_keys(${name}))[${key}] AND ${where}
        ORDER BY c.created_at LIMIT ${PER_KEY})`,
  );
  return `SELECT k.id, k.name, k.type, k.created_at, similarity(k.name, ${name})::float8 AS similarity FROM (${byKey.join(' UNION ')}) k`;
}
