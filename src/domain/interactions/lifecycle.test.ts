import { advanceLifecycle, initialLifecycle, type Lifecycle, type LifecycleEvent } from './lifecycle';
import type { Channel } from '../channels';

const t = (minute: number) => new Date(Date.UTC(2026, 10, 22, 9, minute));
const ELINOR = { id: 'elinor', name: 'Elinor Dashwood' };
const MARGARET = { id: 'margaret', name: 'Margaret Dashwood' };

function run(channel: Channel, steps: Array<[LifecycleEvent, number, { id: string; name: string }?]>): Lifecycle {
  return steps.reduce(
    (lifecycle, [type, minute, agent]) => advanceLifecycle(lifecycle, channel, { type, occurredAt: t(minute), agent }),
    initialLifecycle(t(0)),
  );
}

describe('interaction lifecycle', () => {
  it('a call goes to after-call work when it ends, and ends when wrap-up is complete', () => {
    const afterCall = run('voice', [['interaction.assigned', 1, ELINOR], ['interaction.ended', 5]]);
    expect(afterCall.state).toBe('after_call_work');
    expect(afterCall.endedAt).toEqual(t(5));

    const done = advanceLifecycle(afterCall, 'voice', { type: 'interaction.acw_completed', occurredAt: t(7) });
    expect(done).toMatchObject({ state: 'ended', acwCompletedAt: t(7), stateChangedAt: t(7) });
  });

  it('a digital interaction ends without after-call work', () => {
    expect(run('chat', [['interaction.ended', 5]]).state).toBe('ended');
    expect(run('email', [['interaction.ended', 5]]).state).toBe('ended');
  });

  it('wrap-up reported before the hang-up still ends the call once it hangs up', () => {
    const lifecycle = run('voice', [['interaction.acw_completed', 6], ['interaction.ended', 5]]);
    expect(lifecycle.state).toBe('ended');
  });

  it('transfer and unassign set the state and the agent named by the event', () => {
    const transferred = run('chat', [['interaction.assigned', 1, ELINOR], ['interaction.transferred', 2, MARGARET]]);
    expect(transferred).toMatchObject({ state: 'transferred', agent: MARGARET, stateChangedAt: t(2) });
    expect(run('chat', [['interaction.assigned', 1, ELINOR], ['interaction.unassigned', 3]])).toMatchObject({
      state: 'unassigned',
      agent: ELINOR,
    });
  });

  it('a late routing event never rolls the state back', () => {
    const lifecycle = run('chat', [['interaction.transferred', 5, MARGARET], ['interaction.assigned', 2, ELINOR]]);
    expect(lifecycle).toMatchObject({ state: 'transferred', agent: MARGARET, stateChangedAt: t(5) });
  });

  it('nothing reopens an ended interaction', () => {
    const lifecycle = run('chat', [['interaction.ended', 5], ['interaction.assigned', 9, ELINOR]]);
    expect(lifecycle.state).toBe('ended');
    expect(lifecycle.agent).toBeNull();
  });

  it('an ending reported late is still recorded: an interaction that ended has ended', () => {
    const lifecycle = run('sms', [['interaction.transferred', 8, MARGARET], ['interaction.ended', 6]]);
    expect(lifecycle).toMatchObject({ state: 'ended', endedAt: t(6), stateChangedAt: t(8) });
  });

  it('a repeated end keeps the first end time', () => {
    expect(run('chat', [['interaction.ended', 5], ['interaction.ended', 9]]).endedAt).toEqual(t(5));
  });

  it('messages change no state', () => {
    const lifecycle = run('chat', [['interaction.assigned', 1, ELINOR], ['interaction.message', 4]]);
    expect(lifecycle).toMatchObject({ state: 'active', stateChangedAt: t(1) });
  });
});
