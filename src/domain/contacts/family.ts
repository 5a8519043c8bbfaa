/**
 * SQL for the ids of a card: the contact whose id is the given parameter, and its aliases.
 * Written as an array so `column = ANY(...)` uses the column's index; `a = $1 OR a IN (…)` does not.
 */
export const cardIds = (param: string) =>
  `ARRAY(SELECT ${param}::uuid UNION ALL SELECT id FROM contacts WHERE alias_of = ${param}::uuid)`;
