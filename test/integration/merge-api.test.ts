import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

describeEachStore('merge over the API', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  async function twoCards(): Promise<[string, string]> {
    await ingest(
      store(),
      anInteractionEvent('interaction.started', { interactionId: 'mail', channel: 'email', contact: { name: 'Ed Ferrars', email: 'ed@norland.example' } }),
      anInteractionEvent('interaction.started', { interactionId: 'call', channel: 'voice', contact: { name: 'Edward Ferrars', phone: '8035550142' } }),
    );
    return [(await contactOf(store(), 'call'))!, (await contactOf(store(), 'mail'))!];
  }

  it('suggests, previews and merges; the merged card answers as the survivor', async () => {
    const [survivor, merged] = await twoCards();
    const suggestions = (await (await call('GET', `/contacts/${survivor}/duplicates`)).json()) as { duplicates: Array<{ contact: { id: string } }> };
    expect(suggestions.duplicates.map((d) => d.contact.id)).toEqual([merged]);

    const preview = await call('GET', `/contacts/${survivor}/merge?contactId=${merged}`);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ interactions: { survivor: 1, merged: 1 }, plan: { survivorId: survivor, mergedId: merged } });

    const done = await call('POST', `/contacts/${survivor}/merge`, { contactId: merged });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ card: { contact: { id: survivor, type: 'canonical' }, merges: [{ mergedId: merged }] } });
    expect(await (await call('GET', `/contacts/${merged}`)).json()).toMatchObject({ contact: { id: survivor }, resolvedFrom: merged });
  });

  it('keeps the value the agent chose for each field the cards disagree on, and the history names the merged card', async () => {
    const [survivor, merged] = await twoCards();
    const preview = (await (await call('GET', `/contacts/${survivor}/merge?contactId=${merged}&keep.name=merged`)).json()) as { plan: { decisions: unknown[] } };
    expect(preview.plan.decisions).toEqual([{ field: 'name', kept: 'Ed Ferrars', from: 'merged', setAside: 'Edward Ferrars' }]);

    const done = await call('POST', `/contacts/${survivor}/merge`, { contactId: merged, keep: { name: 'merged' } });
    expect(done.status).toBe(200);
    const card = (await done.json()) as { card: { contact: { name: string }; merges: Array<{ mergedName: string; decisions: unknown[] }> } };
    expect(card.card.contact.name).toBe('Ed Ferrars');
    expect(card.card.merges).toMatchObject([{ mergedName: 'Ed Ferrars', decisions: [{ field: 'name', kept: 'Ed Ferrars', from: 'merged', setAside: 'Edward Ferrars' }] }]);
  });

  it('the agent picks which card survives by the URL; a card merged meanwhile is refused naming the card to open instead', async () => {
    const [call1, mail] = await twoCards();
    expect((await call('POST', `/contacts/${mail}/merge`, { contactId: call1 })).status).toBe(200);
    const stale = await call('POST', `/contacts/${call1}/merge`, { contactId: mail });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ status: 409, mergedInto: mail });
  });

  it('undoes a merge from either card it concerns, never through another card’s URL', async () => {
    const [survivor, merged] = await twoCards();
    const done = (await (await call('POST', `/contacts/${survivor}/merge`, { contactId: merged })).json()) as { card: { merges: Array<{ id: string }> } };
    const mergeId = done.card.merges[0]!.id;
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'other', channel: 'sms', contact: { name: 'Lucy Steele', phone: '8035550100' } }));
    const stranger = (await contactOf(store(), 'other'))!;

    for (const method of ['GET', 'POST']) {
      const refused = await call(method, `/contacts/${stranger}/merges/${mergeId}/undo`);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ status: 404, detail: `card ${stranger} has no merge ${mergeId}` });
      expect((await call(method, `/contacts/not-a-card/merges/${mergeId}/undo`)).status).toBe(404);
    }
    expect(await (await call('GET', `/contacts/${merged}`)).json()).toMatchObject({ contact: { id: survivor } }); // still merged

    expect((await call('GET', `/contacts/${merged}/merges/${mergeId}/undo`)).status).toBe(200);
    const undone = await call('POST', `/contacts/${survivor}/merges/${mergeId}/undo`);
    expect(undone.status).toBe(200);
    expect(await (await call('GET', `/contacts/${merged}`)).json()).toMatchObject({ contact: { id: merged } });
  });

  it('undoes a merge of several cards from any card the action merged', async () => {
    const [survivor, merged] = await twoCards();
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'text', channel: 'sms', contact: { name: 'Edward Ferrars', phone: '8035550143' } }));
    const third = (await contactOf(store(), 'text'))!;
    const done = await call('POST', `/contacts/${survivor}/merges`, { contactIds: [merged, third] });
    expect(done.status).toBe(200);
    const { card } = (await done.json()) as { card: { merges: Array<{ id: string; mergedId: string }> } };
    const mergeOfMerged = card.merges.find((m) => m.mergedId === merged)!.id;

    expect((await call('GET', `/contacts/${third}/merges/${mergeOfMerged}/undo`)).status).toBe(200);
    expect((await call('POST', `/contacts/${third}/merges/${mergeOfMerged}/undo`)).status).toBe(200);
    expect(await (await call('GET', `/contacts/${third}`)).json()).toMatchObject({ contact: { id: third } });
    expect(await (await call('GET', `/contacts/${merged}`)).json()).toMatchObject({ contact: { id: merged } });
  });

  it('answers refusals and bad input with problem details', async () => {
    const [survivor, merged] = await twoCards();
    const cases: Array<[Response, number, RegExp]> = [
      [await call('POST', `/contacts/${survivor}/merge`, { contactId: 'not-a-uuid' }), 400, /contactId/],
      [await call('POST', `/contacts/${survivor}/merge`, {}), 400, /contactId/],
      [await call('POST', `/contacts/${survivor}/merge`, { contactId: merged, keep: { name: 'theirs' } }), 400, /keep/],
      [await call('POST', `/contacts/${survivor}/merge`, { contactId: merged, keep: { phone: 'merged' } }), 400, /name or fields/],
      [await call('GET', `/contacts/${survivor}/merge?contactId=${merged}&keep.name=both`), 400, /keep|name/],
      [await call('POST', `/contacts/${survivor}/merge`, { contactId: survivor }), 400, /into itself/],
      [await call('GET', `/contacts/${survivor}/merge`), 400, /contactId/],
      [await call('POST', `/contacts/${survivor}/merge`, { contactId: '00000000-0000-4000-8000-000000000000' }), 404, /does not exist/],
    ];
    await call('POST', `/contacts/${survivor}/merge`, { contactId: merged });
    cases.push([await call('POST', `/contacts/${merged}/merge`, { contactId: survivor }), 409, /merged into/]);
    for (const [response, status, detail] of cases) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    }
  });
});
