import { ConcurrentChange, lockNames, type Db, type Queryable } from '../../store/db';
import { requirePermission, type Actor } from '../access/permissions';
import { announceContactChanged, announceInteractionsChanged } from '../changes';
import { notFound } from '../errors';
import type { Identifier } from '../identity/identifiers';
import { lockIdentifiers } from '../identity/resolution';
import { cardOf, type Card } from './card';
import { recordPrivacyRequest } from './privacy-requests';

/** How many rows the erasure removed, or kept anonymised, by kind. */
export type ErasureCounts = Record<string, number>;

/**
 * Erases a card (ADMIN-4, GDPR article 17), whichever of its ids is given, in one transaction:
 * its contacts, identifiers, custom values, notes, journey and sent messages go; its interactions
 * stay for statistics (channel, division, direction, state, times, agent) but anonymised, without
 * contact, provided data, matched identifier, messages or CRM links; the stored events of those
 * interactions and visits keep their ids (a redelivered event stays a no-op) without contact data
 * or text; its merges stay as facts, without ids or values. CRM records are the CRM's, untouched.
 * Audited by id and counts only. Afterwards no identifier leads to it: the next event with one of its
 * identifiers creates a new contact.
 */
export async function eraseContact(db: Db, actor: Actor, id: string): Promise<ErasureCounts> {
  requirePermission(actor, 'privacy:manage', 'erase contacts');
  return db.transaction(async (tx) => {
    const card = await lockCard(tx, id);
    // Announced while the interactions still lead to the card: the chats showing them are found through it.
    await announceContactChanged(tx, card.id);
    const counts = await eraseLocked(tx, card);
    await recordPrivacyRequest(tx, actor, 'erase', card.id, counts);
    return counts;
  });
}

interface LockedCard extends Card {
  interactionIds: string[];
}

/**
 * Locks what an event or an agent could attach to the card meanwhile, in the order the event applier
 * and card edits take the same locks (interactions, then identifiers, then contact rows), so none
 * waits on another in a circle: its interactions (no message lands in one being anonymised), its
 * identifiers (no event resolves to a half-erased card) and its contact rows (no merge, edit or note
 * joins it). What was read before the locks is read again: if the card gained a contact, identifier
 * or interaction in between, the transaction runs again with the new set.
 */
async function lockCard(tx: Queryable, id: string): Promise<LockedCard> {
  const before = await readCard(tx, id);
  // The key the event applier locks an interaction by (src/ingestion/apply.ts lockInteractions).
  await lockNames(tx, [...before.interactionIds].sort().map((i) => `interaction:${i}`));
  await lockIdentifiers(tx, before.identifiers);
  await tx.query('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [before.contactIds]);
  const after = await readCard(tx, id);
  if (fingerprint(after) !== fingerprint(before)) throw new ConcurrentChange(`card ${before.id} changed while it was being locked for erasure`);
  return after;
}

async function readCard(tx: Queryable, id: string): Promise<LockedCard & { identifiers: Identifier[] }> {
  const card = await cardOf(tx, id);
  if (!card) throw notFound(`contact ${id} does not exist`);
  const interactions = await tx.query<{ id: string }>('SELECT id FROM interactions WHERE contact_id = ANY($1::uuid[]) ORDER BY id', [card.contactIds]);
  const identifiers = await tx.query<Identifier>(
    'SELECT DISTINCT kind, value FROM contact_identifiers WHERE contact_id = ANY($1::uuid[]) ORDER BY kind, value',
    [card.contactIds],
  );
  return { ...card, interactionIds: interactions.map((i) => i.id), identifiers };
}

const fingerprint = (card: Awaited<ReturnType<typeof readCard>>) =>
  JSON.stringify([card.id, [...card.contactIds].sort(), card.interactionIds, card.identifiers]);

async function eraseLocked(tx: Queryable, { contactIds, interactionIds }: LockedCard): Promise<ErasureCounts> {
  const count = async (sql: string, params: unknown[]) => (await tx.query<{ n: number }>(`WITH done AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM done`, params))[0]!.n;
  const contacts = [contactIds];
  const interactions = [interactionIds];
  const counts: ErasureCounts = {};

  // Events stay (their ids make redelivery a no-op) without what identifies or quotes the contact. An
  // event not yet applied is left whole: it is applied after the erasure, as data arriving after it.
  counts.events = await count(
    `UPDATE events SET payload = (payload - 'contact' #- '{interaction,contact}' #- '{message,text}' #- '{message,subject}'
                                  #- '{visit,url}' #- '{visit,title}') || '{"erased": true}'::jsonb
      WHERE applied_at IS NOT NULL
        AND (interaction_id = ANY($1::text[]) OR id IN (SELECT event_id FROM web_visits WHERE contact_id = ANY($2::uuid[])))`,
    [interactionIds, contactIds],
  );
  counts.messages = await count('DELETE FROM messages WHERE interaction_id = ANY($1::text[])', interactions);
  counts.crmLinks = await count('DELETE FROM crm_links WHERE interaction_id = ANY($1::text[])', interactions)
    + await count('DELETE FROM crm_relations WHERE interaction_id = ANY($1::text[])', interactions)
    + await count('DELETE FROM crm_record_views WHERE interaction_id = ANY($1::text[])', interactions);
  // The activity written to the CRM stays known (a later write-back updates it, not a second one), not which records it related.
  await tx.query('UPDATE crm_interaction_records SET plan = NULL WHERE interaction_id = ANY($1::text[])', interactions);
  counts.interactionsAnonymised = await count(
    `UPDATE interactions SET contact_id = NULL, provided_contact = '{}'::jsonb, matched_kind = NULL, matched_value = NULL, updated_at = now()
      WHERE id = ANY($1::text[])`,
    interactions,
  );
  counts.merges = await count(
    `UPDATE merges SET
        decisions = (SELECT coalesce(jsonb_agg(jsonb_build_object('field', d->'field', 'from', d->'from')), '[]'::jsonb) FROM jsonb_array_elements(decisions) d),
        survivor_before = NULL, survivor_after = NULL, family = NULL, family_identifiers = NULL, undo_decisions = NULL
      WHERE survivor_id = ANY($1::uuid[]) OR alias_id = ANY($1::uuid[])`,
    contacts,
  );
  counts.follows = await count(`DELETE FROM bot_follows WHERE kind = 'contact' AND key = ANY($1::text[])`, contacts);
  counts.sentMessages = await count('DELETE FROM sent_messages WHERE contact_id = ANY($1::uuid[])', contacts);
  counts.notes = await count('DELETE FROM notes WHERE contact_id = ANY($1::uuid[])', contacts);
  counts.journey = await count('DELETE FROM web_visits WHERE contact_id = ANY($1::uuid[])', contacts);
  counts.identifiers = await count('DELETE FROM contact_identifiers WHERE contact_id = ANY($1::uuid[])', contacts);
  // Aliases first: they point at the canonical contact. The merges naming them lose the ids (ON DELETE SET NULL).
  counts.contacts = await count('DELETE FROM contacts WHERE id = ANY($1::uuid[]) AND alias_of IS NOT NULL', contacts)
    + await count('DELETE FROM contacts WHERE id = ANY($1::uuid[])', contacts);
  // Open cards and chats showing these interactions now show them without a contact.
  await announceInteractionsChanged(tx, interactionIds);
  return counts;
}
