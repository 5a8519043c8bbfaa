/** `${{NAME}}`, as the Agents Toolkit writes references to environment values in its templates. */
const PLACEHOLDER = /\$\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}/g;

export interface FilledTemplate {
  text: string;
  /** Names used in the template with no value (unset or empty); their placeholders stay in `text`. */
  missing: string[];
}

/**
 * Replaces every `${{NAME}}` with its value. An empty value counts as missing: provision leaves ids
 * empty until it has created them, and an empty id would only fail later, less clearly.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): FilledTemplate {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = values[name];
    if (value) return value;
    missing.add(name);
    return placeholder;
  });
  return { text, missing: [...missing].sort() };
}
