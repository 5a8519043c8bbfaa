import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

const PHONE = { kind: 'phone', value: '+18035550142', display: '+1 803 555 0142' };

/**
 * Issue #16: every identifier the API returns says how it reads (`display`, a phone number in
 * international format) beside its E.164 value, which stays what is stored, matched and written.
 */
describeEachStore('identifiers as the API returns them (issue #16)', (store) => {
  let app: RunningApp;
  let contactId: string;
  beforeAll(async () => {
    app = await startApp(store());
  });
  beforeEach(async () => { // the store is emptied before each test
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-display', channel: 'voice', contact: { name: 'Edward Ferrars', phone: '(803) 555-0142', email: 'Edward@Norland.example' } }));
    const [row] = await store().query<{ contact_id: string }>("SELECT contact_id FROM interactions WHERE id = 'call-display'");
    contactId = row!.contact_id;
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const response = await fetch(`${app.baseUrl}${path}`);
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('gives a card\'s identifiers their display beside the E.164 value', async () => {
    const card = await get(`/api/contacts/${contactId}`);
    expect(card.contact.identifiers).toEqual(expect.arrayContaining([PHONE, { kind: 'email', value: 'edward@norland.example', display: 'edward@norland.example' }]));
  });

  it('does so in an interaction\'s card and its matched identifier, in search results and in a lookup', async () => {
    const { interaction, card } = await get('/api/interactions/call-display');
    expect(interaction.matched).toEqual(PHONE);
    expect(card.contact.identifiers).toContainEqual(PHONE);
    const { contacts } = await get(`/api/contacts?q=${encodeURIComponent('803 555 0142')}`);
    expect(contacts.map((c: { identifiers: unknown[] }) => c.identifiers)).toEqual([expect.arrayContaining([PHONE])]);
    const lookup = await get(`/api/lookup?phone=${encodeURIComponent('+1 803-555-0142')}`);
    expect(lookup.identifier).toEqual(PHONE);
    expect(lookup.matches[0].identifiers).toContainEqual(PHONE);
  });

  it('stores the number in E.164 only', async () => {
    expect(await store().query("SELECT value FROM contact_identifiers WHERE kind = 'phone'")).toEqual([{ value: '+18035550142' }]);
  });
});
