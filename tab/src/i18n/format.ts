/** Dates and times in the user's Teams locale (not the browser's), e.g. 22 Nov 2026, 09:15. */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(iso));
}

/** A duration as the locale writes it, e.g. "4 min 5 sec" or "4分5秒". */
export function formatDuration(fromIso: string, toIso: string, locale: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  const minutes = Math.floor(seconds / 60);
  const unit = (value: number, u: 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  return minutes > 0 ? `${unit(minutes, 'minute')} ${unit(seconds % 60, 'second')}` : unit(seconds, 'second');
}

/**
 * An identifier as people read it: the server's `display` (a phone number in international format,
 * formatted there to keep libphonenumber out of the tab), or its stored value. Copy, tel: and
 * matching use the value, E.164.
 */
export const displayIdentifier = (identifier: { value: string; display?: string }) => identifier.display ?? identifier.value;

/** A custom field's label in the tab's language, or the English one the admin always gives. */
export const fieldLabel = (labels: { en: string } & Partial<Record<string, string>>, language: string) => labels[language] || labels.en;
