import { expectProblem } from '../support/api';
import { openEventStream } from '../support/card-stream';
import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

interface Card {
  contact: { id: string };
  duplicateHints: Array<{ contact: { id: string; name: string }; reason: unknown }>;
}

describeEachStore('possible duplicates over the API (MERGE-8)', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const card = async (response: Response | Promise<Response>) => (await (await response).json()) as Card;

  it('a card an agent creates shows the card with the same name and another number; dismissing it is remembered on both', async () => {
    const first = await card(call('POST', '/contacts', { name: 'Edward Ferrars', phone: '+1 803-555-0142' }));
    const created = await call('POST', '/contacts', { name: 'Edward Ferrars', phone: '+1 803-555-0199' });
    expect(created.status).toBe(201);
    const second = await card(created);
    expect(second.duplicateHints).toEqual([
      { contact: expect.objectContaining({ id: first.contact.id, name: 'Edward Ferrars' }), reason: { kind: 'sameName', differing: 'phone' } },
    ]);

    // Both are new, so the first card hints at the second too; open live, it drops the hint when it is dismissed from the other.
    const live = await openEventStream(`${app.baseUrl}/api/contacts/${first.contact.id}/live`);
    try {
      const hinted = (data: unknown) => (data as Card).duplicateHints.map((h) => h.contact.id);
      await live.until((e) => e.event === 'card' && hinted(e.data).includes(second.contact.id));
      const dismissed = await call('POST', `/contacts/${second.contact.id}/duplicate-hints/${first.contact.id}/dismiss`);
      expect(dismissed.status).toBe(200);
      expect((await card(dismissed)).duplicateHints).toEqual([]);
      await live.until((e) => e.event === 'card' && hinted(e.data).length === 0);
    } finally {
      await live.close();
    }
    expect((await card(call('GET', `/contacts/${second.contact.id}`))).duplicateHints).toEqual([]);
    expect((await card(call('GET', `/contacts/${first.contact.id}`))).duplicateHints).toEqual([]);
  });

  it('a card an interaction creates shows a close name at the same company', async () => {
    const known = await card(call('POST', '/contacts', { name: 'Edward Ferrars', email: 'edward@norland.example' }));
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'mail', channel: 'email', contact: { name: 'Ed Ferrars', email: 'ed@norland.example' } }));
    const created = (await contactOf(store(), 'mail'))!;
    expect((await card(call('GET', `/contacts/${created}`))).duplicateHints).toEqual([
      { contact: expect.objectContaining({ id: known.contact.id }), reason: { kind: 'similarName', domain: 'norland.example' } },
    ]);
  });

  it('answers bad ids with problem details', async () => {
    const one = await card(call('POST', '/contacts', { name: 'Edward Ferrars' }));
    const id = one.contact.id;
    expect((await expectProblem(await call('POST', `/contacts/${id}/duplicate-hints/not-a-card/dismiss`), 400)).errors).toEqual([expect.objectContaining({ field: 'otherId' })]);
    await expectProblem(await call('POST', `/contacts/${id}/duplicate-hints/00000000-0000-4000-8000-000000000000/dismiss`), 404);
    await expectProblem(await call('POST', `/contacts/${id}/duplicate-hints/${id}/dismiss`), 400);
  });
});
