import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../store/db';
import type { Actor, Permission } from '../access/permissions';
import type { Contact } from '../contacts/contact';
import { findContact, isUuid } from '../contacts/contacts-store';
import { invalid, notFound } from '../errors';
import type { DisplayedIdentifier } from '../identity/identifiers';
import { interactionCount, lockFamilies, mergeInto } from './merge-cards';
import { planMerge, type MergeChoices } from './plan';

/** At most this many cards — the survivor and the cards merged into it — in one merge (MERGE-7). */
export const MAX_CARDS_PER_MERGE = 10;

/** Per value (`name`, `fields.<ident>`), the card whose value stays, by contact id; the rule decides the rest. */
export type ValueChoices = Readonly<Record<string, string>>;

/** One value of the merge: what each card holds, and the card whose value stays. */
export interface ValueOptions {
  field: string;
  values: Array<{ contactId: string; value: string }>;
  keptFrom: string;
}

export interface ManyMergePreview {
  survivorId: string;
  /** The survivor first, then the cards merged into it, in the order given. */
  cards: Array<{ id: string; name: string | null; identifiers: DisplayedIdentifier[]; interactions: number }>;
  /** Every value any card holds; where they differ, the agent may pick another card's. */
  values: ValueOptions[];
  /** Every card's identifiers: after the merge all of them resolve to the survivor. */
  identifiers: DisplayedIdentifier[];
  /** The permissions this merge needs (one per card merged, by the cards' kinds). */
  requires: Permission[];
}

/**
 * What merging several cards into one would do (MERGE-7), for one preview: per value, every card's,
 * and the one that stays — the agent's choice, else the survivor's, else the first card's that has one
 * (the rule of a two-card merge, MERGE-3, applied card after card).
 */
export async function previewMergeMany(db: Db, survivorId: string, mergedIds: readonly string[], choices: ValueChoices = {}): Promise<ManyMergePreview> {
  const cards = await loadCards(db, survivorId, mergedIds);
  const [survivor, ...merged] = cards;
  const requires = [...new Set(merged.map((card) => planMerge(survivor!, card, {}).requires))];
  const counts = await Promise.all(cards.map((card) => interactionCount(db, card.id)));
  const identifiers = new Map(cards.flatMap((card) => card.identifiers).map((i) => [`${i.kind}:${i.value}`, i]));
  return {
    survivorId: survivor!.id,
    cards: cards.map((card, n) => ({ id: card.id, name: card.name, identifiers: card.identifiers, interactions: counts[n]! })),
    values: valueOptions(cards, choices),
    identifiers: [...identifiers.values()],
    requires,
  };
}

export interface ManyMergeResult {
  /** Shared by the merges of this action; undoing any of them undoes them all. */
  groupId: string;
  mergeIds: string[];
}

/**
 * Merges several cards into one in one transaction (MERGE-7): every family locked at once in the one
 * lock order merges share, then each card merged in turn by the two-card merge, its choice of values
 * reduced to "this card's value or the survivor's"; each merge audited, all under one group id.
 */
export async function mergeMany(db: Db, actor: Actor, survivorId: string, mergedIds: readonly string[], choices: ValueChoices = {}): Promise<ManyMergeResult> {
  checkCount(survivorId, mergedIds);
  return db.transaction(async (tx) => {
    await lockFamilies(tx, [survivorId, ...mergedIds].filter(isUuid));
    const cards = await loadCards(tx, survivorId, mergedIds);
    const kept = new Map(valueOptions(cards, choices).map((v) => [v.field, v.keptFrom]));
    const groupId = randomUUID();
    const mergeIds: string[] = [];
    for (const mergedId of mergedIds) {
      const pairChoices: MergeChoices = Object.fromEntries([...kept].map(([field, from]) => [field, from === mergedId ? 'merged' : 'survivor']));
      mergeIds.push((await mergeInto(tx, actor, survivorId, mergedId, pairChoices, groupId)).mergeId);
    }
    return { groupId, mergeIds };
  });
}

function checkCount(survivorId: string, mergedIds: readonly string[]): void {
  if (mergedIds.length === 0) throw invalid('name at least one card to merge', 'contactIds');
  if (mergedIds.length + 1 > MAX_CARDS_PER_MERGE) throw invalid(`at most ${MAX_CARDS_PER_MERGE} cards merge at once`, 'contactIds');
  if (new Set([survivorId, ...mergedIds]).size !== mergedIds.length + 1) throw invalid('each card may be named once, and not the card it is merged into', 'contactIds');
}

/** The cards, survivor first; each checked as a two-card merge would (not merged elsewhere, not the same). */
async function loadCards(tx: Queryable, survivorId: string, mergedIds: readonly string[]): Promise<Contact[]> {
  checkCount(survivorId, mergedIds);
  const cards: Contact[] = [];
  for (const id of [survivorId, ...mergedIds]) {
    const card = await findContact(tx, id);
    if (!card) throw notFound(`contact ${id} does not exist`);
    cards.push(card);
  }
  const [survivor, ...merged] = cards;
  for (const card of merged) planMerge(survivor!, card, {}); // refuses a card merged elsewhere, with mergedInto
  return cards;
}

/** Per value any card holds: every card's value, and whose stays. A choice of a card without a value is no choice. */
function valueOptions(cards: Contact[], choices: ValueChoices): ValueOptions[] {
  const valueOf = (card: Contact, field: string) => (field === 'name' ? card.name : card.fields[field.slice('fields.'.length)]) ?? null;
  const keys = [...new Set(cards.flatMap((card) => Object.keys(card.fields)))].sort();
  const options: ValueOptions[] = [];
  for (const field of ['name', ...keys.map((k) => `fields.${k}`)]) {
    const values = cards
      .map((card) => ({ contactId: card.id, value: valueOf(card, field) }))
      .filter((v): v is { contactId: string; value: string } => v.value !== null && v.value.trim() !== '');
    if (values.length === 0) continue;
    const chosen = values.find((v) => v.contactId === choices[field]);
    options.push({ field, values, keptFrom: (chosen ?? values[0]!).contactId });
  }
  return options;
}
