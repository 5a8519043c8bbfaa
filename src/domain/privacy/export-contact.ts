import type { Db, Queryable } from '../../store/db';
import { requirePermission, type Actor } from '../access/permissions';
import { notFound } from '../errors';
import { cardOf } from './card';
import { recordPrivacyRequest } from './privacy-requests';

/** Names the export's shape; the version grows when a section changes meaning (README: "Privacy"). */
const EXPORT_FORMAT = 'customer-card/contact-export';
const EXPORT_VERSION = 1;

const CRM_NOTE = 'These records are held by the CRM, not by Customer Card: erasing the contact here does not erase them.';

/**
 * Everything stored about a card (ADMIN-4, GDPR article 15): its contacts (the canonical one and those
 * merged into it) and all that hangs off them. Each section is a list of plain rows; ids tie them
 * together (`contactId`, `interactionId`). README "Privacy" documents every field.
 */
export interface ContactExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: Date;
  /** The canonical contact's id: the card's. */
  contactId: string;
  contacts: ExportedContact[];
  identifiers: Array<{ contactId: string; kind: string; value: string; createdAt: Date }>;
  notes: Array<{ id: string; contactId: string; author: { id: string; name: string }; body: string; createdAt: Date; editedAt: Date | null }>;
  journey: Array<{ contactId: string; url: string; title: string | null; visitedAt: Date }>;
  interactions: ExportedInteraction[];
  sentMessages: ExportedSentMessage[];
  merges: Array<{
    id: string; survivorId: string | null; mergedId: string | null; actor: { id: string; name: string }; mergedAt: Date; decisions: unknown;
    undone: { by: { id: string; name: string }; at: Date; decisions: unknown } | null;
  }>;
  /** Pairs an agent said are not the same customer (MERGE-8), from this card's side. */
  notDuplicates: Array<{ contactId: string; otherContactId: string; dismissedBy: { id: string; name: string }; dismissedAt: Date }>;
  crm: { note: string; records: ExportedCrmRecord[] };
}

export interface ExportedContact {
  id: string;
  type: string;
  name: string | null;
  aliasOf: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastInteractionAt: Date;
  /** Custom field values, with the field's English label (null for a field no longer defined). */
  fields: Array<{ ident: string; label: string | null; value: unknown }>;
}

export interface ExportedInteraction {
  id: string;
  contactId: string;
  channel: string;
  division: string;
  direction: string;
  state: string;
  agent: { id: string; name: string | null } | null;
  matched: { kind: string; value: string } | null;
  providedContact: unknown;
  startedAt: Date;
  endedAt: Date | null;
  afterCallWorkCompletedAt: Date | null;
  messages: Array<{ id: string; direction: string; subject: string | null; body: string; sentAt: Date }>;
}

