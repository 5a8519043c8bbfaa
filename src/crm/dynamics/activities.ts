import { createHash } from 'node:crypto';
import { CrmError, type CrmRecordRef, type InteractionActivity } from '../connector';
import { entityFor, isGuid, type EntityDef, type Row } from './entities';

/** Fixed namespace of our name-based activity ids (RFC 9562 §5.5); never change it. */
const ACTIVITY_ID_NAMESPACE = '3b8f6f0e-6a51-4c1e-9a59-cc0a7a2d5e14';

/**
 * The activity's primary key, derived from its idempotency key (a UUID v5). Dataverse accepts a
 * client-chosen primary key on create and refuses a second row with the same one, so a retried
 * write cannot create a duplicate — no alternate key or custom column needs to be deployed.
 */
export function activityIdFor(idempotencyKey: string): string {
  const namespace = Buffer.from(ACTIVITY_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(idempotencyKey, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** activityparty.participationtypemask */
const FROM = 1;
const TO = 2;

/** Subject is nvarchar(200) on every activity table. */
const SUBJECT_MAX = 200;

export interface ActivityWrite {
  /** Entity set: phonecalls, emails or tasks. */
  set: string;
  /** The create body (activityid included). */
  body: Row;
  /** The update that closes the activity: completed activities are read-only in Dataverse. */
  close: { statecode: number; statuscode: number };
}

interface ActivityKind {
  set: string;
  logicalName: string;
  /** Activity party collection, for activity types that have From/To parties. */
  parties?: string;
  directional: boolean;
  /** statuscode for statecode 1 (Completed), by direction. */
  completed: { inbound: number; outbound: number };
  /** email.description is the HTML body; the others are plain text. */
  html: boolean;
}

const PHONE_CALL: ActivityKind = {
  set: 'phonecalls', logicalName: 'phonecall', parties: 'phonecall_activity_parties', directional: true,
  completed: { inbound: 4 /* Received */, outbound: 2 /* Made */ }, html: false,
};
const EMAIL: ActivityKind = {
  // Completed rather than Sent for outbound: Sent belongs to mail that Dataverse itself delivered.
  set: 'emails', logicalName: 'email', parties: 'email_activity_parties', directional: true,
  completed: { inbound: 4 /* Received */, outbound: 2 /* Completed */ }, html: true,
};
const TASK: ActivityKind = {
  set: 'tasks', logicalName: 'task', directional: false,
  completed: { inbound: 5, outbound: 5 /* Completed */ }, html: false,
};

function kindFor(channel: InteractionActivity['channel']): ActivityKind {
  if (channel === 'voice' || channel === 'voicemail') return PHONE_CALL;
  if (channel === 'email') return EMAIL;
  return TASK; // chat, SMS, social, web: Dataverse has no activity type of their own
}

function mapped(ref: CrmRecordRef): EntityDef {
  const def = entityFor(ref.type);
  if (!def) throw new CrmError('rejected', `Dynamics 365 has no table mapped for record type "${ref.type}"`);
  if (!isGuid(ref.id)) throw new CrmError('rejected', `Dynamics 365 record ids are GUIDs, not "${ref.id}"`);
  return def;
}

/**
 * The phone call, e-mail or task for an interaction. Regarding (Dataverse's relates-to) is the
 * linked record, bound through the activity-specific navigation property
 * regardingobjectid_<table>_<activity>; the person-level records among the linked and relates-to
 * records become the From (inbound) or To (outbound) parties.
 */
export function activityWrite(activity: InteractionActivity): ActivityWrite {
  const kind = kindFor(activity.channel);
  const regarding = mapped(activity.regarding);
  const outbound = activity.direction === 'outbound';
  const body: Row = {
    activityid: activityIdFor(activity.idempotencyKey),
    subject: activity.subject.slice(0, SUBJECT_MAX),
    description: kind.html ? asHtml(describe(activity)) : describe(activity),
    actualstart: activity.startedAt.toISOString(),
    [`regardingobjectid_${regarding.logicalName}_${kind.logicalName}@odata.bind`]: `/${regarding.set}(${activity.regarding.id})`,
  };
  if (activity.endedAt) body.actualend = activity.endedAt.toISOString();
  if (activity.durationSeconds !== null) body.actualdurationminutes = Math.ceil(activity.durationSeconds / 60);
  if (kind.directional) body.directioncode = outbound; // true = Outgoing
  if (kind.parties) {
    const people = uniquePeople([activity.regarding, ...activity.relatedTo]);
    if (people.length) {
      body[kind.parties] = people.map((ref) => {
        const def = mapped(ref);
        return { participationtypemask: outbound ? TO : FROM, [`partyid_${def.logicalName}@odata.bind`]: `/${def.set}(${ref.id})` };
      });
    }
  }
  return { set: kind.set, body, close: { statecode: 1, statuscode: outbound ? kind.completed.outbound : kind.completed.inbound } };
}

function uniquePeople(refs: CrmRecordRef[]): CrmRecordRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.type}:${ref.id.toLowerCase()}`;
    if (!entityFor(ref.type)?.person || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const CHANNEL: Record<InteractionActivity['channel'], string> = {
  voice: 'Call', voicemail: 'Voicemail', sms: 'SMS', chat: 'Chat', email: 'E-mail', social: 'Social message', web: 'Web message',
};

/** The interaction summary (CRM-1): contact, channel, time, duration, agent, transcript excerpt. */
function describe(a: InteractionActivity): string {
  const lines = [
    `${CHANNEL[a.channel]} (${a.direction})`,
    a.contactName ? `Contact: ${a.contactName}` : null,
    a.agentName ? `Agent: ${a.agentName}` : null,
    `Started: ${a.startedAt.toISOString()}`,
    a.endedAt ? `Ended: ${a.endedAt.toISOString()}` : null,
    a.durationSeconds !== null ? `Duration: ${formatDuration(a.durationSeconds)}` : null,
    `Interaction: ${a.interactionId}`,
  ].filter((line): line is string => line !== null);
  if (a.transcriptExcerpt) lines.push('', a.transcriptExcerpt);
  return lines.join('\n');
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? `${m} min ${s} s` : `${s} s`;
}

function asHtml(plain: string): string {
  const escaped = plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.replace(/\n/g, '<br>');
}
