import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent } from '../support/events';
import { describeEachStore } from '../support/stores';
import { postEventApplied } from '../support/webhook-client';

/** ADMIN-2: the default phone region, changed by an admin while the app runs (no restart). */
describeEachStore('the default phone region as a setting', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store(), { DEFAULT_PHONE_REGION: 'US' });
  });
  afterAll(async () => {
    await app.close();
  });

  // Development mode: the API acts as the development user, who may manage settings.
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const callStarted = (interactionId: string, phone: string) =>
    postEventApplied(app, anInteractionEvent('interaction.started', { interactionId, contact: { name: 'Caller', phone } }));
  const phonesOf = async (interactionId: string) => {
    const { body } = await call('GET', `/interactions/${interactionId}`);
    return (body as { card: { contact: { identifiers: Array<{ kind: string; value: string }> } } }).card.contact.identifiers.map((i) => i.value);
  };

  it('reads a national number with the region an admin sets, from the next event on', async () => {
    expect(await call('GET', '/admin/settings')).toEqual({ status: 200, body: { defaultPhoneRegion: 'US' } }); // the environment's, until set

    expect((await callStarted('call-1', '202 555 0143')).status).toBe(202);
    expect(await phonesOf('call-1')).toEqual(['+12025550143']);
    const ukFormat = await callStarted('call-2', '020 7946 0018');
    expect(ukFormat.status).toBe(400);
    expect(await ukFormat.json()).toMatchObject({ detail: expect.stringMatching(/not a phone number \(read with default region US\)/) });

    expect(await call('PUT', '/admin/settings', { defaultPhoneRegion: 'gb' })).toEqual({ status: 200, body: { defaultPhoneRegion: 'GB' } });

    expect((await callStarted('call-3', '202 555 0143')).status).toBe(202);
    expect(await phonesOf('call-3')).toEqual(['+442025550143']); // another number, so another card
    expect((await callStarted('call-4', '020 7946 0018')).status).toBe(202);
    expect(await phonesOf('call-4')).toEqual(['+442079460018']);

    const lookup = await call('GET', `/lookup?${new URLSearchParams({ phone: '202 555 0143' })}`);
    expect(lookup.body).toMatchObject({ identifier: { kind: 'phone', value: '+442025550143' }, matches: [expect.objectContaining({ name: 'Caller' })] });
    expect((await call('POST', '/contacts', { name: 'Lucy Steele', phone: '07700 900123' })).body).toMatchObject({
      contact: { identifiers: [{ kind: 'phone', value: '+447700900123' }] },
    });

    const [entry] = (await call('GET', '/admin/audit')).body.entries as unknown[];
    expect(entry).toMatchObject({ actorName: 'Development User', setting: 'app-settings', before: { defaultPhoneRegion: 'US' }, after: { defaultPhoneRegion: 'GB' } });
  });

  it('refuses a region libphonenumber-js does not know, and unknown settings', async () => {
    const unknownRegion = await call('PUT', '/admin/settings', { defaultPhoneRegion: 'XX' });
    expect(unknownRegion).toMatchObject({ status: 400, body: { errors: [{ field: 'defaultPhoneRegion', message: expect.stringMatching(/ISO 3166-1 alpha-2/) }] } });
    expect((await call('PUT', '/admin/settings', { timeZone: 'Europe/London' })).status).toBe(400);
    expect((await call('PUT', '/admin/settings', {})).status).toBe(400);
    expect((await call('GET', '/admin/settings')).body).toEqual({ defaultPhoneRegion: 'US' });
  });
});
