import type { Db, Queryable } from '../../store/db';
import { requirePermission, type Actor } from '../access/permissions';
import { announceContactChanged } from '../changes';
import type { ContactType } from '../contacts/contact';
import { isUuid } from '../contacts/contacts-store';
import { conflict, notFound } from '../errors';
import { displayed, type DisplayedIdentifier, type Identifier } from '../identity/identifiers';
import { lockIdentifiers } from '../identity/resolution';
import { lockFamilies } from './merge-cards';

/**
 * What undoing a merge decides beyond putting the merged cards back as they were, one entry each,
 * shown in the preview before the agent confirms and audited with the undo.
 */
export type UndoDecision =
  /** The survivor's value before the merge comes back (`value` null: it had none). */
  | { kind: 'restored'; field: string; value: string | null }
  /** The value was changed after the merge: later work, the survivor keeps it. */
  | { kind: 'kept'; field: string; value: string | null }
  /** An interaction that arrived after the merge on the merged card's identifier goes back with it (`to`). */
  | { kind: 'interactionReturns'; interactionId: string; channel: string; startedAt: string; identifier: DisplayedIdentifier; to: string }
  /** An identifier of the merged card (`to`) that was removed from the card after the merge is given back to it. */
  | { kind: 'identifierRestored'; identifier: DisplayedIdentifier; to: string }
  /** An identifier of the merged card that another card holds now: it stays there. */
  | { kind: 'identifierElsewhere'; identifier: DisplayedIdentifier; holderId: string; holderName: string | null }
  /** What was added to the card after the merge stays on the survivor. */
  | { kind: 'laterWorkKept'; notes: number; visits: number; sentMessages: number; identifiers: DisplayedIdentifier[] };

export interface UndoPreview {
  mergeId: string;
  survivor: { id: string; name: string | null };
  /** The cards that become cards of their own again: one, or all those merged in one action (MERGE-7). */
  merged: Array<{ id: string; name: string | null }>;
  decisions: UndoDecision[];
}

interface Snapshot {
  name: string | null;
  fields: Record<string, string>;
  type?: ContactType;
  lastInteractionAt: string;
}

interface MergeRow {
  id: string;
  survivor_id: string;
  alias_id: string;
  group_id: string | null;
  merged_at: Date;
  survivor_before: Snapshot | null;
  survivor_after: Snapshot | null;
  family: string[] | null;
  family_identifiers: Array<Identifier & { contactId: string; createdAt: string }> | null;
  undone_at: Date | null;
}

/** Thrown to roll the preview's transaction back, carrying what the undo would have done. */
class PreviewOnly extends Error {
  constructor(readonly preview: UndoPreview) {
    super('preview only');
  }
}

/**
 * What undoing the merge would do, for the agent to confirm (MERGE-6); refused as the undo would be.
 * It is the undo itself, rolled back: what the agent reads is exactly what confirming does, as long
 * as nothing changes in between.
 */
export async function previewUndo(db: Db, actor: Actor, mergeId: string): Promise<UndoPreview> {
  try {
    await db.transaction(async (tx) => {
      throw new PreviewOnly(await undoInTransaction(tx, actor, mergeId));
    });
  } catch (error) {
    if (error instanceof PreviewOnly) return error.preview;
    throw error;
  }
  throw new Error('unreachable: the preview always rolls back');
}

/**
 * Refuses (404) a merge that is not the card's own: the card (or the card it was merged into) kept
 * it, or was merged by it. A merge is undone from the card it concerns, never through another's URL.
 */
export async function requireMergeOfCard(tx: Queryable, contactId: string, mergeId: string): Promise<void> {
  const [merge] = isUuid(contactId) && isUuid(mergeId)
    ? await tx.query<{ id: string }>(
        `SELECT m.id FROM merges m, contacts card
         WHERE m.id = $2 AND card.id = $1 AND (card.id IN (m.survivor_id, m.alias_id) OR card.alias_of IN (m.survivor_id, m.alias_id))`,
        [contactId, mergeId],
      )
    : [];
  if (!merge) throw notFound(`card ${contactId} has no merge ${mergeId}`);
}

export type UndoResult = UndoPreview;

/**
 * Undoes a merge (MERGE-6), in one transaction — with the merges made in the same action, newest
 * first (MERGE-7): each merged card and the cards that were merged into it before become themselves
 * again with everything they held — identifiers, interactions, notes, journey, CRM links (those hang
 * off their interactions) — because a merge only pointed them at the survivor; the survivor gets back
 * the values it had before, except those changed since (later work is kept, and said so). Locks as a
 * merge does, identifiers first as identity resolution takes them, so an event arriving meanwhile
 * resolves either before (and its interaction is moved back) or after. Refused with 409 when the
 * survivor has itself been merged into another card since (undo that first), when the merge was
 * undone already, or was recorded before merges could be undone.
 */
