/** The timeline's rows, top to bottom, in pixels: day labels, web sessions, the axis, conversations. */
export const ROWS = {
  dayLabel: 0,
  web: 40,
  axis: 64,
  contact: 92,
  currentLabel: 114,
  height: 136,
} as const;

export const SESSION_SIZE = 22;
export const SINGLE_VISIT_SIZE = 12;
export const CONTACT_SIZE = 32;
/** Nothing smaller to aim at with a pointer (WCAG 2.2 target size). */
export const MIN_TARGET = 24;

/** A position in the narrowest layout as a share of the track, so wider panels spread it out. */
export const percentOf = (x: number, width: number) => `${(100 * x) / width}%`;
