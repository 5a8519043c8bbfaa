import { ConcurrentChange, type Db, type Queryable } from '../../store/db';
import { requirePermission, type Actor } from '../access/permissions';
import { announceContactChanged } from '../changes';
import { findContact, isUuid } from '../contacts/contacts-store';
import { cardIds } from '../contacts/family';
import { notFound } from '../errors';
import { mergedValues, planMerge, type MergeChoices, type MergePlan } from './plan';

export interface MergePreview {
  plan: MergePlan;
  /** Interactions each card holds; after the merge the survivor's card shows them all. */
  interactions: { survivor: number; merged: number };
}

/** What merging `mergedId` into `survivorId` would do, for the agent to confirm (MERGE-2). */
export async function previewMerge(db: Db, survivorId: string, mergedId: string, choices: MergeChoices = {}): Promise<MergePreview> {
  const [survivor, merged] = await Promise.all([findContact(db, survivorId), findContact(db, mergedId)]);
  if (!survivor) throw notFound(`contact ${survivorId} does not exist`);
  if (!merged) throw notFound(`contact ${mergedId} does not exist`);
  const plan = planMerge(survivor, merged, choices);
  const [a, b] = await Promise.all([interactionCount(db, survivor.id), interactionCount(db, merged.id)]);
  return { plan, interactions: { survivor: a, merged: b } };
}

export interface MergeResult {
  mergeId: string;
  plan: MergePlan;
}

/**
 * Merges one card into another (MERGE-2, MERGE-3), in one transaction:
 * 1. lock both cards' families (see lockFamilies), so concurrent merges sharing a card wait for each
 *    other instead of deadlocking, and each sees the other's outcome: no lost data, no alias cycles,
 *    and a named card merged elsewhere meanwhile is refused with a 409 saying so (planMerge);
 * 2. decide values by the merge rule and the agent's choices, checked against the actor's permissions;
 * 3. the merged card and its own aliases become aliases of the survivor: one row each, whatever
 *    their history, because interactions, identifiers and visits are found through the alias;
 * 4. audit who merged what, when, and every value decision, with what the merge changed, for an undo.
 */
export async function mergeCards(db: Db, actor: Actor, survivorId: string, mergedId: string, choices: MergeChoices = {}): Promise<MergeResult> {
  return db.transaction(async (tx) => {
    await lockFamilies(tx, [survivorId, mergedId].filter(isUuid));
    return mergeInto(tx, actor, survivorId, mergedId, choices, null);
  });
}

/**
 * Steps 2–4 of a merge, in the caller's transaction, both families locked. `groupId` ties together
 * the merges of one action that merged several cards at once (MERGE-7): they are undone together.
 */
export async function mergeInto(tx: Queryable, actor: Actor, survivorId: string, mergedId: string, choices: MergeChoices, groupId: string | null): Promise<MergeResult> {
  const [survivor, merged] = [await findContact(tx, survivorId), await findContact(tx, mergedId)];
  if (!survivor) throw notFound(`contact ${survivorId} does not exist`);
  if (!merged) throw notFound(`contact ${mergedId} does not exist`);
  const plan = planMerge(survivor, merged, choices);
  requirePermission(actor, plan.requires, 'merge these cards');

  // What the merge is about to change, recorded first so that an undo can put it back (MERGE-6).
  const [audit] = await tx.query<{ id: string }>(
    `INSERT INTO merges (survivor_id, alias_id, actor_id, actor_name, decisions, group_id, survivor_before, family, family_identifiers)
     SELECT $1, $2, $3, $4, $5, $6,
       (SELECT jsonb_build_object('name', name, 'fields', fields, 'type', type, 'lastInteractionAt', last_interaction_at) FROM contacts WHERE id = $1),
       family.ids,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'value', value, 'contactId', contact_id, 'createdAt', created_at)), '[]')
          FROM contact_identifiers WHERE contact_id = ANY(family.ids))
     FROM (SELECT array_agg(id ORDER BY id) AS ids FROM contacts WHERE id = $2 OR alias_of = $2) AS family
     RETURNING id`,
    [survivor.id, merged.id, actor.id, actor.name, JSON.stringify(plan.decisions), groupId],
  );
  const { name, fields } = mergedValues(plan);
  await tx.query(
    `UPDATE contacts SET name = $2, fields = $3, type = 'canonical', updated_at = now(),
       last_interaction_at = greatest(last_interaction_at, $4) WHERE id = $1`,
    [survivor.id, name, JSON.stringify(fields), merged.lastInteractionAt],
  );
  await tx.query('UPDATE contacts SET alias_of = $1, updated_at = now() WHERE id = $2 OR alias_of = $2', [survivor.id, merged.id]);
  await tx.query(
    `UPDATE merges SET survivor_after = (SELECT jsonb_build_object('name', name, 'fields', fields, 'lastInteractionAt', last_interaction_at) FROM contacts WHERE id = $2)
     WHERE id = $1`,
    [audit!.id, survivor.id],
  );
  await announceContactChanged(tx, survivor.id);
  await announceContactChanged(tx, merged.id);
  return { mergeId: audit!.id, plan };
}

/**
 * Locks the cards and every card already merged into them — all the rows a merge updates — in one
 * statement ordered by id: the one global order all merges lock in, so no two wait on each other in a
 * circle. NO KEY UPDATE is the lock the merge's updates take anyway; unlike FOR UPDATE it lets events
 * keep attaching interactions to these cards meanwhile (their foreign keys take KEY SHARE locks).
 * The families are read before the locks are held: if a card joined one in between (a merge into it
 * committed), the lock set is stale, and the transaction runs again rather than lock out of order.
 */
export async function lockFamilies(tx: Queryable, ids: string[]): Promise<void> {
  const family = await familiesOf(tx, ids);
  await tx.query('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', [family]);
  const joined = (await familiesOf(tx, ids)).filter((id) => !family.includes(id));
  if (joined.length > 0) throw new ConcurrentChange(`cards ${joined.join(', ')} were merged into a card being merged meanwhile`);
}

async function familiesOf(tx: Queryable, ids: string[]): Promise<string[]> {
  const rows = await tx.query<{ id: string }>('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) OR alias_of = ANY($1::uuid[])', [ids]);
  return rows.map((r) => r.id);
}

export async function interactionCount(db: Queryable, contactId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM interactions WHERE contact_id = ANY(${cardIds('$1')})`, [contactId]);
  return row!.n;
}