export async function undoMerge(db: Db, actor: Actor, mergeId: string): Promise<UndoResult> {
  return db.transaction((tx) => undoInTransaction(tx, actor, mergeId));
}

async function undoInTransaction(tx: Queryable, actor: Actor, mergeId: string): Promise<UndoPreview> {
  requirePermission(actor, 'contacts:unmerge', 'undo merges');
  const group = await mergesUndoneWith(tx, mergeId);
  // All at once, in lockIdentifiers' one order: taken merge by merge they could wait in a circle with identity resolution.
  const identifiers: Identifier[] = [];
  for (const merge of group) identifiers.push(...(await identifiersOfFamily(tx, merge)));
  await lockIdentifiers(tx, identifiers);
  await lockFamilies(tx, [...new Set(group.flatMap((m) => [m.survivor_id, m.alias_id]))]);
  const decisions: UndoDecision[] = [];
  const merged: UndoPreview['merged'] = [];
  let survivor: UndoPreview['survivor'] | undefined;
  for (const { id } of group) {
    const merge = await undoableMerge(tx, id); // as it stands now that the cards are locked
    const { preview, apply } = await planUndo(tx, merge);
    await apply();
    await tx.query('UPDATE merges SET undone_at = now(), undone_by_id = $2, undone_by_name = $3, undo_decisions = $4 WHERE id = $1', [
      merge.id, actor.id, actor.name, JSON.stringify(preview.decisions),
    ]);
    await announceContactChanged(tx, merge.survivor_id);
    await announceContactChanged(tx, merge.alias_id);
    decisions.push(...preview.decisions);
    merged.push(...preview.merged);
    survivor ??= preview.survivor;
  }
  return { mergeId, survivor: survivor!, merged, decisions: finalDecisions(decisions) };
}

/** The merge, or every merge of its action (MERGE-7), newest first: the order they undo in. */
async function mergesUndoneWith(tx: Queryable, mergeId: string): Promise<Array<MergeRow & { survivor_before: Snapshot; survivor_after: Snapshot; family: string[] }>> {
  const merge = await undoableMerge(tx, mergeId);
  if (!merge.group_id) return [merge];
  const ids = await tx.query<{ id: string }>('SELECT id FROM merges WHERE group_id = $1 ORDER BY seq DESC', [merge.group_id]);
  const group = [];
  for (const { id } of ids) group.push(await undoableMerge(tx, id)); // one client: one statement at a time
  return group;
}

/**
 * Undoing several merges of one action decides a value once per merge; the agent is told where each
 * ends up: the last decision about it. The rest are listed once each.
 */
function finalDecisions(decisions: UndoDecision[]): UndoDecision[] {
  const lastAbout = new Map<string, number>();
  decisions.forEach((d, n) => {
    if (d.kind === 'restored' || d.kind === 'kept') lastAbout.set(d.field, n);
  });
  return decisions.filter((d, n) => !(d.kind === 'restored' || d.kind === 'kept') || lastAbout.get(d.field) === n);
}

async function undoableMerge(tx: Queryable, mergeId: string): Promise<MergeRow & { survivor_before: Snapshot; survivor_after: Snapshot; family: string[] }> {
  const [merge] = isUuid(mergeId) ? await tx.query<MergeRow>('SELECT * FROM merges WHERE id = $1', [mergeId]) : [];
  if (!merge) throw notFound(`merge ${mergeId} does not exist`);
  if (merge.undone_at) throw conflict('this merge was undone already', { undoneAt: merge.undone_at.toISOString() });
  if (!merge.survivor_before || !merge.survivor_after || !merge.family) throw conflict('this merge was made before merges could be undone: it holds no record of what it changed');
  const [survivor] = await tx.query<{ alias_of: string | null; name: string | null }>(
    'SELECT s.alias_of, t.name FROM contacts s LEFT JOIN contacts t ON t.id = s.alias_of WHERE s.id = $1',
    [merge.survivor_id],
  );
  if (survivor?.alias_of) {
    throw conflict(`the card this merge kept was merged into ${survivor.name ?? 'another card'} since; undo that merge first`, { mergedInto: survivor.alias_of });
  }
  return merge as MergeRow & { survivor_before: Snapshot; survivor_after: Snapshot; family: string[] };
}

