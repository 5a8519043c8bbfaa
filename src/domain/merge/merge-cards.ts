import type { Db, Queryable } from '../../store/db';
import { requirePermission, type Actor } from '../access/permissions';
import { enqueueContactCardUpdates } from '../../realtime/chat-follows';
import { announceContactChanged } from '../contacts/contact-changes';
import { findContact } from '../contacts/contacts-store';
import { cardIds } from '../contacts/family';
import { notFound } from '../errors';
import { mergedValues, planMerge, type MergePlan } from './plan';

export interface MergePreview {
  plan: MergePlan;
  /** Interactions each card holds; after the merge the survivor's card shows them all. */
  interactions: { survivor: number; merged: number };
}

/** What merging `mergedId` into `survivorId` would do, for the agent to confirm (MERGE-2). */
export async function previewMerge(db: Db, survivorId: string, mergedId: string): Promise<MergePreview> {
  const [survivor, merged] = await Promise.all([findContact(db, survivorId), findContact(db, mergedId)]);
  if (!survivor) throw notFound(`contact ${survivorId} does not exist`);
  if (!merged) throw notFound(`contact ${mergedId} does not exist`);
  const plan = planMerge(survivor, merged);
  const [a, b] = await Promise.all([interactionCount(db, survivor.id), interactionCount(db, merged.id)]);
  return { plan, interactions: { survivor: a, merged: b } };
}

export interface MergeResult {
  mergeId: string;
  plan: MergePlan;
}

/**
 * Merges one card into another (MERGE-2, MERGE-3), in one transaction:
 * 1. lock both cards in id order, so concurrent merges of the same cards wait instead of deadlocking
 *    and each sees the other's outcome (no lost data, no alias cycles);
 * 2. decide values by the merge rule, checked against the actor's permissions;
 * 3. the merged card and its own aliases become aliases of the survivor: one row each, whatever
 *    their history, because interactions, identifiers and visits are found through the alias;
 * 4. audit who merged what, when, and every value decision.
 */
export async function mergeCards(db: Db, actor: Actor, survivorId: string, mergedId: string): Promise<MergeResult> {
  return db.transaction(async (tx) => {
    await lockContacts(tx, [survivorId, mergedId]);
    const [survivor, merged] = [await findContact(tx, survivorId), await findContact(tx, mergedId)];
    if (!survivor) throw notFound(`contact ${survivorId} does not exist`);
    if (!merged) throw notFound(`contact ${mergedId} does not exist`);
    const plan = planMerge(survivor, merged);
    requirePermission(actor, plan.requires, 'merge these cards');

    const { name, fields } = mergedValues(plan);
    await tx.query(
      `UPDATE contacts SET name = $2, fields = $3, type = 'canonical', updated_at = now(),
         last_interaction_at = greatest(last_interaction_at, $4) WHERE id = $1`,
      [survivor.id, name, JSON.stringify(fields), merged.lastInteractionAt],
    );
    await tx.query('UPDATE contacts SET alias_of = $1, updated_at = now() WHERE id = $2 OR alias_of = $2', [survivor.id, merged.id]);
    const [audit] = await tx.query<{ id: string }>(
      `INSERT INTO merges (survivor_id, alias_id, actor_id, actor_name, decisions) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [survivor.id, merged.id, actor.id, actor.name, JSON.stringify(plan.decisions)],
    );
    await announceContactChanged(tx, survivor.id);
    await announceContactChanged(tx, merged.id);
    await enqueueContactCardUpdates(tx, survivor.id); // the merged card is its alias now: its chats' cards too
    return { mergeId: audit!.id, plan };
  });
}

async function lockContacts(tx: Queryable, ids: string[]): Promise<void> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  await tx.query('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [valid]);
}

async function interactionCount(db: Queryable, contactId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM interactions WHERE contact_id = ANY(${cardIds('$1')})`, [contactId]);
  return row!.n;
}
