import type { InteractionActivity } from '../connector';

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

/** The interaction's own Contact, Consumer and Account reference fields (added by CSM). */
const PEOPLE_FIELDS: Record<string, string> = { contact: 'contact', consumer: 'consumer', account: 'account' };

/** interaction.short_description is a 160-character string. */
const SHORT_DESCRIPTION_MAX = 160;

/** The fields of the closed interaction record written for one activity. */
export function interactionFields(activity: InteractionActivity, keyField: string, types: Record<Channel, string>): Record<string, string> {
  const fields: Record<string, string> = {
    [keyField]: activity.idempotencyKey,
    type: types[activity.channel],
    direction: activity.direction,
    // Written after the interaction is over (CRM-2): it goes in closed, not into an agent's queue.
    state: 'closed_complete',
    short_description: truncate(activity.subject, SHORT_DESCRIPTION_MAX),
    opened_at: glideDateTime(activity.startedAt),
    work_notes: workNotes(activity),
  };
  if (activity.endedAt) fields.closed_at = glideDateTime(activity.endedAt);
  for (const ref of [activity.regarding, ...activity.relatedTo]) {
    const field = PEOPLE_FIELDS[ref.type];
    if (field && !fields[field]) fields[field] = ref.id;
  }
  // customer_contact extends sys_user, so a contact can be the user the interaction was opened for.
  if (fields.contact) fields.opened_for = fields.contact;
  return fields;
}

export function workNotes(a: InteractionActivity): string {
  return [
    `${CHANNEL_LABEL[a.channel]} (${a.direction}), logged by Customer Card`,
    `Contact: ${a.contactName ?? 'unknown'}`,
    `Channel: ${CHANNEL_LABEL[a.channel]}`,
    `Started: ${glideDateTime(a.startedAt)} UTC`,
    a.endedAt ? `Ended: ${glideDateTime(a.endedAt)} UTC` : null,
    a.durationSeconds !== null ? `Duration: ${duration(a.durationSeconds)}` : null,
    `Agent: ${a.agentName ?? 'unknown'}`,
    a.transcriptExcerpt ? `Transcript excerpt:\n${a.transcriptExcerpt}` : null,
    `Customer Card interaction: ${a.interactionId}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
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
