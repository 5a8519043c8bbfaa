import type { CustomerCardData, InteractionData, SentMessageData } from '../../api/types';
import type { VisitData } from './events';

/** Test factories for journey data; times as ISO strings, as the tab receives them. */

export const aVisit = (visitedAt: string, title: string | null = 'Poetry — Classics, Inc.', url = 'https://classics.example/poetry'): VisitData => ({
  url,
  title,
  visitedAt,
});

export const anInteraction = (id: string, startedAt: string, overrides: Partial<InteractionData> = {}): InteractionData => ({
  id,
  contactId: 'c1',
  channel: 'voice',
  division: 'support-emea',
  direction: 'inbound',
  state: 'ended',
  stateChangedAt: startedAt,
  agent: { id: 'elinor', name: 'Elinor Dashwood' },
  matched: null,
  providedContact: {},
  startedAt,
  endedAt: null,
  acwCompletedAt: null,
  ...overrides,
});

export const aSentMessage = (id: string, sentAt: string, overrides: Partial<SentMessageData> = {}): SentMessageData => ({
  id,
  contactId: 'c1',
  interactionId: null,
  channel: 'email',
  to: 'ed.ferrars@norland.example',
  subject: 'Your order 1811',
  text: 'It is on its way.',
  senderId: 'elinor',
  senderName: 'Elinor Dashwood',
  status: 'sent',
  failure: null,
  createdAt: sentAt,
  sentAt,
  ...overrides,
});

export const aCard = (parts: Partial<Pick<CustomerCardData, 'visits' | 'interactions' | 'sentMessages'>>): CustomerCardData => ({
  contact: {
    id: 'c1',
    type: 'identified',
    name: 'Edward Ferrars',
    fields: {},
    aliasOf: null,
    createdAt: '2026-11-18T09:00:00.000Z',
    lastInteractionAt: '2026-11-22T09:00:00.000Z',
    identifiers: [],
    expiresAt: null,
  },
  fields: [],
  resolvedFrom: null,
  merges: [],
  notes: [],
  visits: [],
  interactions: [],
  sentMessages: [],
  ...parts,
});
