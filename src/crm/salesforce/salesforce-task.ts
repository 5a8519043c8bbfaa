import { createHash } from 'node:crypto';
import type { AgentOfRecord, InteractionActivity } from '../connector';
import type { TaskPlacement } from './salesforce-task-plan';

/**
 * The Task's External ID field that carries the interaction key, unless the connection names
 * another. Not CallObject: CTI adapters (Open CTI, Service Cloud Voice) fill that with their own
 * call id.
 */
export const DEFAULT_KEY_FIELD = 'CustomerCard_Interaction_Key__c';

const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;

export type TaskBody = Record<string, string | number | null>;

/**
 * The key as stored: its SHA-256 in hex. It goes into the upsert URL's path, where Salesforce
 * reads a dot and what follows as a format extension, so the key itself (crm.interaction:…) cannot.
 */
export function interactionKeyValue(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The e-mail of the agent whose Salesforce user owns the task: the first who handled it stays the owner. */
export function ownerEmail(activity: InteractionActivity): string | null {
  return activity.agents[0]?.email ?? activity.agent?.email ?? null;
}

/**
 * The interaction's Task: a completed Call, Email or Task by channel, named for the placed person,
 * related to the placed record, owned by the agent's user when one was found (else the integration
 * user, by leaving OwnerId out). WhoId and WhatId are always sent, null when nothing is placed, so a
 * later write-back point brings an unlinked record off the task.
 */
export function taskBody(activity: InteractionActivity, placement: TaskPlacement, ownerId: string | null): TaskBody {
  const call = activity.channel === 'voice' || activity.channel === 'voicemail';
  const duration = activity.durationSeconds ?? (activity.endedAt ? Math.round((activity.endedAt.getTime() - activity.startedAt.getTime()) / 1000) : null);
  return {
    Subject: activity.subject.slice(0, SUBJECT_MAX),
    TaskSubtype: call ? 'Call' : activity.channel === 'email' ? 'Email' : 'Task',
    Status: 'Completed',
    // A date without time; the interaction's UTC day, as every other date the app stores.
    ActivityDate: activity.startedAt.toISOString().slice(0, 10),
    Description: description(activity, duration, placement).slice(0, DESCRIPTION_MAX),
    ...(call ? { CallType: activity.direction === 'inbound' ? 'Inbound' : 'Outbound' } : {}),
    ...(call && duration !== null ? { CallDurationInSeconds: Math.max(0, duration) } : {}),
    WhoId: placement.whoId,
    WhatId: placement.whatId,
    ...(ownerId ? { OwnerId: ownerId } : {}),
  };
}

function description(activity: InteractionActivity, duration: number | null, placement: TaskPlacement): string {
  const customer = [activity.customer.phone, activity.customer.email].filter(Boolean).join(', ');
  const agents = activity.agents.length ? activity.agents : activity.agent ? [activity.agent] : [];
  const notRelated = placement.plan.dropped.map((record) => `${record.type} ${record.id}`);
  const lines = [
    `Contact: ${activity.contactName ?? 'unknown'}${customer ? ` (${customer})` : ''}`,
    `Channel: ${activity.channel} (${activity.direction})`,
    `Started: ${activity.startedAt.toISOString()}`,
    activity.endedAt ? `Ended: ${activity.endedAt.toISOString()}` : null,
    duration !== null ? `Duration: ${duration} s` : null,
    agents.length > 1 ? `Agents: ${agents.map(agentName).join(', then ')}` : `Agent: ${agents[0] ? agentName(agents[0]) : 'unknown'}`,
    `Interaction: ${activity.interactionId}`,
    notRelated.length ? `Also linked in the Customer Card, not related here: ${notRelated.join(', ')}` : null,
    activity.transcriptExcerpt ? `\nTranscript excerpt:\n${activity.transcriptExcerpt}` : null,
  ];
  return lines.filter((line) => line !== null).join('\n');
}

function agentName(agent: AgentOfRecord): string {
  if (!agent.name) return agent.email ?? agent.id;
  return agent.email ? `${agent.name} (${agent.email})` : agent.name;
}
