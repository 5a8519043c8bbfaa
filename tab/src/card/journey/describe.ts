import type { TFunction } from 'i18next';
import { formatDateTime } from '../../i18n/format';
import { formatDay, formatSpan, sameDay } from './dates';
import type { JourneyEvent } from './events';
import type { JourneyMarker } from './markers';

/** What a screen reader says for the timeline: "10 web visits and 3 interactions between … and …". */
export function journeySummary(events: JourneyEvent[], t: TFunction, locale: string): string {
  const count = (kind: JourneyEvent['kind']) => events.filter((e) => e.kind === kind).length;
  const parts = [
    ['visit', 'timeline.visits'],
    ['interaction', 'timeline.interactions'],
    ['sent', 'timeline.sent'],
  ] as const;
  const counted = parts.filter(([kind]) => count(kind) > 0).map(([kind, key]) => t(key, { count: count(kind) }));
  const what = new Intl.ListFormat(locale, { type: 'conjunction' }).format(counted);
  const from = events[0]!.at;
  const to = events.at(-1)!.at;
  return sameDay(from, to)
    ? t('timeline.on', { events: what, day: formatDay(from, locale) })
    : t('timeline.between', { events: what, from: formatDay(from, locale), to: formatDay(to, locale) });
}

/** A marker's accessible name: everything its picture says, in words. */
export function markerLabel(marker: JourneyMarker, currentInteractionId: string | undefined, t: TFunction, locale: string): string {
  switch (marker.kind) {
    case 'session':
      return t('timeline.session', { count: marker.visits.length, time: formatSpan(marker.at, marker.end, locale) });
    case 'sent':
      return t('timeline.sentMessage', { channel: t(`channel.${marker.message.channel}`), to: marker.message.to, time: formatDateTime(marker.at, locale) });
    case 'interaction': {
      const { channel, direction, id } = marker.interaction;
      const label = t('timeline.interaction', { channel: t(`channel.${channel}`), direction: t(`direction.${direction}`), time: formatDateTime(marker.at, locale) });
      return id === currentInteractionId ? t('timeline.currentMarker', { marker: label }) : label;
    }
  }
}
