import type { InteractionData, SentMessageData } from '../../api/types';
import type { JourneyEvent, VisitData } from './events';

/** What the timeline draws: browsing sessions above the axis, conversations and messages below. */
export type JourneyMarker =
  | { kind: 'session'; key: string; at: string; end: string; visits: VisitData[] }
  | { kind: 'interaction'; key: string; at: string; interaction: InteractionData }
  | { kind: 'sent'; key: string; at: string; message: SentMessageData };

/** The usual web-analytics session timeout: a longer pause starts a new visit to the site. */
export const SESSION_GAP_MS = 30 * 60_000;

/**
 * Groups consecutive web visits into browsing sessions, so that a busy visitor's hundreds of pages
 * stay a readable handful of markers. An interaction in between ends the session: what the customer
 * read before and after talking to us are different stories.
 */
export function journeyMarkers(events: JourneyEvent[]): JourneyMarker[] {
  const markers: JourneyMarker[] = [];
  for (const event of events) {
    const last = markers.at(-1);
    if (event.kind === 'visit') {
      if (last?.kind === 'session' && Date.parse(event.at) - Date.parse(last.end) <= SESSION_GAP_MS) {
        last.visits.push(event.visit);
        last.end = event.at;
      } else {
        markers.push({ kind: 'session', key: `session-${markers.length}-${event.at}`, at: event.at, end: event.at, visits: [event.visit] });
      }
    } else if (event.kind === 'interaction') {
      markers.push({ kind: 'interaction', key: `interaction-${event.interaction.id}`, at: event.at, interaction: event.interaction });
    } else {
      markers.push({ kind: 'sent', key: `sent-${event.message.id}`, at: event.at, message: event.message });
    }
  }
  return markers;
}

/** Web sessions are drawn above the axis, what passed between the contact and agents below it. */
export const laneOf = (marker: JourneyMarker): 'web' | 'contact' => (marker.kind === 'session' ? 'web' : 'contact');
