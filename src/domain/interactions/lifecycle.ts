import type { Channel } from '../channels';

export const INTERACTION_STATES = ['active', 'after_call_work', 'transferred', 'unassigned', 'ended'] as const;
export type InteractionState = (typeof INTERACTION_STATES)[number];

export const LIFECYCLE_EVENTS = [
  'interaction.started',
  'interaction.assigned',
  'interaction.message',
  'interaction.transferred',
  'interaction.unassigned',
  'interaction.acw_completed',
  'interaction.ended',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface Agent {
  id: string;
  name?: string;
}

export interface Lifecycle {
  state: InteractionState;
  /** occurredAt of the event that last set state or agent. */
  stateChangedAt: Date;
  agent: Agent | null;
  endedAt: Date | null;
  acwCompletedAt: Date | null;
}

export interface LifecycleStep {
  type: LifecycleEvent;
  occurredAt: Date;
  /** The agent the event names: the assignee, or the transfer's target. */
  agent?: Agent;
}

/** Only calls have after-call work (wrap-up) between hanging up and being done. */
const hasAfterCallWork = (channel: Channel) => channel === 'voice';

export function initialLifecycle(occurredAt: Date): Lifecycle {
  return { state: 'active', stateChangedAt: occurredAt, agent: null, endedAt: null, acwCompletedAt: null };
}

/**
 * The interaction's lifecycle after one more event.
 * Ending and completing after-call work are facts recorded whenever they arrive, and `ended` is final.
 * Routing changes (assigned, transferred, unassigned) apply only if no newer event has already
 * changed the state, so a late event never rolls the interaction back.
 */
export function advanceLifecycle(current: Lifecycle, channel: Channel, step: LifecycleStep): Lifecycle {
  const next: Lifecycle = { ...current };
  switch (step.type) {
    case 'interaction.ended':
      next.endedAt = current.endedAt ?? step.occurredAt;
      break;
    case 'interaction.acw_completed':
      next.acwCompletedAt = current.acwCompletedAt ?? step.occurredAt;
      break;
    case 'interaction.started':
    case 'interaction.message':
      return withAgent(next, current, step);
    case 'interaction.assigned':
    case 'interaction.transferred':
    case 'interaction.unassigned':
      if (current.state === 'ended' || step.occurredAt < current.stateChangedAt) return current;
      next.state = ROUTING_STATE[step.type];
      next.stateChangedAt = step.occurredAt;
      return withAgent(next, current, step);
  }
  return settleEnd(next, channel, step.occurredAt);
}

const ROUTING_STATE = {
  'interaction.assigned': 'active',
  'interaction.transferred': 'transferred',
  'interaction.unassigned': 'unassigned',
} as const satisfies Record<string, InteractionState>;

function withAgent(next: Lifecycle, current: Lifecycle, step: LifecycleStep): Lifecycle {
  if (!step.agent || step.occurredAt < current.stateChangedAt) return next;
  return { ...next, agent: step.agent };
}

function settleEnd(next: Lifecycle, channel: Channel, occurredAt: Date): Lifecycle {
  if (next.state === 'ended' || !next.endedAt) return next;
  const done = !hasAfterCallWork(channel) || next.acwCompletedAt !== null;
  const state: InteractionState = done ? 'ended' : 'after_call_work';
  if (state === next.state) return next;
  const changedAt = occurredAt > next.stateChangedAt ? occurredAt : next.stateChangedAt;
  return { ...next, state, stateChangedAt: changedAt };
}
