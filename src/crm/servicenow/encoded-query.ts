/**
 * Builders for ServiceNow encoded queries (sysparm_query): conditions `field<OP>value` joined by
 * `^` (AND) and `^OR` (OR, binding tighter than AND: `a^ORb^c` is (a OR b) AND c).
 */

/** A `^` inside a value would start a new condition; the platform reads `^^` as a literal caret. */
function escapeValue(value: string): string {
  return value.replace(/\^/g, '^^');
}

export function equals(field: string, value: string): string {
  return `${field}=${escapeValue(value)}`;
}

export function notEquals(field: string, value: string): string {
  return `${field}!=${escapeValue(value)}`;
}

export function contains(field: string, value: string): string {
  return `${field}LIKE${escapeValue(value)}`;
}

/** IN takes a comma-separated list with no escape for commas, so values holding one are dropped. */
export function oneOf(field: string, values: string[]): string | null {
  const usable = values.filter((v) => v !== '' && !v.includes(','));
  return usable.length === 0 ? null : `${field}IN${usable.map(escapeValue).join(',')}`;
}

/** Any of the conditions; each must be a single condition for `^OR` to mean what it says. */
export function anyOf(conditions: (string | null)[]): string | null {
  const present = conditions.filter((c): c is string => c !== null);
  return present.length === 0 ? null : present.join('^OR');
}

export function allOf(conditions: (string | null)[]): string {
  return conditions.filter((c): c is string => c !== null).join('^');
}

export function orderBy(field: string): string {
  return `ORDERBY${field}`;
}
