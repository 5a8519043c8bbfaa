import type { Permission } from '../access/permissions';
import type { Contact } from '../contacts/contact';
import { conflict, invalid } from '../errors';
import type { DisplayedIdentifier } from '../identity/identifiers';

/** What happens to one value when two cards merge. */
export interface ValueDecision {
  /** `name`, or `fields.<ident>` for a custom field. */
  field: string;
  kept: string;
  from: 'survivor' | 'merged';
  /** The other card's different value, which does not survive. */
  setAside?: string;
}

/** Which card's value the agent keeps, per conflicting field (`name`, `fields.<ident>`). */
export type MergeChoices = Readonly<Record<string, 'survivor' | 'merged'>>;

export interface MergePlan {
  survivorId: string;
  mergedId: string;
  decisions: ValueDecision[];
  /** Identifiers of both cards: after the merge all of them resolve to the survivor. */
  identifiers: DisplayedIdentifier[];
  /** The permission this merge needs. */
  requires: Permission;
}

const AUTO_CREATED: ReadonlyArray<Contact['type']> = ['identified', 'ephemeral'];

/**
 * The merge rule (MERGE-3), stated once: where both cards hold different values, the agent's choice
 * decides, else the survivor's value is kept; a value only one card holds is kept; multi-valued data
 * (identifiers, interactions, notes, CRM links, journey) is united, because the merged card stays as
 * an alias of the survivor. A choice for a field the cards do not disagree on changes nothing.
 * A card already merged is refused with `mergedInto`, the card to use instead.
 */
export function planMerge(survivor: Contact, merged: Contact, choices: MergeChoices = {}): MergePlan {
  if (survivor.id === merged.id) throw invalid('a card cannot be merged into itself', 'contactId');
  if (survivor.aliasOf) throw conflict(`this card was merged into ${survivor.aliasOf}; open that card to merge into it`, { mergedInto: survivor.aliasOf });
  if (merged.aliasOf === survivor.id) throw conflict('that card is already merged into this one', { mergedInto: survivor.id });
  if (merged.aliasOf) throw conflict(`that card was already merged into ${merged.aliasOf}; merge that card instead`, { mergedInto: merged.aliasOf });

  const decisions: ValueDecision[] = [];
  const decide = (field: string, mine: string | null | undefined, theirs: string | null | undefined) => {
    if (present(mine) && present(theirs) && theirs !== mine) {
      decisions.push(choices[field] === 'merged' ? { field, kept: theirs, from: 'merged', setAside: mine } : { field, kept: mine, from: 'survivor', setAside: theirs });
    } else if (present(mine)) decisions.push({ field, kept: mine, from: 'survivor' });
    else if (present(theirs)) decisions.push({ field, kept: theirs, from: 'merged' });
  };
  decide('name', survivor.name, merged.name);
  const keys = [...new Set([...Object.keys(survivor.fields), ...Object.keys(merged.fields)])].sort();
  for (const key of keys) decide(`fields.${key}`, survivor.fields[key], merged.fields[key]);

  const identifiers = uniqueIdentifiers([...survivor.identifiers, ...merged.identifiers]);
  const autoIntoCurated = AUTO_CREATED.includes(merged.type) && !AUTO_CREATED.includes(survivor.type);
  return { survivorId: survivor.id, mergedId: merged.id, decisions, identifiers, requires: autoIntoCurated ? 'identity:merge' : 'contacts:merge' };
}

/** The survivor's name and fields after the merge. */
export function mergedValues(plan: MergePlan): { name: string | null; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  let name: string | null = null;
  for (const d of plan.decisions) {
    if (d.field === 'name') name = d.kept;
    else fields[d.field.slice('fields.'.length)] = d.kept;
  }
  return { name, fields };
}

const present = (value: string | null | undefined): value is string => value !== undefined && value !== null && value.trim() !== '';

function uniqueIdentifiers(identifiers: DisplayedIdentifier[]): DisplayedIdentifier[] {
  const seen = new Map(identifiers.map((i) => [`${i.kind}:${i.value}`, i]));
  return [...seen.values()];
}
