import type { ProvidedContact } from './CreateContactForm';

/**
 * What a search with no match pre-fills in Create contact: an e-mail address if it has an @, a
 * phone number if it is written like one (digits with + ( ) - . and spaces, at least five digits),
 * else a name. The server reads and checks the number; the tab only guesses the field.
 */
export function contactFromQuery(query: string): ProvidedContact {
  const text = query.trim();
  if (text.includes('@')) return { email: text };
  if (/^\+?[\d\s().-]+$/.test(text) && (text.match(/\d/g) ?? []).length >= 5) return { phone: text };
  return { name: text };
}
