import type { AgentOfRecord, InteractionActivity } from '../connector';
import type { Placement } from './activity-plan';

export type Channel = InteractionActivity['channel'];

/**
 * interaction.type choices. `channel` on the interaction is a reference to an interaction
 * connector record (AWA), which differs per instance, so we set only the type and name our
 * channel in the work notes.
 */
export const INTERACTION_TYPES: Record<Channel, string> = {
  voice: 'phone',
  voicemail: 'phone',
  sms: 'messaging',
  chat: 'chat',
  email: 'email',
  social: 'messaging',
  web: 'chat',
};

const CHANNEL_LABEL: Record<Channel, string> = {
  voice: 'Call', voicemail: 'Voicemail', sms: 'SMS', chat: 'Chat', email: 'E-mail', social: 'Social message', web: 'Web session',
};

/** interaction.short_description is a 160-character string. */
const SHORT_DESCRIPTION_MAX = 160;

/**
 * interaction.state choices we write. Ended: Closed Complete ("the agent or consumer intentionally
 * closed the interaction"). Handed over mid-way (a chat transferred or unassigned, CRM-2): On Hold,
 * ServiceNow's state for "waiting for assignment"; Work In Progress would say an agent is on it,
 * and Wrap Up exists only where a wrap-up configuration is active.
 */
export const CLOSED = 'closed_complete';
export const HANDED_OVER = 'on_hold';
const CLOSED_STATES = new Set([CLOSED, 'closed_abandoned']);

export interface InteractionFieldsInput {
  activity: InteractionActivity;
  placements: Placement[];
  types: Record<Channel, string>;
  /** The owner's sys_user (agents[0], else the agent of record), null when none matched. */
  assignedTo: string | null;
  /** The state ServiceNow holds now, '' for a new record: a closed interaction is never reopened. */
  currentState: string;
}

/**
 * The interaction's fields for this write-back point. Only values are written, never blanks: a
 * later point (or a lookup that found no user) never clears what an earlier one filled.
 */
export function interactionFields({ activity, placements, types, assignedTo, currentState }: InteractionFieldsInput): Record<string, string> {
  const fields: Record<string, string> = {
    type: types[activity.channel],
    direction: activity.direction,
    short_description: truncate(activity.subject, SHORT_DESCRIPTION_MAX),
    opened_at: glideDateTime(activity.startedAt),
  };
  if (activity.endedAt) {
    fields.state = CLOSED;
    fields.closed_at = glideDateTime(activity.endedAt);
  } else if (!CLOSED_STATES.has(currentState)) {
    fields.state = HANDED_OVER;
  }
  if (assignedTo) fields.assigned_to = assignedTo;
  for (const placement of placements) for (const field of placement.fields) fields[field] = placement.record.id;
  return fields;
}

/** One journal entry per write-back point: what happened so far, and who handled it. */
export function workNotes(a: InteractionActivity): string {
  const customer = [a.customer.phone, a.customer.email].filter((v): v is string => Boolean(v)).join(', ');
  return [
    `${CHANNEL_LABEL[a.channel]} (${a.direction}), logged by Customer Card`,
    a.endedAt ? 'Status: ended' : 'Status: handed over, still open',
    `Contact: ${a.contactName ?? 'unknown'}${customer ? ` (${customer})` : ''}`,
    `Started: ${glideDateTime(a.startedAt)} UTC`,
    a.endedAt ? `Ended: ${glideDateTime(a.endedAt)} UTC` : null,
    a.durationSeconds !== null ? `Duration: ${duration(a.durationSeconds)}` : null,
    `Agent of record: ${a.agent ? agentLabel(a.agent) : 'unknown'}`,
    a.agents.length > 0 ? `Agents: ${a.agents.map(agentLabel).join(', ')}` : null,
    a.transcriptExcerpt ? `Transcript excerpt:\n${a.transcriptExcerpt}` : null,
    `Customer Card interaction: ${a.interactionId}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

function agentLabel(agent: AgentOfRecord): string {
  const name = agent.name ?? agent.email ?? agent.id;
  return agent.email && agent.email !== name ? `${name} <${agent.email}>` : name;
}

/** The Table API reads and writes date-times as `yyyy-MM-dd HH:mm:ss` in UTC. */
export function glideDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return [h ? `${h} h` : '', m ? `${m} min` : '', `${s} s`].filter(Boolean).join(' ');
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
