import type { CustomerCardData, InteractionData, SentMessageData } from '../../api/types';

export type VisitData = CustomerCardData['visits'][number];

/** One thing that happened between the contact and us, at an instant. */
export type JourneyEvent =
  | { kind: 'visit'; at: string; visit: VisitData }
  | { kind: 'interaction'; at: string; interaction: InteractionData }
  | { kind: 'sent'; at: string; message: SentMessageData };

/**
 * The contact's web visits, interactions on every channel and the messages agents sent, oldest
 * first. A message still sending or failed never reached the customer, so it is no touchpoint.
 */
export function journeyEvents(card: Pick<CustomerCardData, 'visits' | 'interactions' | 'sentMessages'>): JourneyEvent[] {
  const events: JourneyEvent[] = [
    ...card.visits.map((visit) => ({ kind: 'visit' as const, at: visit.visitedAt, visit })),
    ...card.interactions.map((interaction) => ({ kind: 'interaction' as const, at: interaction.startedAt, interaction })),
    ...card.sentMessages
      .filter((message) => message.status === 'sent')
      .map((message) => ({ kind: 'sent' as const, at: message.sentAt ?? message.createdAt, message })),
  ];
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
