import type { InteractionActivity } from '../connector';

/** One of the Dataverse activity tables an interaction is written as. */
export interface ActivityKind {
  /** Entity set: the Web API collection. */
  set: string;
  /** Logical name: the deep link's etn, the suffix of regardingobjectid_<table>_<activity>. */
  logicalName: string;
  /** Activity party collection, for activity types with From/To (a task has none). */
  parties: string | null;
  /** An e-mail has one sender: its From holds one party. */
  oneSender: boolean;
  /** An e-mail party may be an address that no record holds (an unresolved party: addressused alone). */
  unresolvedParties: boolean;
  /** directioncode: phone calls and e-mails are incoming or outgoing. */
  directional: boolean;
  /** phonenumber: the number the call was with. */
  phoneNumber: boolean;
  /** statuscode for statecode 0 (Open): what a completed activity returns to while it is updated. */
  open: number;
  /** statuscode for statecode 1 (Completed), by direction. */
  completed: { inbound: number; outbound: number };
  /** email.description is the HTML body; the others are plain text. */
  html: boolean;
}

const PHONE_CALL: ActivityKind = {
  set: 'phonecalls', logicalName: 'phonecall', parties: 'phonecall_activity_parties', oneSender: false, unresolvedParties: false, directional: true, phoneNumber: true,
  open: 1 /* Open */, completed: { inbound: 4 /* Received */, outbound: 2 /* Made */ }, html: false,
};
const EMAIL: ActivityKind = {
  // Completed rather than Sent for outbound: Sent belongs to mail that Dataverse itself delivered.
  set: 'emails', logicalName: 'email', parties: 'email_activity_parties', oneSender: true, unresolvedParties: true, directional: true, phoneNumber: false,
  open: 1 /* Draft */, completed: { inbound: 4 /* Received */, outbound: 2 /* Completed */ }, html: true,
};
const TASK: ActivityKind = {
  set: 'tasks', logicalName: 'task', parties: null, oneSender: false, unresolvedParties: false, directional: false, phoneNumber: false,
  open: 2 /* Not Started */, completed: { inbound: 5, outbound: 5 /* Completed */ }, html: false,
};

export function kindFor(channel: InteractionActivity['channel']): ActivityKind {
  if (channel === 'voice' || channel === 'voicemail') return PHONE_CALL;
  if (channel === 'email') return EMAIL;
  return TASK; // chat, SMS, social, web: Dataverse has no activity type of their own
}
