import type { Db, Queryable } from '../../store/db';
import type { Actor } from '../access/permissions';
import { DomainError, invalid, notFound } from '../errors';
import { announceContactChanged } from '../changes';
import type { ContactType } from '../contacts/contact';
import { canonicalIdOf } from '../contacts/contacts-store';
import { cardIds } from '../contacts/family';
import type { ContactSummary } from '../contacts/search';
import { displayed, type Identifier } from '../identity/identifiers';
import { PUBLIC_EMAIL_DOMAINS } from './public-email-domains';
import { nameCandidatesSql } from './similar-names';

/**
 * Why a new card may duplicate another (MERGE-8). Cards sharing an identifier are not hinted: the
 * interaction already offers them as candidates (ID-4), and the Merge button lists them first.
 */
export type DuplicateHintReason =
  /** The same name (ignoring case and spacing); `differing` is the kind both cards hold with different values, if any. */
  | { kind: 'sameName'; differing: 'phone' | 'email' | null }
  /** A name close by trigrams and an e-mail domain of the cards' own (not a public mailbox provider's). */
  | { kind: 'similarName'; domain: string };

export interface DuplicateHint {
  contact: ContactSummary;
  reason: DuplicateHintReason;
}

/** A card is hinted at while it is this new: a duplicate is cheapest to merge before both cards gather history. */
export const HINT_WINDOW_DAYS = 30;
/** Similar names need at least this pg_trgm similarity (stricter than the Merge button's 0.3: a hint is unasked for). */
const HINT_NAME_SIMILARITY = 0.5;
/** How many of the most similar names are looked at, and how many hints a card shows at most. */
const MOST_SIMILAR = 20;
const MAX_HINTS = 3;

type SummaryRow = { id: string; name: string | null; type: ContactType; created_at: Date; identifiers: Identifier[] };

/**
 * The possible duplicates a card shows (MERGE-8): none once the card is older than HINT_WINDOW_DAYS;
 * else other cards with the same name, or a similar name and a shared company domain, leaving out
 * pairs dismissed as not duplicates. Read with the card, not stored, so merges and edits are
 * reflected at once. One statement: the cards sharing a match key of the name (nameCandidatesSql),
 * dismissed cards skipped inside each key's range, so dismissing many same-named cards leaves room for the next.
 */
export async function duplicateHintsFor(tx: Queryable, canonicalId: string, now = new Date()): Promise<DuplicateHint[]> {
  const since = new Date(now.getTime() - HINT_WINDOW_DAYS * 86_400_000);
  const identifiersOf = (card: string) =>
    `coalesce((SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value) ORDER BY i.kind, i.value)
               FROM (SELECT DISTINCT ci.kind, ci.value FROM contact_identifiers ci WHERE ci.contact_id = ANY(${cardIds(card)})) i), '[]'::json)`;
  const rows = await tx.query<SummaryRow & { similarity: number; my_name: string; my_identifiers: Identifier[] }>(
    `WITH me AS (
       SELECT id, name FROM contacts WHERE id = $1 AND alias_of IS NULL AND name IS NOT NULL AND created_at >= $2
     ), dismissed AS (
       SELECT coalesce(other.alias_of, other.id) AS id
       FROM duplicate_dismissals d
       JOIN contacts other ON other.id = CASE WHEN d.contact_a = ANY(${cardIds('$1')}) THEN d.contact_b ELSE d.contact_a END
       WHERE d.contact_a = ANY(${cardIds('$1')}) OR d.contact_b = ANY(${cardIds('$1')})
     )
     SELECT n.id, n.name, n.type, n.created_at, n.similarity, me.name AS my_name,
       ${identifiersOf('n.id')} AS identifiers, ${identifiersOf('$1')} AS my_identifiers
     FROM me, LATERAL (
       SELECT * FROM (${nameCandidatesSql('me.name', 'c.id <> me.id AND c.id <> ALL(ARRAY(SELECT id FROM dismissed))')}) candidates
       WHERE similarity >= $3 ORDER BY similarity DESC, created_at LIMIT $4) n`,
    [canonicalId, since, HINT_NAME_SIMILARITY, MOST_SIMILAR],
  );
  const hints = rows.flatMap((row) => {
    const reason = hintReason({ name: row.my_name, identifiers: row.my_identifiers }, row);
    return reason ? [{ row, reason }] : [];
  });
  // The same name first, then the closest names; among equals the longest-known card, the one likelier to be kept.
  hints.sort((a, b) =>
    Number(b.reason.kind === 'sameName') - Number(a.reason.kind === 'sameName') ||
    b.row.similarity - a.row.similarity ||
    a.row.created_at.getTime() - b.row.created_at.getTime());
  return hints.slice(0, MAX_HINTS).map(({ row, reason }) => ({
    reason,
    contact: { id: row.id, name: row.name, type: row.type, createdAt: row.created_at, identifiers: row.identifiers.map(displayed) },
  }));
}

