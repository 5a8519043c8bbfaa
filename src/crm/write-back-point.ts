import type { Channel } from '../domain/channels';
import type { InteractionState } from '../domain/interactions/lifecycle';

/**
 * When the CRM receives the interaction's one record (CRM-2): a call once it has ended and its
 * after-call work is complete; a digital interaction when it is transferred or unassigned from the
 * agent (or ends). Each point reached brings the same record up to date (see write-back.ts).
 */
export function isWriteBackPoint(channel: Channel, state: InteractionState): boolean {
  if (channel === 'voice') return state === 'ended';
  return state === 'transferred' || state === 'unassigned' || state === 'ended';
}
