import type { Queryable } from '../../store/db';
import { displayed, normalizeEmail, normalizePhone, type DisplayedIdentifier, type Identifier } from '../identity/identifiers';
import type { ContactType } from './contact';
import { cardIds } from './family';

export interface ContactSummary {
  id: string;
  name: string | null;
  type: ContactType;
  createdAt: Date;
  identifiers: DisplayedIdentifier[];
}

/** Canonical contacts (aliases folded in) by id, with their identifiers, in the order given. */
export async function contactSummaries(tx: Queryable, ids: string[]): Promise<ContactSummary[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<{ id: string; name: string | null; type: ContactType; created_at: Date; identifiers: Identifier[] }>(
    `SELECT c.id, c.name, c.type, c.created_at,
       coalesce((SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value) ORDER BY i.kind, i.value)
                 FROM (SELECT DISTINCT ci.kind, ci.value FROM contact_identifiers ci
                       WHERE ci.contact_id = ANY(${cardIds('c.id')})) i), '[]'::json) AS identifiers
     FROM contacts c WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, type: r.type, createdAt: r.created_at, identifiers: r.identifiers.map(displayed) }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Cards read by name per search at most: every card bearing a full name, a page's worth of a common one. */
const NAME_MATCHES = 1_000;

/**
 * Searches every card by name, phone number (in any format) or e-mail address. Names match
 * anywhere, case-insensitively; identifiers match from their start.
 */
export async function searchContacts(tx: Queryable, query: string, defaultPhoneRegion: string, limit = 25): Promise<ContactSummary[]> {
  const text = query.trim();
  if (text === '') return [];
  const identifierPrefixes = [text.toLowerCase(), tryOr(() => normalizePhone(text, defaultPhoneRegion)), tryOr(() => normalizeEmail(text))]
    .filter((v): v is string => v !== null);
  // Names and identifiers each through their own index (003, 023), then the first page of both.
  // Names: at most NAME_MATCHES read, then ordered — a name thousands of cards bear lists the first
  // page of those read, rather than sorting them all (or walking every name in order, which a
  // planner misjudging the pattern chose at ten million cards, past the statement timeout).
  // Identifiers: one LIKE per prefix, so each is planned with its value and can use the prefix index.
  const prefixes = identifierPrefixes.map((prefix) => `${escapeLike(prefix)}%`);
  const byIdentifier = prefixes.map((_, i) => `ci.value LIKE $${i + 4}`).join(' OR ');
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM (
       (SELECT c.id, c.name, c.created_at FROM (
          SELECT id, name, created_at FROM contacts WHERE alias_of IS NULL AND name ILIKE '%' || $1 || '%' LIMIT $3) c
        ORDER BY c.name NULLS LAST, c.created_at LIMIT $2)
       UNION
       (SELECT c.id, c.name, c.created_at FROM contact_identifiers ci
        JOIN contacts holder ON holder.id = ci.contact_id
        JOIN contacts c ON c.id = coalesce(holder.alias_of, holder.id)
        WHERE ${byIdentifier}
        ORDER BY c.name NULLS LAST, c.created_at LIMIT $2)) found
     ORDER BY name NULLS LAST, created_at LIMIT $2`,
    [escapeLike(text), limit, NAME_MATCHES, ...prefixes],
  );
  return contactSummaries(tx, rows.map((r) => r.id));
}

function tryOr(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
