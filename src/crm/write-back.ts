import type { Agent } from '../domain/interactions/lifecycle';
import { rearm } from '../outbox/outbox-worker';
import type { Queryable } from '../store/db';
import type { ActivityPlan, AgentOfRecord } from './connector';

/** The outbox topic of interaction records, and the key of an interaction's one item: also the CRM's idempotency key. */
export const RECORD_TOPIC = 'crm.interaction';
export const interactionRecordKey = (interactionId: string) => `${RECORD_TOPIC}:${interactionId}`;

export type RecordState = 'waiting' | 'pending' | 'written' | 'failed';

/** How an interaction's one CRM record stands (CRM-2), as the card shows it. */
export interface InteractionRecordState {
  state: RecordState;
  /** Failed: the CRM's own words (or why it was given up); pending: the last transient error, if any. */
  error: string | null;
  /** Where it was last written. */
  crm: string | null;
  id: string | null;
  url: string | null;
  writtenAt: Date | null;
  /** Where each linked or related record went, and which were left out and why. */
  plan: ActivityPlan | null;
  /** Who handled the work written, in order; the first owns the record. */
  agents: AgentOfRecord[];
}

/** The agent's CRM user is found by e-mail: the platform's agent id when it is one (a UPN). */
export function agentOfRecord(agent: { id: string; name?: string | null }): AgentOfRecord {
  return { id: agent.id, name: agent.name ?? null, email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(agent.id) ? agent.id.toLowerCase() : null };
}

/**
 * Write-back points were reached (CRM-2), each by the work of `agent`: they join the record's agents,
 * and each interaction's one record is (re-)queued when there is anything to relate it to. In the
 * transaction that applied the events, so the decision and the work commit together; a few
 * statements whatever the number of points.
 */
export async function writeBackPointsReached(tx: Queryable, points: Array<{ interactionId: string; agent: Agent | null }>): Promise<void> {
  if (points.length === 0) return;
  const agents = new Map<string, Array<{ id: string; name: string | null }>>();
  for (const { interactionId, agent } of points) {
    const known = agents.get(interactionId) ?? [];
    if (agent && !known.some((a) => a.id === agent.id)) known.push({ id: agent.id, name: agent.name ?? null });
    agents.set(interactionId, known);
  }
  await tx.query(
    `INSERT INTO crm_interaction_records (interaction_id, agents)
     SELECT x.interaction_id, x.agents FROM jsonb_to_recordset($1::jsonb) AS x(interaction_id text, agents jsonb)
     ON CONFLICT (interaction_id) DO UPDATE SET agents = crm_interaction_records.agents || coalesce((
       SELECT jsonb_agg(a) FROM jsonb_array_elements(EXCLUDED.agents) AS a
       WHERE NOT crm_interaction_records.agents @> jsonb_build_array(jsonb_build_object('id', a->>'id'))), '[]'::jsonb)`,
    [JSON.stringify([...agents].map(([interactionId, list]) => ({ interaction_id: interactionId, agents: list })))],
  );
  for (const interactionId of await withRecords(tx, [...agents.keys()])) {
    await rearm(tx, RECORD_TOPIC, interactionRecordKey(interactionId), { interactionId });
  }
}

/**
 * A link or relation changed after a write-back point: the record is brought up to date, so a case
 * linked during a chat's wrap-up still reaches the CRM. Before the first point, nothing is queued.
 */
export async function refreshWrittenRecord(tx: Queryable, interactionId: string): Promise<void> {
  const [reached] = await tx.query('SELECT 1 FROM crm_interaction_records WHERE interaction_id = $1', [interactionId]);
  if (reached && (await withRecords(tx, [interactionId])).length > 0) await rearm(tx, RECORD_TOPIC, interactionRecordKey(interactionId), { interactionId });
}

/** Resend (CRM-2): a failed record is queued again, with the links and relations as they are now. */
export async function resendRecord(tx: Queryable, interactionId: string): Promise<boolean> {
  const [item] = await tx.query<{ payload: Record<string, unknown> }>('SELECT payload FROM outbox WHERE key = $1', [interactionRecordKey(interactionId)]);
  if (!item) return false;
  await rearm(tx, RECORD_TOPIC, interactionRecordKey(interactionId), item.payload);
  return true;
}

