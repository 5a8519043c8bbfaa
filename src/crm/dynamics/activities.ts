import { createHash } from 'node:crypto';
import type { AgentOfRecord, InteractionActivity } from '../connector';
import type { ActivityKind } from './activity-kinds';
import type { ActivityPlacement } from './activity-plan';
import type { Row } from './entities';

/** Fixed namespace of our name-based activity ids (RFC 9562 §5.5); never change it. */
const ACTIVITY_ID_NAMESPACE = '3b8f6f0e-6a51-4c1e-9a59-cc0a7a2d5e14';

/**
 * The activity's primary key, derived from its idempotency key (a UUID v5). Dataverse accepts a
 * client-chosen primary key on create and refuses a second row with the same one, so every later
 * write of the interaction finds the same activity — no alternate key or custom column needs to be
 * deployed.
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

/** Subject is nvarchar(200) on every activity table, phonenumber too. */
const SUBJECT_MAX = 200;
const PHONE_MAX = 200;

export interface ActivityWrite {
  id: string;
  /** Creates it: columns, Regarding, parties, and the agent's user as owner. */
  create: Row;
  /**
   * Brings a written activity up to date: the same columns, Regarding and parties (replacing the
   * earlier ones). The owner stays who it was (the first agent, or whoever the CRM's users gave it to).
   */
  update: Row;
  /** Completes it; null while the interaction goes on (a transfer). Completed activities are read-only. */
  close: { statecode: 1; statuscode: number } | null;
  /** Opens a completed activity again so it can be updated. */
  reopen: { statecode: 0; statuscode: number };
}

/** regardingobjectid is polymorphic: each target table has its own navigation property per activity table. */
export function regardingProperty(kind: ActivityKind, targetLogicalName: string): string {
  return `regardingobjectid_${targetLogicalName}_${kind.logicalName}@odata.bind`;
}

/**
 * The phone call, e-mail or task for an interaction, placed as planned: regarding one record, the
 * customer's records as From (inbound) or To (outbound) parties and the agent's systemuser on the
 * other side, owned by that user. Without a systemuser the activity has no agent party and keeps the
 * application user as owner.
 */
export function activityWrite(activity: InteractionActivity, kind: ActivityKind, placement: ActivityPlacement, agentUserId: string | null): ActivityWrite {
  const outbound = activity.direction === 'outbound';
  const columns: Row = {
    subject: activity.subject.slice(0, SUBJECT_MAX),
    description: kind.html ? asHtml(describe(activity)) : describe(activity),
    actualstart: activity.startedAt.toISOString(),
  };
  if (activity.endedAt) columns.actualend = activity.endedAt.toISOString();
  if (activity.durationSeconds !== null) columns.actualdurationminutes = Math.ceil(activity.durationSeconds / 60);
  if (kind.directional) columns.directioncode = outbound; // true = Outgoing
  if (kind.phoneNumber && activity.customer.phone) columns.phonenumber = activity.customer.phone.slice(0, PHONE_MAX);
  const { regarding } = placement;
  if (regarding) columns[regardingProperty(kind, regarding.def.logicalName)] = `/${regarding.def.set}(${regarding.id})`;

  const id = activityIdFor(activity.idempotencyKey);
  const create: Row = { activityid: id, ...columns };
  const update: Row = { ...columns };
  if (kind.parties) {
    const parties = partiesOf(activity, kind, placement, agentUserId);
    if (parties.length) create[kind.parties] = parties;
    update[kind.parties] = parties;
  }
  if (agentUserId) create['ownerid@odata.bind'] = `/systemusers(${agentUserId})`;
  return {
    id,
    create,
    update,
    close: activity.endedAt ? { statecode: 1, statuscode: outbound ? kind.completed.outbound : kind.completed.inbound } : null,
    reopen: { statecode: 0, statuscode: kind.open },
  };
}

/**
 * The customer's side (their records; for an e-mail with none, the address it came from) and the
 * agent's side (their systemuser), From and To by direction.
 */
function partiesOf(activity: InteractionActivity, kind: ActivityKind, placement: ActivityPlacement, agentUserId: string | null): Row[] {
  const outbound = activity.direction === 'outbound';
  const customerSide = outbound ? TO : FROM;
  const agentSide = outbound ? FROM : TO;
  const parties: Row[] = placement.customers.map(({ def, id }) => ({ participationtypemask: customerSide, [`partyid_${def.logicalName}@odata.bind`]: `/${def.set}(${id})` }));
  if (!parties.length && kind.unresolvedParties && activity.customer.email) {
    parties.push({ participationtypemask: customerSide, addressused: activity.customer.email });
  }
  if (agentUserId) parties.push({ participationtypemask: agentSide, 'partyid_systemuser@odata.bind': `/systemusers(${agentUserId})` });
  return parties;
}

const CHANNEL: Record<InteractionActivity['channel'], string> = {
  voice: 'Call', voicemail: 'Voicemail', sms: 'SMS', chat: 'Chat', email: 'E-mail', social: 'Social message', web: 'Web message',
};

const agentName = (agent: AgentOfRecord) => agent.name ?? agent.id;

/** The interaction summary (CRM-1): contact, channel, time, duration, the agents, transcript excerpt. */
function describe(a: InteractionActivity): string {
  const lines = [
    `${CHANNEL[a.channel]} (${a.direction})`,
    a.contactName ? `Contact: ${a.contactName}` : null,
    a.agent ? `Agent: ${agentName(a.agent)}` : null,
    a.agents.length > 1 ? `Handled by: ${a.agents.map(agentName).join(', ')}` : null,
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
