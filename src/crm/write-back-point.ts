import type { Channel } from '../domain/channels';
import type { InteractionState } from '../domain/interactions/lifecycle';

/**
 * When linked records receive the interaction's activity (CRM-2): a call once it has ended and its
 * after-call work is complete; a digital interaction when it is transferred or unassigned from the
 * agent (or ends). Reaching such a point again changes nothing: each record is written once.
 */
export function isWriteBackPoint(channel: Channel, state: InteractionState): boolean {
  if (channel === 'voice') return state === 'ended';
  return state === 'transferred' || state === 'unassigned' || state === 'ended';
}
