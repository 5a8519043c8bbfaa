/**
 * Building Dataverse $filter expressions from untrusted text. Two escapes apply: OData string
 * literals double their single quotes, and Dataverse evaluates contains/startswith/endswith as SQL
 * LIKE, so %, _ and [ in a value are wildcards unless bracketed.
 */

/** A quoted OData string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Text taken literally inside contains(): LIKE wildcards bracketed. */
export function likeLiteral(value: string): string {
  return value.replace(/[%_[]/g, (c) => `[${c}]`);
}

/** contains(column, text), text taken literally. */
export function containsText(column: string, value: string): string {
  return `contains(${column},${literal(likeLiteral(value))})`;
}

export function anyOf(conditions: string[]): string {
  return conditions.length === 1 ? conditions[0]! : conditions.map((c) => `(${c})`).join(' or ');
}
