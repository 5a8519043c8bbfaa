import { createHash } from 'node:crypto';
import { CrmError, type CrmRecordRef, type InteractionActivity } from '../connector';
import { isSalesforceId } from './soql';

/**
 * The standard Task field that carries our idempotency key. CallObject ("Call Object Identifier")
 * is the field CTI integrations fill with the telephony system's call id: a text(255) that SOQL can
 * filter on, present in every org with Salesforce CRM Call Center (which CallType and
 * CallDurationInSeconds need anyway), so no custom field has to be deployed.
 */
export const IDEMPOTENCY_FIELD = 'CallObject';

/** Leads and contacts go to Name (WhoId); everything else to Related To (WhatId), CRM-4. */
const WHO_TYPES = new Set(['contact', 'lead']);
/** Salesforce id prefix of Lead records: a lead is recognised even when typed loosely. */
const LEAD_PREFIX = '00Q';
const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;

export type TaskBody = Record<string, string | number>;

/** The Task written for an interaction; throws CrmError('rejected') for relations Salesforce refuses. */
export function taskFromActivity(activity: InteractionActivity): TaskBody {
  const { whoId, whatId, whoIsLead } = relations(activity);
  if (whoIsLead && whatId) {
    throw new CrmError(
      'rejected',
      'Salesforce does not allow a task whose Name is a lead to be related to another record (Related To); relate it to a contact instead, or remove the related record',
    );
  }
  const call = activity.channel === 'voice' || activity.channel === 'voicemail';
  const duration = activity.durationSeconds ?? (activity.endedAt ? Math.round((activity.endedAt.getTime() - activity.startedAt.getTime()) / 1000) : null);
  return {
    Subject: activity.subject.slice(0, SUBJECT_MAX),
    TaskSubtype: call ? 'Call' : activity.channel === 'email' ? 'Email' : 'Task',
    Status: 'Completed',
    // A date without time; the interaction's UTC day, as every other date the app stores.
    ActivityDate: activity.startedAt.toISOString().slice(0, 10),
    Description: description(activity, duration).slice(0, DESCRIPTION_MAX),
    [IDEMPOTENCY_FIELD]: idempotencyValue(activity.idempotencyKey),
    ...(call ? { CallType: activity.direction === 'inbound' ? 'Inbound' : 'Outbound' } : {}),
    ...(call && duration !== null ? { CallDurationInSeconds: Math.max(0, duration) } : {}),
    ...(whoId ? { WhoId: whoId } : {}),
    ...(whatId ? { WhatId: whatId } : {}),
  };
}

/** The key as stored: keys longer than the field are hashed, so they stay unique and fit. */
export function idempotencyValue(key: string): string {
  return key.length <= 255 ? key : createHash('sha256').update(key).digest('hex');
}

/**
 * The linked record first, then the relates-to picks: the first person becomes WhoId and the first
 * other record WhatId, so the record the agent linked always receives the activity (CRM-1).
 */
function relations(activity: InteractionActivity) {
  const refs = [activity.regarding, ...activity.relatedTo];
  for (const ref of refs) {
    if (!isSalesforceId(ref.id)) throw new CrmError('rejected', `"${ref.id}" is not a Salesforce record id`);
  }
  const who = refs.find(isWho);
  const what = refs.find((ref) => !isWho(ref));
  return { whoId: who?.id, whatId: what?.id, whoIsLead: who ? who.type === 'lead' || who.id.startsWith(LEAD_PREFIX) : false };
}

function isWho(ref: CrmRecordRef): boolean {
  return WHO_TYPES.has(ref.type) || ref.id.startsWith(LEAD_PREFIX);
}

function description(activity: InteractionActivity, duration: number | null): string {
  const lines = [
    `Contact: ${activity.contactName ?? 'unknown'}`,
    `Channel: ${activity.channel} (${activity.direction})`,
    `Started: ${activity.startedAt.toISOString()}`,
    activity.endedAt ? `Ended: ${activity.endedAt.toISOString()}` : null,
    duration !== null ? `Duration: ${duration} s` : null,
    `Agent: ${activity.agentName ?? 'unknown'}`,
    `Interaction: ${activity.interactionId}`,
    activity.transcriptExcerpt ? `\nTranscript excerpt:\n${activity.transcriptExcerpt}` : null,
  ];
  return lines.filter((line) => line !== null).join('\n');
}
