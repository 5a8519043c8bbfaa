/**
 * The `keep.<field>=<value>` members of a merge preview's query string, as the body's `keep` object
 * (`{ "<field>": <value> }`), for the route's own schema to check.
 */
export const keepFromQuery = (query: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(query).filter(([k]) => k.startsWith('keep.')).map(([k, v]) => [k.slice('keep.'.length), v]));
