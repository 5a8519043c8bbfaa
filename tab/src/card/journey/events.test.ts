import { journeyEvents } from './events';
import { journeyMarkers } from './markers';
import { aCard, anInteraction, aSentMessage, aVisit } from './test-factories';

describe('journeyEvents', () => {
  it('merges visits, interactions and sent messages, oldest first', () => {
    const card = aCard({
      visits: [aVisit('2026-11-20T10:00:00.000Z'), aVisit('2026-11-22T08:50:00.000Z')],
      interactions: [anInteraction('call', '2026-11-22T09:00:00.000Z'), anInteraction('mail', '2026-11-21T12:00:00.000Z', { channel: 'email' })], // newest first, as the card has them
      sentMessages: [aSentMessage('reply', '2026-11-21T15:00:00.000Z')],
    });
    expect(journeyEvents(card).map((e) => `${e.kind} ${e.at}`)).toEqual([
      'visit 2026-11-20T10:00:00.000Z',
      'interaction 2026-11-21T12:00:00.000Z',
      'sent 2026-11-21T15:00:00.000Z',
      'visit 2026-11-22T08:50:00.000Z',
      'interaction 2026-11-22T09:00:00.000Z',
    ]);
  });

  it('leaves out messages that are still sending or failed: they never reached the customer', () => {
    const card = aCard({
      sentMessages: [
        aSentMessage('sent', '2026-11-21T15:00:00.000Z'),
        aSentMessage('sending', '2026-11-21T16:00:00.000Z', { status: 'sending', sentAt: null }),
        aSentMessage('failed', '2026-11-21T17:00:00.000Z', { status: 'failed', sentAt: null, failure: 'mailbox full' }),
      ],
    });
    expect(journeyEvents(card).map((e) => e.kind === 'sent' && e.message.id)).toEqual(['sent']);
  });
});

describe('journeyMarkers', () => {
  const markersOf = (card: Parameters<typeof journeyEvents>[0]) =>
    journeyMarkers(journeyEvents(card)).map((m) => (m.kind === 'session' ? `session of ${m.visits.length}` : m.key));

  it('groups visits less than 30 minutes apart into one browsing session', () => {
    const card = aCard({
      visits: [
        aVisit('2026-11-20T10:00:00.000Z'),
        aVisit('2026-11-20T10:20:00.000Z'),
        aVisit('2026-11-20T10:50:00.000Z'), // 30 minutes after the previous page: same session
        aVisit('2026-11-20T11:21:00.000Z'), // 31 minutes: a new one
      ],
    });
    expect(markersOf(card)).toEqual(['session of 3', 'session of 1']);
  });

  it('ends a session at an interaction, however close the next page', () => {
    const card = aCard({
      visits: [aVisit('2026-11-20T10:00:00.000Z'), aVisit('2026-11-20T10:10:00.000Z')],
      interactions: [anInteraction('chat', '2026-11-20T10:05:00.000Z', { channel: 'chat' })],
    });
    expect(markersOf(card)).toEqual(['session of 1', 'interaction-chat', 'session of 1']);
  });

  it('keeps a busy visitor readable: 200 pages in five afternoons are five markers', () => {
    const visits = Array.from({ length: 200 }, (_, i) => aVisit(new Date(Date.UTC(2026, 10, 10 + Math.floor(i / 40), 14, i % 40)).toISOString()));
    expect(markersOf(aCard({ visits }))).toEqual(Array(5).fill('session of 40'));
  });
});
