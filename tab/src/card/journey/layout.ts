import { sameDay } from './dates';
import { laneOf, type JourneyMarker } from './markers';

/** Where each marker and each day label sits, in pixels of the narrowest readable timeline. */
export interface TimelineLayout {
  /** The narrowest width at which nothing overlaps; wider containers stretch it evenly. */
  width: number;
  /** Centre of each marker, in marker order. */
  x: number[];
  /** The tick where each calendar day (in the viewer's time zone) begins, with its first instant. */
  days: Array<{ x: number; at: string }>;
}

/** Room for a marker's half, its "Current" ring and label at either end. */
export const EDGE = 28;
/** Markers in one lane must not touch (32 px interaction markers, 6 px air). */
export const SAME_LANE_STEP = 38;
/** Markers in different lanes may overlap horizontally, but their stems stay apart. */
export const OTHER_LANE_STEP = 20;
/** A day label ("22 Nov", "11月22日", "22. Nov.") and some air, before the next one starts. */
export const DAY_LABEL_WIDTH = 64;
/** The most extra room a long pause earns, so that a month's silence does not fill the screen. */
const MAX_PAUSE_ROOM = 24;

/**
 * Lays the markers out left to right, oldest first. Positions follow time order but not time scale:
 * a linear scale would squeeze a day of browsing into one pixel beside a month's pause. Pauses earn
 * room on a logarithmic scale instead, and each new day gets a labelled tick.
 */
export function layoutTimeline(markers: JourneyMarker[]): TimelineLayout {
  const x: number[] = [];
  const days: TimelineLayout['days'] = [];
  markers.forEach((marker, i) => {
    const previous = markers[i - 1];
    const previousX = x[i - 1] ?? 0;
    let position = EDGE;
    if (previous) {
      const step = laneOf(previous) === laneOf(marker) ? SAME_LANE_STEP : OTHER_LANE_STEP;
      position = previousX + step + pauseRoom(Date.parse(marker.at) - Date.parse(previous.at));
    }
    if (!previous || !sameDay(previous.at, marker.at)) {
      // The day's tick sits halfway from the previous marker; pushed on until its label fits.
      const lastDay = days.at(-1);
      if (lastDay) position = Math.max(position, 2 * (lastDay.x + DAY_LABEL_WIDTH) - previousX);
      days.push({ x: previous ? (previousX + position) / 2 : position - EDGE / 2, at: marker.at });
    }
    x.push(position);
  });
  const lastX = x.at(-1) ?? EDGE;
  const lastDayX = days.at(-1)?.x ?? 0;
  return { width: Math.max(lastX + EDGE, lastDayX + DAY_LABEL_WIDTH), x, days };
}

function pauseRoom(ms: number): number {
  const minutes = Math.max(0, ms) / 60_000;
  return Math.min(MAX_PAUSE_ROOM, Math.round(8 * Math.log2(1 + minutes / 15)));
}