async function identifiersOfFamily(tx: Queryable, merge: MergeRow & { family: string[] }): Promise<Identifier[]> {
  const current = await tx.query<Identifier>('SELECT kind, value FROM contact_identifiers WHERE contact_id = ANY($1::uuid[])', [merge.family]);
  return [...current, ...(merge.family_identifiers ?? [])];
}

/**
 * Decides the undo against the cards as they are: the preview, and the writes that carry it out.
 * The merged family keeps the rows it owned all along; only what changed hands after the merge is
 * decided here: the survivor's values, interactions resolved to the survivor through the family's
 * identifiers, the family's identifiers removed by a later edit.
 */
async function planUndo(tx: Queryable, merge: MergeRow & { survivor_before: Snapshot; survivor_after: Snapshot; family: string[] }) {
  const { survivor_id: survivorId, alias_id: mergedId, family } = merge;
  const [survivor] = await tx.query<{ name: string | null; fields: Record<string, string> }>(
    'SELECT name, fields FROM contacts WHERE id = $1',
    [survivorId],
  );
  const [merged] = await tx.query<{ name: string | null }>('SELECT name FROM contacts WHERE id = $1', [mergedId]);
  if (!survivor || !merged) throw notFound(`merge ${merge.id} names a card that no longer exists`);

  const decisions: UndoDecision[] = [];
  const values = survivorValues(merge.survivor_before, merge.survivor_after, { name: survivor.name, fields: survivor.fields }, decisions);

  // Interactions that arrived on the survivor after the merge through an identifier only the family holds.
  const returning = await tx.query<{ id: string; channel: string; started_at: Date; kind: Identifier['kind']; value: string }>(
    `WITH survivor_card AS (SELECT $1::uuid AS id UNION ALL SELECT id FROM contacts WHERE alias_of = $1 AND NOT id = ANY($2::uuid[]))
     SELECT i.id, i.channel, i.started_at, i.matched_kind AS kind, i.matched_value AS value
       FROM (SELECT DISTINCT kind, value FROM contact_identifiers WHERE contact_id = ANY($2::uuid[])) f
       JOIN interactions i ON i.matched_kind = f.kind AND i.matched_value = f.value AND i.created_at > (SELECT merged_at FROM merges WHERE id = $3)
      WHERE i.contact_id IN (SELECT id FROM survivor_card)
        AND NOT EXISTS (SELECT 1 FROM contact_identifiers s WHERE s.kind = f.kind AND s.value = f.value AND s.contact_id IN (SELECT id FROM survivor_card))
      ORDER BY i.started_at, i.id`,
    [survivorId, family, merge.id],
  );
  for (const i of returning) {
    decisions.push({ kind: 'interactionReturns', interactionId: i.id, channel: i.channel, startedAt: i.started_at.toISOString(), identifier: displayed(i), to: mergedId });
  }

  // The family's identifiers an edit of the merged card removed: given back unless another card holds them now.
  const removed = await tx.query<Identifier & { contactId: string; createdAt: string; holderId: string | null; holderName: string | null }>(
    `SELECT x.kind, x.value, x."contactId", x."createdAt", holder.id AS "holderId", holder.name AS "holderName"
       FROM jsonb_to_recordset($1::jsonb) AS x(kind text, value text, "contactId" uuid, "createdAt" text)
       LEFT JOIN LATERAL (
         SELECT c.id, c.name FROM contact_identifiers h JOIN contacts c ON c.id = coalesce((SELECT alias_of FROM contacts WHERE id = h.contact_id), h.contact_id)
          WHERE h.kind = x.kind AND h.value = x.value ORDER BY c.created_at, c.id LIMIT 1
       ) holder ON true
      WHERE NOT EXISTS (SELECT 1 FROM contact_identifiers f WHERE f.kind = x.kind AND f.value = x.value AND f.contact_id = ANY($2::uuid[]))`,
    [JSON.stringify(merge.family_identifiers ?? []), family],
  );
  const restored = removed.filter((r) => r.holderId === null);
  for (const r of removed) {
    decisions.push(r.holderId === null
      ? { kind: 'identifierRestored', identifier: displayed(r), to: mergedId }
      : { kind: 'identifierElsewhere', identifier: displayed(r), holderId: r.holderId, holderName: r.holderName });
  }

  const [later] = await tx.query<{ notes: number; visits: number; sent: number; identifiers: Identifier[] }>(
    `WITH m AS (SELECT merged_at AS at FROM merges WHERE id = $2)
     SELECT (SELECT count(*)::int FROM notes, m WHERE contact_id = $1 AND created_at > m.at) AS notes,
            (SELECT count(*)::int FROM web_visits, m WHERE contact_id = $1 AND visited_at > m.at) AS visits,
            (SELECT count(*)::int FROM sent_messages, m WHERE contact_id = $1 AND created_at > m.at) AS sent,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'value', value) ORDER BY created_at), '[]')
               FROM contact_identifiers, m WHERE contact_id = $1 AND created_at > m.at) AS identifiers`,
    [survivorId, merge.id],
  );
  if (later!.notes + later!.visits + later!.sent + later!.identifiers.length > 0) {
    decisions.push({ kind: 'laterWorkKept', notes: later!.notes, visits: later!.visits, sentMessages: later!.sent, identifiers: later!.identifiers.map(displayed) });
  }

  const preview: UndoPreview = {
    mergeId: merge.id,
    survivor: { id: survivorId, name: survivor.name },
    merged: [{ id: mergedId, name: merged.name }],
    decisions,
  };

  const apply = async () => {
    await tx.query(
      `UPDATE contacts SET alias_of = CASE WHEN id = $2 THEN NULL ELSE $2::uuid END, updated_at = now()
        WHERE id = ANY($3::uuid[]) AND alias_of = $1`,
      [survivorId, mergedId, family],
    );
    await tx.query(
      `INSERT INTO contact_identifiers (kind, value, contact_id, created_at)
       SELECT kind, value, "contactId", "createdAt" FROM jsonb_to_recordset($1::jsonb) AS x(kind text, value text, "contactId" uuid, "createdAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(restored)],
    );
    if (returning.length > 0) {
      const ids = returning.map((i) => i.id);
      await tx.query('UPDATE interactions SET contact_id = $2, updated_at = now() WHERE id = ANY($1::text[])', [ids, mergedId]);
      await tx.query(
        `UPDATE contacts SET last_interaction_at = greatest(last_interaction_at, (SELECT max(occurred_at) FROM events WHERE interaction_id = ANY($1::text[])))
          WHERE id = $2`,
        [ids, mergedId],
      );
    }
    // The last interaction time the merge raised goes back too, unless an interaction raised it since.
    await tx.query(
      `UPDATE contacts c SET name = $2, fields = $3, updated_at = now(),
         last_interaction_at = CASE WHEN c.last_interaction_at = (m.survivor_after->>'lastInteractionAt')::timestamptz
                                    THEN (m.survivor_before->>'lastInteractionAt')::timestamptz ELSE c.last_interaction_at END,
         type = CASE WHEN EXISTS (SELECT 1 FROM contacts WHERE alias_of = c.id) THEN 'canonical' ELSE $4 END
        FROM merges m WHERE c.id = m.survivor_id AND m.id = $1`,
      [merge.id, values.name, JSON.stringify(values.fields), await typeWithoutMerges(tx, survivorId)],
    );
  };
  return { preview, apply };
}

/**
 * The survivor's values after the undo: where a value is still what the merge made it, the one it
 * had before; where it changed since, the changed one (later work), each decision recorded.
 */
function survivorValues(before: Snapshot, after: Snapshot, current: Pick<Snapshot, 'name' | 'fields'>, decisions: UndoDecision[]) {
  const decide = (field: string, was: string | null, made: string | null, now: string | null): string | null => {
    if (now === made) {
      if (was !== now) decisions.push({ kind: 'restored', field, value: was });
      return was;
    }
    if (was !== now) decisions.push({ kind: 'kept', field, value: now });
    return now;
  };
  const name = decide('name', before.name, after.name, current.name);
  const fields: Record<string, string> = {};
  const keys = [...new Set([...Object.keys(before.fields), ...Object.keys(after.fields), ...Object.keys(current.fields)])].sort();
  for (const key of keys) {
    const value = decide(`fields.${key}`, before.fields[key] ?? null, after.fields[key] ?? null, current.fields[key] ?? null);
    if (value !== null) fields[key] = value;
  }
  return { name, fields };
}

/**
 * The type a card has once no card is merged into it any more: the one it had before its latest
 * merge that found it without aliases ('canonical' only says that cards are merged into it).
 */
async function typeWithoutMerges(tx: Queryable, survivorId: string): Promise<ContactType> {
  const [row] = await tx.query<{ type: ContactType }>(
    `SELECT survivor_before->>'type' AS type FROM merges
      WHERE survivor_id = $1 AND survivor_before IS NOT NULL AND survivor_before->>'type' <> 'canonical'
      ORDER BY seq DESC LIMIT 1`,
    [survivorId],
  );
  return row?.type ?? 'curated';
}