/** Of the interactions named, those with linked or related CRM records. */
async function withRecords(tx: Queryable, interactionIds: string[]): Promise<string[]> {
  const rows = await tx.query<{ interaction_id: string }>(
    `SELECT interaction_id FROM crm_links WHERE interaction_id = ANY($1::text[])
     UNION SELECT interaction_id FROM crm_relations WHERE interaction_id = ANY($1::text[])`,
    [interactionIds],
  );
  return rows.map((r) => r.interaction_id);
}

export async function agentsOfRecord(tx: Queryable, interactionId: string): Promise<AgentOfRecord[]> {
  const [row] = await tx.query<{ agents: Array<{ id: string; name: string | null }> }>(
    'SELECT agents FROM crm_interaction_records WHERE interaction_id = $1',
    [interactionId],
  );
  return (row?.agents ?? []).map(agentOfRecord);
}

/** What the connector wrote, kept for the card. */
export async function recordWritten(tx: Queryable, interactionId: string, crm: string, written: { id: string; url: string | null; plan: ActivityPlan }): Promise<void> {
  await tx.query(
    `INSERT INTO crm_interaction_records (interaction_id, crm, record_id, record_url, plan, written_at) VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (interaction_id) DO UPDATE SET crm = EXCLUDED.crm, record_id = EXCLUDED.record_id, record_url = EXCLUDED.record_url,
       plan = EXCLUDED.plan, written_at = EXCLUDED.written_at`,
    [interactionId, crm, written.id, written.url, JSON.stringify(written.plan)],
  );
}

export async function recordState(tx: Queryable, interactionId: string): Promise<InteractionRecordState> {
  const [row] = await tx.query<{
    agents: Array<{ id: string; name: string | null }> | null; crm: string | null; record_id: string | null; record_url: string | null;
    plan: ActivityPlan | null; written_at: Date | null; queued: boolean; done_at: Date | null; dead_at: Date | null; last_error: string | null;
  }>(
    `SELECT r.agents, r.crm, r.record_id, r.record_url, r.plan, r.written_at, o.id IS NOT NULL AS queued, o.done_at, o.dead_at, o.last_error
     FROM (SELECT $1::text AS interaction_id) i
     LEFT JOIN crm_interaction_records r ON r.interaction_id = i.interaction_id
     LEFT JOIN outbox o ON o.key = $2`,
    [interactionId, interactionRecordKey(interactionId)],
  );
  const state: RecordState = !row?.queued ? 'waiting' : row.dead_at ? 'failed' : row.done_at ? (row.record_id ? 'written' : 'waiting') : 'pending';
  return {
    state,
    error: state === 'written' ? null : row?.last_error ?? null,
    crm: row?.crm ?? null,
    id: row?.record_id ?? null,
    url: row?.record_url ?? null,
    writtenAt: row?.written_at ?? null,
    plan: row?.plan ?? null,
    agents: (row?.agents ?? []).map(agentOfRecord),
  };
}

/** A failed interaction record, for the admin's list: none is ever dead silently. */
export interface FailedRecord {
  interactionId: string;
  channel: string | null;
  startedAt: Date | null;
  contactName: string | null;
  error: string | null;
  failedAt: Date;
  attempts: number;
}

export async function failedRecords(tx: Queryable, limit = 100): Promise<FailedRecord[]> {
  const rows = await tx.query<{
    interaction_id: string; channel: string | null; started_at: Date | null; contact_name: string | null; last_error: string | null; dead_at: Date; attempts: number;
  }>(
    `SELECT o.payload->>'interactionId' AS interaction_id, i.channel, i.started_at, c.name AS contact_name, o.last_error, o.dead_at, o.attempts
     FROM outbox o
     LEFT JOIN interactions i ON i.id = o.payload->>'interactionId'
     LEFT JOIN contacts c ON c.id = i.contact_id
     WHERE o.topic = $1 AND o.dead_at IS NOT NULL ORDER BY o.dead_at DESC LIMIT $2`,
    [RECORD_TOPIC, limit],
  );
  return rows.map((r) => ({
    interactionId: r.interaction_id, channel: r.channel, startedAt: r.started_at, contactName: r.contact_name,
    error: r.last_error, failedAt: r.dead_at, attempts: r.attempts,
  }));
}