interface Named {
  name: string | null;
  identifiers: Identifier[];
}

/** Why `other` may be the same customer as `card`, or null when it is not hinted. Pure: the rule itself. */
export function hintReason(card: Named, other: Named): DuplicateHintReason | null {
  const mine = new Set(card.identifiers.map(key));
  if (other.identifiers.some((i) => mine.has(key(i)))) return null; // ID-4's candidates
  if (card.name !== null && other.name !== null && normalisedName(card.name) === normalisedName(other.name)) {
    const held = (identifiers: Identifier[], kind: string) => identifiers.some((i) => i.kind === kind);
    const differing = (['phone', 'email'] as const).find((kind) => held(card.identifiers, kind) && held(other.identifiers, kind)) ?? null;
    return { kind: 'sameName', differing };
  }
  const theirDomains = new Set(companyDomains(other.identifiers));
  const domain = companyDomains(card.identifiers).find((d) => theirDomains.has(d));
  return domain ? { kind: 'similarName', domain } : null;
}

const key = (i: Identifier) => `${i.kind}:${i.value}`;

/** Names compared as people read them: case, accents' encoding and runs of spaces do not count. */
const normalisedName = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The card's e-mail domains that are its own: a public mailbox provider's say nothing. */
function companyDomains(identifiers: Identifier[]): string[] {
  return identifiers
    .filter((i) => i.kind === 'email')
    .map((i) => i.value.slice(i.value.lastIndexOf('@') + 1))
    .filter((domain) => domain !== '' && !PUBLIC_EMAIL_DOMAINS.has(domain));
}

/** Who may see and dismiss hints: the users the Merge button is offered to, as the hint leads to it. */
export const mayActOnDuplicates = (actor: Pick<Actor, 'permissions'>) =>
  actor.permissions.has('contacts:merge') || actor.permissions.has('identity:merge');

/**
 * "Not a duplicate" (MERGE-8): the pair is never hinted again, for anyone, whatever either card is
 * merged into later. Dismissing twice is dismissing once. Both cards' open views refresh.
 */
export async function dismissDuplicateHint(db: Db, actor: Actor, contactId: string, otherId: string): Promise<void> {
  if (!mayActOnDuplicates(actor)) {
    throw new DomainError('forbidden', 'you need the contacts:merge permission (or identity:merge) to dismiss a possible duplicate');
  }
  await db.transaction(async (tx) => {
    const card = await canonicalIdOf(tx, contactId);
    if (!card) throw notFound(`contact ${contactId} does not exist`);
    const other = await canonicalIdOf(tx, otherId);
    if (!other) throw notFound(`contact ${otherId} does not exist`);
    if (card === other) throw invalid('these are one card (one was merged into the other)', 'otherId');
    const [a, b] = card < other ? [card, other] : [other, card];
    await tx.query(
      `INSERT INTO duplicate_dismissals (contact_a, contact_b, dismissed_by, dismissed_by_name) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [a, b, actor.id, actor.name],
    );
    await announceContactChanged(tx, a);
    await announceContactChanged(tx, b);
  });
}
