import type { Queryable } from '../../store/db';
import type { Channel, Direction } from '../channels';
import { displayed, type Identifier, type IdentifierKind } from '../identity/identifiers';
import type { Interaction, Message, ProvidedContact } from './interaction';
import type { InteractionState } from './lifecycle';
import { cardIds } from '../contacts/family';

interface InteractionRow {
  id: string;
  contact_id: string | null;
  channel: Channel;
  division: string;
  direction: Direction;
  state: InteractionState;
  state_changed_at: Date;
  agent_id: string | null;
  agent_name: string | null;
  matched_kind: IdentifierKind | null;
  matched_value: string | null;
  provided_contact: ProvidedContact;
  started_at: Date;
  ended_at: Date | null;
  acw_completed_at: Date | null;
}

export async function findInteraction(tx: Queryable, id: string, lock = false): Promise<Interaction | null> {
  const [row] = await tx.query<InteractionRow>(
    `SELECT * FROM interactions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ? toInteraction(row) : null;
}

/** The interactions stored of those named, by id. */
export async function findInteractions(tx: Queryable, ids: string[]): Promise<Map<string, Interaction>> {
  const rows = await tx.query<InteractionRow>('SELECT * FROM interactions WHERE id = ANY($1::text[])', [ids]);
  return new Map(rows.map((row) => [row.id, toInteraction(row)]));
}

export async function insertInteraction(tx: Queryable, i: Interaction): Promise<void> {
  await insertInteractions(tx, [i]);
}

/** insertInteraction for many, in one statement. */
export async function insertInteractions(tx: Queryable, interactions: Interaction[]): Promise<void> {
  if (interactions.length === 0) return;
  await tx.query(
    `INSERT INTO interactions (id, contact_id, channel, division, direction, state, state_changed_at,
       agent_id, agent_name, matched_kind, matched_value, provided_contact, started_at, ended_at, acw_completed_at)
     SELECT x.id, x.contact_id, x.channel, x.division, x.direction, x.state, x.state_changed_at, x.agent_id, x.agent_name,
       x.matched_kind, x.matched_value, x.provided_contact, x.started_at, x.ended_at, x.acw_completed_at
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, contact_id uuid, channel text, division text, direction text, state text,
       state_changed_at timestamptz, agent_id text, agent_name text, matched_kind text, matched_value text, provided_contact jsonb,
       started_at timestamptz, ended_at timestamptz, acw_completed_at timestamptz)`,
    [JSON.stringify(interactions.map(interactionColumns))],
  );
}

/** Writes what events change (lifecycle, contact, provided data and start time) for many, in one statement. */
export async function saveInteractions(tx: Queryable, interactions: Interaction[]): Promise<void> {
  if (interactions.length === 0) return;
  await tx.query(
    `UPDATE interactions AS i SET state = x.state, state_changed_at = x.state_changed_at, agent_id = x.agent_id,
       agent_name = x.agent_name, ended_at = x.ended_at, acw_completed_at = x.acw_completed_at, started_at = x.started_at,
       contact_id = x.contact_id, matched_kind = x.matched_kind, matched_value = x.matched_value,
       provided_contact = x.provided_contact, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, state text, state_changed_at timestamptz, agent_id text, agent_name text,
       ended_at timestamptz, acw_completed_at timestamptz, started_at timestamptz, contact_id uuid, matched_kind text,
       matched_value text, provided_contact jsonb)
     WHERE i.id = x.id`,
    [JSON.stringify(interactions.map(interactionColumns))],
  );
}

/** An interaction as its row's columns, for jsonb_to_recordset. */
function interactionColumns(i: Interaction) {
  return {
    id: i.id, contact_id: i.contactId, channel: i.channel, division: i.division, direction: i.direction, state: i.state,
    state_changed_at: i.stateChangedAt, agent_id: i.agent?.id ?? null, agent_name: i.agent?.name ?? null,
    matched_kind: i.matched?.kind ?? null, matched_value: i.matched?.value ?? null, provided_contact: i.providedContact,
    started_at: i.startedAt, ended_at: i.endedAt, acw_completed_at: i.acwCompletedAt,
  };
}

export async function setInteractionContact(tx: Queryable, interactionId: string, contactId: string): Promise<void> {
  await tx.query('UPDATE interactions SET contact_id = $2, updated_at = now() WHERE id = $1', [interactionId, contactId]);
}

export interface ArrivedMessage {
  interactionId: string;
  message: Message;
  eventId: string;
}

/** Stores messages in one statement, each once: a redelivered message (same platform id) is ignored. */
export async function insertMessages(tx: Queryable, arrived: ArrivedMessage[]): Promise<void> {
  if (arrived.length === 0) return;
  await tx.query(
    `INSERT INTO messages (interaction_id, id, direction, subject, body, sent_at, event_id)
     SELECT x.interaction_id, x.id, x.direction, x.subject, x.body, x.sent_at, x.event_id
     FROM jsonb_to_recordset($1::jsonb) AS x(interaction_id text, id text, direction text, subject text, body text, sent_at timestamptz, event_id text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(arrived.map(({ interactionId, message: m, eventId }) => ({
      interaction_id: interactionId, id: m.id, direction: m.direction, subject: m.subject, body: m.text, sent_at: m.sentAt, event_id: eventId,
    })))],
  );
}

export async function listMessages(tx: Queryable, interactionId: string): Promise<Message[]> {
  const rows = await tx.query<{ id: string; direction: Direction; subject: string | null; body: string; sent_at: Date }>(
    'SELECT id, direction, subject, body, sent_at FROM messages WHERE interaction_id = $1 ORDER BY sent_at, id',
    [interactionId],
  );
  return rows.map((r) => ({ id: r.id, direction: r.direction, subject: r.subject, text: r.body, sentAt: r.sent_at }));
}

/** The interactions of a contact and its aliases, newest first. */
export async function listContactInteractions(tx: Queryable, contactId: string, limit = 50): Promise<Interaction[]> {
  const rows = await tx.query<InteractionRow>(
    `SELECT * FROM interactions
     WHERE contact_id = ANY(${cardIds('$1')})
     ORDER BY started_at DESC, id LIMIT $2`,
    [contactId, limit],
  );
  return rows.map(toInteraction);
}

/** Interactions that came in with an identifier (whichever contact they are attached to), newest first. */
export async function listIdentifierInteractions(tx: Queryable, identifier: Identifier, limit = 50): Promise<Interaction[]> {
  const rows = await tx.query<InteractionRow>(
    `SELECT * FROM interactions WHERE matched_kind = $1 AND matched_value = $2 ORDER BY started_at DESC, id LIMIT $3`,
    [identifier.kind, identifier.value, limit],
  );
  return rows.map(toInteraction);
}

function toInteraction(r: InteractionRow): Interaction {
  return {
    id: r.id,
    contactId: r.contact_id,
    channel: r.channel,
    division: r.division,
    direction: r.direction,
    state: r.state,
    stateChangedAt: r.state_changed_at,
    agent: r.agent_id ? { id: r.agent_id, ...(r.agent_name ? { name: r.agent_name } : {}) } : null,
    matched: r.matched_kind && r.matched_value ? displayed({ kind: r.matched_kind, value: r.matched_value }) : null,
    providedContact: r.provided_contact,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    acwCompletedAt: r.acw_completed_at,
  };
}
