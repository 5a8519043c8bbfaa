import type { Queryable } from '../../store/db';
import { findContact } from '../contacts/contacts-store';
import { cardIds } from '../contacts/family';
import { contactSummaries, type ContactSummary } from '../contacts/search';
import { notFound } from '../errors';
import { displayed, type DisplayedIdentifier, type Identifier } from '../identity/identifiers';
import { nameCandidatesSql } from './similar-names';

export type DuplicateReason = { kind: 'identifier'; identifier: DisplayedIdentifier } | { kind: 'name'; similarity: number };

export interface DuplicateSuggestion {
  contact: ContactSummary;
  /** Why it is suggested: shared identifiers first, then a similar name. */
  reasons: DuplicateReason[];
}

/** Names at least this similar (pg_trgm trigram similarity, 0 … 1) are suggested. */
const NAME_SIMILARITY = 0.3;

/**
 * Likely duplicates of a card (MERGE-1), most likely first: cards holding one of its identifiers
 * (the same number in another format is the same E.164 value), then cards with similar names
 * (nameCandidatesSql), the most similar first and equally similar ones by age.
 */
export async function findDuplicates(tx: Queryable, contactId: string, limit = 10): Promise<DuplicateSuggestion[]> {
  const contact = await findContact(tx, contactId);
  if (!contact) throw notFound(`contact ${contactId} does not exist`);
  const shared = await tx.query<{ id: string; kind: Identifier['kind']; value: string }>(
    `SELECT DISTINCT coalesce(holder.alias_of, holder.id) AS id, theirs.kind, theirs.value
     FROM contact_identifiers mine
     JOIN contact_identifiers theirs ON theirs.kind = mine.kind AND theirs.value = mine.value
     JOIN contacts holder ON holder.id = theirs.contact_id
     WHERE mine.contact_id = ANY(${cardIds('$1')}) AND coalesce(holder.alias_of, holder.id) <> $1`,
    [contact.id],
  );
  const similar = contact.name
    ? await tx.query<{ id: string; similarity: number }>(
        `SELECT id, similarity FROM (${nameCandidatesSql('$2', 'c.id <> $1')}) candidates
         WHERE similarity >= $3 ORDER BY similarity DESC, created_at LIMIT $4`,
        [contact.id, contact.name, NAME_SIMILARITY, limit],
      )
    : [];

  const reasons = new Map<string, DuplicateReason[]>();
  const add = (id: string, reason: DuplicateReason) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  for (const row of shared) add(row.id, { kind: 'identifier', identifier: displayed({ kind: row.kind, value: row.value }) });
  for (const row of similar) add(row.id, { kind: 'name', similarity: Math.round(row.similarity * 100) / 100 });

  const ranked = [...reasons.entries()].sort(([, a], [, b]) => score(b) - score(a)).slice(0, limit);
  const summaries = await contactSummaries(tx, ranked.map(([id]) => id));
  return summaries.map((summary) => ({ contact: summary, reasons: reasons.get(summary.id)! }));
}

/** A shared identifier outweighs any name likeness; more shared identifiers, more likely. */
function score(reasons: DuplicateReason[]): number {
  return reasons.reduce((sum, r) => sum + (r.kind === 'identifier' ? 10 : r.similarity), 0);
}
