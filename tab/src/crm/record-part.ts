import type { CrmLinkData, InteractionRecordData } from '../api/types';

type Ref = { type: string; id: string };
type Plan = NonNullable<InteractionRecordData['plan']>;

/**
 * A record's part in the interaction's one CRM record, as the card shows it: on its way, written
 * (and where), not written (the record failed), or left out by the CRM's rules — already, or when
 * it is written (the plan is made before writing, so the agent can still change links and relations).
 */
export type RecordPart =
  | { state: 'waiting' | 'pending' | 'failed' }
  | { state: 'written'; as: string | null }
  | { state: 'dropped' | 'willDrop'; reason: string };

const same = (a: Ref) => (b: Ref) => a.type === b.type && a.id === b.id;

/** Why the record's plan leaves this record out, if it does. */
export function droppedReason(plan: Plan | null, ref: Ref): string | null {
  return plan?.dropped.find(same(ref))?.reason ?? null;
}

/** A linked record's part: as the server last wrote it, or as the plan says it will be. */
export function linkPart(link: CrmLinkData, record: InteractionRecordData): RecordPart {
  const { state, error, as } = link.writeBack;
  if (state === 'written') return { state, as };
  if (state === 'dropped') return { state, reason: error ?? '' };
  if (state !== 'waiting') return { state };
  const reason = droppedReason(record.plan, link);
  return reason === null ? { state } : { state: 'willDrop', reason };
}

/** A relates-to record the CRM's rules leave out (before writing: will leave out), or null. */
export function relationDropped(record: InteractionRecordData, ref: Ref): RecordPart | null {
  const reason = droppedReason(record.plan, ref);
  if (reason === null) return null;
  return { state: record.state === 'written' ? 'dropped' : 'willDrop', reason };
}
