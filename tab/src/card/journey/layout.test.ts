import { journeyEvents } from './events';
import { DAY_LABEL_WIDTH, EDGE, layoutTimeline, OTHER_LANE_STEP, SAME_LANE_STEP } from './layout';
import { journeyMarkers } from './markers';
import { aCard, anInteraction, aVisit } from './test-factories';

const layoutOf = (card: ReturnType<typeof aCard>) => layoutTimeline(journeyMarkers(journeyEvents(card)));
const gaps = (x: number[]) => x.slice(1).map((v, i) => v - x[i]!);

describe('layoutTimeline', () => {
  it('places markers left to right in time order, never touching within a lane', () => {
    const { x, width } = layoutOf(aCard({
      interactions: ['09:00', '09:01', '09:02'].map((time, i) => anInteraction(`i${i}`, `2026-11-22T${time}:00.000Z`)),
    }));
    expect(x[0]).toBe(EDGE);
    gaps(x).forEach((gap) => expect(gap).toBeGreaterThanOrEqual(SAME_LANE_STEP));
    expect(width).toBeGreaterThanOrEqual(x.at(-1)! + EDGE);
  });

  it('lets markers of different lanes sit closer, and gives a long pause more room than a short one', () => {
    const { x } = layoutOf(aCard({
      visits: [aVisit('2026-11-22T09:00:00.000Z'), aVisit('2026-11-22T14:00:00.000Z')],
      interactions: [anInteraction('call', '2026-11-22T09:01:00.000Z'), anInteraction('chat', '2026-11-22T09:03:00.000Z')],
    }));
    // visit 09:00 | call 09:01 | chat 09:03 | visit 14:00
    const [visitToCall, callToChat, chatToVisit] = gaps(x);
    expect(visitToCall).toBeGreaterThanOrEqual(OTHER_LANE_STEP);
    expect(visitToCall).toBeLessThan(SAME_LANE_STEP);
    expect(chatToVisit! - OTHER_LANE_STEP).toBeGreaterThan(callToChat! - SAME_LANE_STEP);
  });

  it('ticks each new day between its first marker and the one before, with room for its label', () => {
    const { x, days, width } = layoutOf(aCard({
      interactions: [
        anInteraction('a', '2026-11-20T23:58:00.000Z'),
        anInteraction('b', '2026-11-21T00:01:00.000Z'),
        anInteraction('c', '2026-11-22T10:00:00.000Z'),
      ],
    }));
    expect(days.map((d) => d.at)).toEqual(['2026-11-20T23:58:00.000Z', '2026-11-21T00:01:00.000Z', '2026-11-22T10:00:00.000Z']);
    expect(days[0]!.x).toBeLessThan(x[0]!);
    expect(days[1]!.x).toBeGreaterThan(x[0]!);
    expect(days[1]!.x).toBeLessThan(x[1]!);
    gaps(days.map((d) => d.x)).forEach((gap) => expect(gap).toBeGreaterThanOrEqual(DAY_LABEL_WIDTH));
    expect(width).toBeGreaterThanOrEqual(days.at(-1)!.x + DAY_LABEL_WIDTH);
  });
});
