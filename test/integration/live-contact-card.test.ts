import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { openEventStream, type StreamEvent } from '../support/card-stream';
import { describeEachStore } from '../support/stores';

interface StreamedCard {
  contact: { id: string; name: string | null };
  resolvedFrom: string | null;
  interactions: Array<{ id: string }>;
}
const card = (e: StreamEvent) => (e.event === 'card' ? (e.data as StreamedCard) : null);

describeEachStore('a contact card opened from a search stays current', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  async function cardOf(interactionId: string, contact: { name: string; email?: string; phone?: string }): Promise<string> {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId, channel: contact.email ? 'email' : 'voice', contact }));
    return (await contactOf(store(), interactionId))!;
  }

  it('follows edits, then a merge into another card (which it then follows), then that card being deleted', async () => {
    const ed = await cardOf('lc-mail', { name: 'Ed Ferrars', email: 'ed.live@norland.example' });
    const edward = await cardOf('lc-call', { name: 'Edward Ferrars', phone: '8035550199' });
    const stream = await openEventStream(`${app.baseUrl}/api/contacts/${ed}/live`);
    try {
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await stream.until((e) => card(e)?.contact.name === 'Ed Ferrars');

      expect((await call('PUT', `/contacts/${ed}`, { name: 'Ed F. Ferrars' })).status).toBe(200);
      await stream.until((e) => card(e)?.contact.name === 'Ed F. Ferrars');

      expect((await call('POST', `/contacts/${edward}/merge`, { contactId: ed })).status).toBe(200);
      await stream.until((e) => card(e)?.contact.id === edward && card(e)?.resolvedFrom === ed);

      // Now the stream follows the survivor: its edits reach the card opened as "Ed".
      expect((await call('PUT', `/contacts/${edward}`, { name: 'Edward R. Ferrars' })).status).toBe(200);
      await stream.until((e) => card(e)?.contact.name === 'Edward R. Ferrars');

      expect((await call('DELETE', `/contacts/${edward}`)).status).toBe(204);
      await stream.until((e) => e.event === 'deleted');
    } finally {
      await stream.close();
    }
  });

  it('follows an interaction re-attached to it and away from it', async () => {
    const marianne = await cardOf('lc-m', { name: 'Marianne Dashwood', email: 'marianne.live@barton.example' });
    const elinor = await cardOf('lc-e', { name: 'Elinor Dashwood', email: 'elinor.live@barton.example' });
    const stream = await openEventStream(`${app.baseUrl}/api/contacts/${marianne}/live`);
    const interactions = (e: StreamEvent) => card(e)?.interactions.map((i) => i.id).join();
    try {
      await stream.until((e) => interactions(e) === 'lc-m');
      expect((await call('PUT', '/interactions/lc-e/contact', { contactId: marianne })).status).toBe(200);
      await stream.until((e) => interactions(e) === 'lc-e,lc-m' || interactions(e) === 'lc-m,lc-e');
      const before = stream.events.length;
      expect((await call('PUT', '/interactions/lc-e/contact', { contactId: elinor })).status).toBe(200);
      await stream.until((e) => stream.events.indexOf(e) >= before && interactions(e) === 'lc-m');
    } finally {
      await stream.close();
    }
  });

  it('answers a card that does not exist with a 404 problem before any stream opens', async () => {
    const response = await call('GET', '/contacts/00000000-0000-4000-8000-000000000000/live');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