export interface ExportedSentMessage {
  id: string;
  contactId: string;
  interactionId: string | null;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  sender: { id: string; name: string };
  status: string;
  failure: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A CRM record tied to one of the card's interactions: linked, related to its activity, opened, or its activity itself. */
export interface ExportedCrmRecord {
  interactionId: string;
  relation: 'linked' | 'related' | 'opened' | 'activity';
  crm: string | null;
  type: string | null;
  id: string;
  name: string | null;
  url: string | null;
  at: Date | null;
}

/** Exports the card any of its ids addresses, and audits the export. */
export async function exportContact(db: Db, actor: Actor, id: string): Promise<ContactExport> {
  requirePermission(actor, 'privacy:manage', 'export contacts');
  return db.transaction(async (tx) => {
    const card = await cardOf(tx, id);
    if (!card) throw notFound(`contact ${id} does not exist`);
    const exported = await readCard(tx, card.id, card.contactIds);
    await recordPrivacyRequest(tx, actor, 'export', card.id, countsOf(exported));
    return exported;
  });
}

/** How many rows each section holds, for the audit. */
function countsOf(exported: ContactExport): Record<string, number> {
  return {
    contacts: exported.contacts.length,
    identifiers: exported.identifiers.length,
    notes: exported.notes.length,
    journey: exported.journey.length,
    interactions: exported.interactions.length,
    messages: exported.interactions.reduce((n, i) => n + i.messages.length, 0),
    sentMessages: exported.sentMessages.length,
    merges: exported.merges.length,
    notDuplicates: exported.notDuplicates.length,
    crmRecords: exported.crm.records.length,
  };
}

async function readCard(tx: Queryable, cardId: string, ids: string[]): Promise<ContactExport> {
  const contacts = await tx.query<Omit<ExportedContact, 'fields'> & { values: Record<string, unknown> }>(
    `SELECT id, type, name, alias_of AS "aliasOf", created_at AS "createdAt", updated_at AS "updatedAt",
            last_interaction_at AS "lastInteractionAt", fields AS values
       FROM contacts WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const labels = new Map((await tx.query<{ ident: string; label: string }>(`SELECT ident, labels->>'en' AS label FROM custom_fields`)).map((f) => [f.ident, f.label]));
  const interactions = await tx.query<Omit<ExportedInteraction, 'messages'>>(
    `SELECT id, contact_id AS "contactId", channel, division, direction, state,
            CASE WHEN agent_id IS NULL THEN NULL ELSE jsonb_build_object('id', agent_id, 'name', agent_name) END AS agent,
            CASE WHEN matched_kind IS NULL THEN NULL ELSE jsonb_build_object('kind', matched_kind, 'value', matched_value) END AS matched,
            provided_contact AS "providedContact", started_at AS "startedAt", ended_at AS "endedAt", acw_completed_at AS "afterCallWorkCompletedAt"
       FROM interactions WHERE contact_id = ANY($1::uuid[]) ORDER BY started_at, id`,
    [ids],
  );
  const interactionIds = interactions.map((i) => i.id);
  const messages = await tx.query<ExportedInteraction['messages'][number] & { interactionId: string }>(
    `SELECT interaction_id AS "interactionId", id, direction, subject, body, sent_at AS "sentAt"
       FROM messages WHERE interaction_id = ANY($1::text[]) ORDER BY sent_at, id`,
    [interactionIds],
  );
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(),
    contactId: cardId,
    // The canonical contact first, as the card lists its ids.
    contacts: ids.map((contactId) => contacts.find((c) => c.id === contactId)!).map(({ values, ...contact }) => ({
      ...contact,
      fields: Object.entries(values).map(([ident, value]) => ({ ident, label: labels.get(ident) ?? null, value })),
    })),
    identifiers: await tx.query(
      `SELECT contact_id AS "contactId", kind, value, created_at AS "createdAt"
         FROM contact_identifiers WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at, kind, value`,
      [ids],
    ),
    notes: await tx.query(
      `SELECT id, contact_id AS "contactId", jsonb_build_object('id', author_id, 'name', author_name) AS author, body,
              created_at AS "createdAt", edited_at AS "editedAt"
         FROM notes WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    ),
    journey: await tx.query(
      `SELECT contact_id AS "contactId", url, title, visited_at AS "visitedAt"
         FROM web_visits WHERE contact_id = ANY($1::uuid[]) ORDER BY visited_at, event_id`,
      [ids],
    ),
    interactions: interactions.map((i) => ({
      ...i,
      messages: messages.filter((m) => m.interactionId === i.id).map(({ interactionId: _, ...m }) => m),
    })),
    sentMessages: await tx.query(
      `SELECT id, contact_id AS "contactId", interaction_id AS "interactionId", channel, recipient, subject, body,
              jsonb_build_object('id', sender_id, 'name', sender_name) AS sender, status, failure,
              created_at AS "createdAt", sent_at AS "sentAt"
         FROM sent_messages WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    ),
    merges: await tx.query(
      `SELECT id, survivor_id AS "survivorId", alias_id AS "mergedId", jsonb_build_object('id', actor_id, 'name', actor_name) AS actor,
              merged_at AS "mergedAt", decisions,
              CASE WHEN undone_at IS NOT NULL THEN jsonb_build_object(
                'by', jsonb_build_object('id', undone_by_id, 'name', undone_by_name), 'at', undone_at, 'decisions', undo_decisions) END AS undone
         FROM merges WHERE survivor_id = ANY($1::uuid[]) OR alias_id = ANY($1::uuid[]) ORDER BY merged_at, id`,
      [ids],
    ),
    notDuplicates: await tx.query(
      `SELECT mine AS "contactId", other AS "otherContactId", jsonb_build_object('id', dismissed_by, 'name', dismissed_by_name) AS "dismissedBy",
              dismissed_at AS "dismissedAt"
         FROM duplicate_dismissals d,
              LATERAL (SELECT CASE WHEN d.contact_a = ANY($1::uuid[]) THEN d.contact_a ELSE d.contact_b END AS mine,
                              CASE WHEN d.contact_a = ANY($1::uuid[]) THEN d.contact_b ELSE d.contact_a END AS other) pair
        WHERE d.contact_a = ANY($1::uuid[]) OR d.contact_b = ANY($1::uuid[]) ORDER BY dismissed_at, mine, other`,
      [ids],
    ),
    crm: { note: CRM_NOTE, records: await crmRecordsOf(tx, interactionIds) },
  };
}

async function crmRecordsOf(tx: Queryable, interactionIds: string[]): Promise<ExportedCrmRecord[]> {
  return tx.query<ExportedCrmRecord>(
    `SELECT interaction_id AS "interactionId", 'linked' AS relation, NULL AS crm, record_type AS type, record_id AS id,
            record_name AS name, record_url AS url, linked_at AS at
       FROM crm_links WHERE interaction_id = ANY($1::text[])
     UNION ALL
     SELECT interaction_id, 'related', NULL, record_type, record_id, record_name, NULL, related_at
       FROM crm_relations WHERE interaction_id = ANY($1::text[])
     UNION ALL
     SELECT interaction_id, 'opened', NULL, record_type, record_id, record_name, record_url, viewed_at
       FROM crm_record_views WHERE interaction_id = ANY($1::text[])
     UNION ALL
     SELECT interaction_id, 'activity', crm, NULL, record_id, NULL, record_url, written_at
       FROM crm_interaction_records WHERE interaction_id = ANY($1::text[]) AND record_id IS NOT NULL
     ORDER BY "interactionId", relation, id`,
    [interactionIds],
  );
}
