/** Dates as the timeline writes them, in the user's Teams locale and the viewer's time zone. */

/** A day on the axis, e.g. "22 Nov": short enough to label every day; the summary gives the years. */
export function formatAxisDay(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(new Date(iso));
}

/** A whole day, e.g. "22 Nov 2026". */
export function formatDay(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** From one instant to another as the locale writes a range, e.g. "22 Nov 2026, 09:15 – 09:40". */
export function formatSpan(fromIso: string, toIso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).formatRange(new Date(fromIso), new Date(toIso));
}

export const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();
