/**
 * Literals for SOQL and SOSL. Values from callers (e-mail addresses, names, idempotency keys) go
 * into query text, so they are always escaped here and never concatenated raw.
 */

/** A SOQL string literal: backslash escapes, as Salesforce's SOQL grammar defines them. */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => SOQL_ESCAPES[c] ?? c);
  return `'${escaped}'`;
}

const SOQL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

export function soqlList(values: readonly string[]): string {
  return `(${values.map(soqlString).join(', ')})`;
}

/** 15- or 18-character Salesforce record id; anything else never reaches a query. */
export function isSalesforceId(id: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id);
}

/** Text for a SOSL FIND {…} clause: the reserved characters escaped, so a name is words, not operators. */
export function soslText(text: string): string {
  return text.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, (c) => `\\${c}`);
}

/** A SOSL phrase: one term matched as a whole. */
export function soslPhrase(text: string): string {
  return `"${soslText(text)}"`;
}
