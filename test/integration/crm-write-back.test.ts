import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent } from '../support/events';
import { describeEachStore } from '../support/stores';
import { eventually, waitUntil } from '../support/wait';
import { postEventApplied } from '../support/webhook-client';

const ELINOR = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' };
const BRANDON = { id: 'colonel.brandon@classics.example', name: 'Colonel Brandon' };

interface StoredActivity {
  agent: { id: string; name: string; email: string | null } | null;
  agents: Array<{ name: string }>;
  channel: string;
  subject: string;
  durationSeconds: number | null;
  endedAt: string | null;
  transcriptExcerpt: string | null;
  records: Array<{ type: string; id: string; source: string }>;
  plan: { placed: Array<{ type: string; id: string; as: string }>; dropped: Array<{ type: string; id: string; reason: string }> };
}

type RecordView = { state: string; error: string | null; plan: StoredActivity['plan'] | null; agents: Array<{ name: string }> };
type CrmView = { links: Array<{ id: string; writeBack: { state: string; error: string | null; as: string | null } }>; record: RecordView };

describeEachStore('CRM link and write-back (built-in CRM)', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(response.ok).toBe(true);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const send = async (type: string, interactionId: string, channel: string, extra: Record<string, unknown> = {}, occurredAt = new Date(), agent = ELINOR) =>
    expect((await postEventApplied(app, { ...anInteractionEvent(type, { interactionId, channel, agent, occurredAt, contact: { name: 'Edward Ferrars', phone: '8035550142' } }), ...extra })).status).toBe(202);

  async function seedRecords(): Promise<{ contact: string; account: string }> {
    const [account] = await store().query<{ id: string }>(`INSERT INTO crm_records (type, name) VALUES ('account', 'Norland Park') RETURNING id`);
    const [contact] = await store().query<{ id: string }>(
      `INSERT INTO crm_records (type, name, phones, parent_id) VALUES ('contact', 'Edward Ferrars', '{+18035550142}', $1) RETURNING id`,
      [account!.id],
    );
    return { contact: contact!.id, account: account!.id };
  }

  async function activities(): Promise<StoredActivity[]> {
    const rows = await store().query<{ activity: StoredActivity }>('SELECT activity FROM crm_activities ORDER BY created_at');
    return rows.map((r) => r.activity);
  }

  /** Waits until the interaction's events are applied (the webhook answers once they are stored). */
  const applied = (interactionId: string, state: string) =>
    eventually(() => store().query<{ state: string }>('SELECT state FROM interactions WHERE id = $1', [interactionId]), (rows) => rows[0]?.state === state);
  /** The record's outbox item, once nothing is pending: written (done) or given up (dead). */
  const settled = (interactionId: string, generation: number) =>
    eventually(
      () => store().query<{ generation: number; done: boolean }>(`SELECT generation, done_at IS NOT NULL AS done FROM outbox WHERE key = $1`, [`crm.interaction:${interactionId}`]),
      (rows) => rows[0]?.generation === generation && rows[0].done,
    );

  it('a call writes one record relating its linked records, after after-call work, and nothing for an unlinked one', async () => {
    const { contact, account } = await seedRecords();
    const start = new Date(Date.now() - 300_000);
    await send('interaction.started', 'call-1', 'voice', {}, start);

    const crm = await api<{ records: Array<{ id: string; type: string }> }>('GET', '/interactions/call-1/crm');
    expect(crm.records.map((r) => r.id)).toEqual([contact]); // found by the phone number

    await api('PUT', '/interactions/call-1/crm/links', { type: 'contact', id: contact });
    await api('PUT', '/interactions/call-1/crm/links', { type: 'account', id: account });
    const [caseRecord] = await store().query<{ id: string }>(`INSERT INTO crm_records (type, name) VALUES ('case', 'Broken kettle') RETURNING id`);
    await api('PUT', '/interactions/call-1/crm/links', { type: 'case', id: caseRecord!.id });
    await api('DELETE', `/interactions/call-1/crm/links/account/${account}`);

    await send('interaction.ended', 'call-1', 'voice', {}, new Date(start.getTime() + 125_000));
    await applied('call-1', 'after_call_work');
    expect(await store().query(`SELECT key FROM outbox`)).toEqual([]); // after-call work is not complete yet

    await send('interaction.acw_completed', 'call-1', 'voice', {}, new Date(start.getTime() + 180_000));
    await settled('call-1', 0);
    const written = await activities();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      channel: 'voice', subject: 'Call from Edward Ferrars', durationSeconds: 125,
      agent: { name: 'Elinor Dashwood', email: 'elinor.dashwood@classics.example' },
      records: [{ type: 'contact', id: contact, source: 'link' }, { type: 'case', id: caseRecord!.id, source: 'link' }],
      plan: { placed: [{ type: 'contact', id: contact, as: 'Name' }, { type: 'case', id: caseRecord!.id, as: 'Related To' }], dropped: [] },
    });

    const view = await api<CrmView>('GET', '/interactions/call-1/crm');
    expect(view.links.map((l) => [l.id, l.writeBack])).toEqual([
      [contact, { state: 'written', error: null, as: 'Name' }],
      [caseRecord!.id, { state: 'written', error: null, as: 'Related To' }],
    ]);
    expect(view.record).toMatchObject({ state: 'written', error: null, agents: [{ name: 'Elinor Dashwood' }] });
  });

  it('a transferred chat is written by the agent who handled it, and its one record is brought up to date at the end', async () => {
    const { contact, account } = await seedRecords();
    await send('interaction.started', 'chat-1', 'chat');
    await send('interaction.message', 'chat-1', 'chat', { message: { id: 'm1', direction: 'inbound', text: 'Where is my order?' } });
    await api('PUT', '/interactions/chat-1/crm/links', { type: 'contact', id: contact });
    await send('interaction.transferred', 'chat-1', 'chat', { toAgent: BRANDON });
    await settled('chat-1', 0);
    let [record] = await activities();
    expect(record).toMatchObject({ agent: { name: 'Elinor Dashwood' }, agents: [{ name: 'Elinor Dashwood' }], endedAt: null, transcriptExcerpt: 'Customer: Where is my order?' });

    // Colonel Brandon links the account after the transfer, then ends the chat: the same record grows.
    await api('PUT', '/interactions/chat-1/crm/links', { type: 'account', id: account });
    await settled('chat-1', 1);
    await send('interaction.ended', 'chat-1', 'chat', {}, new Date(), BRANDON);
    await settled('chat-1', 2);
    const all = await activities();
    expect(all).toHaveLength(1);
    [record] = all;
    expect(record).toMatchObject({
      agent: { name: 'Elinor Dashwood' },
      agents: [{ name: 'Elinor Dashwood' }, { name: 'Colonel Brandon' }],
      endedAt: expect.any(String),
      records: [{ type: 'contact', id: contact }, { type: 'account', id: account }],
    });
  });

  it('a default relation the CRM forbids is left out with its reason, never at the cost of the record', async () => {
    const insert = async (type: string, name: string) =>
      (await store().query<{ id: string }>(`INSERT INTO crm_records (type, name) VALUES ($1, $2) RETURNING id`, [type, name]))[0]!.id;
    const lead = await insert('lead', 'Lucy Steele');
    const campaign = await insert('campaign', 'Spring sale');
    await send('interaction.started', 'chat-2', 'chat');
    await api('PUT', '/interactions/chat-2/crm/links', { type: 'lead', id: lead });
    await api('POST', '/interactions/chat-2/crm/opened', { type: 'campaign', id: campaign }); // opened last: the default Related To

    const reason = /Related To cannot be used while Name holds a lead/;
    const before = await api<CrmView>('GET', '/interactions/chat-2/crm');
    expect(before.record).toMatchObject({ state: 'waiting', plan: { placed: [{ id: lead, as: 'Name' }], dropped: [{ id: campaign, reason: expect.stringMatching(reason) }] } });

    await send('interaction.ended', 'chat-2', 'chat');
    await settled('chat-2', 0);
    const [record] = await activities();
    expect(record!.plan).toEqual({ placed: [{ type: 'lead', id: lead, as: 'Name' }], dropped: [{ type: 'campaign', id: campaign, reason: expect.stringMatching(reason) }] });
    const after = await api<CrmView>('GET', '/interactions/chat-2/crm');
    expect(after.record).toMatchObject({ state: 'written', plan: record!.plan });
  });

  it('answers linking an unknown record with 404 problem details', async () => {
    await send('interaction.started', 'call-2', 'voice');
    const response = await fetch(`${app.baseUrl}/api/interactions/call-2/crm/links`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'contact', id: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describeEachStore('CRM feature switches', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  it('a switched-off feature is refused by the API with problem details, and reported to the tab', async () => {
    await postEventApplied(app, anInteractionEvent('interaction.started', { interactionId: 'sw-1', channel: 'voice' }));
    const [record] = await store().query<{ id: string }>(`INSERT INTO crm_records (type, name) VALUES ('contact', 'Edward Ferrars') RETURNING id`);
    const put = (path: string, body: unknown) => fetch(`${app.baseUrl}/api${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await put('/admin/features', { 'crm.link': false })).status).toBe(200);
    const me = (await (await fetch(`${app.baseUrl}/api/me`)).json()) as { features: Record<string, boolean> };
    expect(me.features).toMatchObject({ 'crm.link': false, 'crm.create': true });
    const refused = await put('/interactions/sw-1/crm/links', { type: 'contact', id: record!.id });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/crm.link feature is switched off/);

    expect((await put('/admin/features', { 'crm.link': true })).status).toBe(200);
    expect((await put('/interactions/sw-1/crm/links', { type: 'contact', id: record!.id })).status).toBe(200);
    expect((await put('/admin/features', { 'crm.unknown': true })).status).toBe(400);
  });
});

describeEachStore('creating a CRM record from the card (CRM-6)', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  const post = (path: string, body: unknown) => fetch(`${app.baseUrl}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('creates the record in the CRM and links it, so it appears on the card with its link', async () => {
    await postEventApplied(app, anInteractionEvent('interaction.started', { interactionId: 'create-1', channel: 'voice' }));
    const created = await post('/interactions/create-1/crm/records', { type: 'lead', fields: { firstName: 'Lucy', lastName: 'Steele', email: 'Lucy@Steele.example', phone: '+447700900123', company: '' } });
    expect(created.status).toBe(201);
    const { record, links } = (await created.json()) as { record: { id: string; name: string; url: string }; links: Array<{ id: string }> };
    expect(record).toMatchObject({ name: 'Lucy Steele', url: expect.stringContaining(record.id) });
    expect(links.map((l) => l.id)).toEqual([record.id]);
    const [row] = await store().query<{ type: string; emails: string[] }>('SELECT type, emails FROM crm_records WHERE id = $1', [record.id]);
    expect(row).toEqual({ type: 'lead', emails: ['lucy@steele.example'] });
  });

  it('refuses an unknown type and an unknown field with problem details', async () => {
    await postEventApplied(app, anInteractionEvent('interaction.started', { interactionId: 'create-2', channel: 'voice' }));
    for (const body of [{ type: 'planet', fields: {} }, { type: 'case', fields: { colour: 'red' } }]) {
      const response = await post('/interactions/create-2/crm/records', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});

describeEachStore('relates-to (CRM-4)', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  const call = async (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  type Crm = { relatedTo: Array<{ slot: string; type: string; id: string; byDefault: boolean }>; active: Array<{ id: string }> };

  it('defaults to the record opened last, lists only records active during the interaction, fills Name and Related To, and writes them with the activity', async () => {
    const start = new Date(Date.now() - 60_000);
    await postEventApplied(app, anInteractionEvent('interaction.started', { interactionId: 'rel-1', channel: 'chat', occurredAt: start, contact: { phone: '8035550142' } }));
    const insert = async (type: string, name: string) =>
      (await store().query<{ id: string }>(`INSERT INTO crm_records (type, name, phones) VALUES ($1, $2, '{+18035550142}') RETURNING id`, [type, name]))[0]!.id;
    const contact = await insert('contact', 'Edward Ferrars');
    const lead = await insert('lead', 'Lucy Steele');
    const opportunity = await insert('opportunity', 'Complete works of Cowper');
    const unseen = await insert('case', 'Never opened');

    expect((await call('POST', '/interactions/rel-1/crm/opened', { type: 'opportunity', id: opportunity })).status).toBe(204);
    let crm = (await (await call('GET', '/interactions/rel-1/crm')).json()) as Crm;
    expect(crm.relatedTo).toEqual([expect.objectContaining({ id: opportunity, slot: 'what', byDefault: true })]);

    const refused = await call('PUT', '/interactions/rel-1/crm/relates-to', { type: 'case', id: unseen });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/opened or linked during this interaction/);

    await call('PUT', '/interactions/rel-1/crm/links', { type: 'contact', id: contact });
    await call('POST', '/interactions/rel-1/crm/opened', { type: 'lead', id: lead });
    expect((await call('PUT', '/interactions/rel-1/crm/relates-to', { type: 'opportunity', id: opportunity })).status).toBe(200);
    const leadWithWhat = await call('PUT', '/interactions/rel-1/crm/relates-to', { type: 'lead', id: lead });
    expect(leadWithWhat.status).toBe(409);
    expect(((await leadWithWhat.json()) as { detail: string }).detail).toMatch(/Related To cannot be used while Name holds a lead/);
    expect((await call('PUT', '/interactions/rel-1/crm/relates-to', { type: 'contact', id: contact })).status).toBe(200);
    crm = (await (await call('GET', '/interactions/rel-1/crm')).json()) as Crm;
    expect(crm.relatedTo.map((r) => [r.slot, r.id])).toEqual([['what', opportunity], ['who', contact]]);

    await call('PUT', '/interactions/rel-1/crm/links', { type: 'opportunity', id: opportunity });
    await postEventApplied(app, anInteractionEvent('interaction.ended', { interactionId: 'rel-1', channel: 'chat' }));
    // The record is written (its outbox item done), then there is exactly one, relating both.
    await waitUntil(async () => (await store().query(`SELECT 1 FROM outbox WHERE key = 'crm.interaction:rel-1' AND done_at IS NOT NULL`)).length === 1);
    const rows = await store().query<{ activity: { records: Array<{ id: string; source: string; slot?: string }> } }>('SELECT activity FROM crm_activities');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.activity.records).toEqual([
      { type: 'contact', id: contact, source: 'relation', slot: 'who' },
      { type: 'opportunity', id: opportunity, source: 'relation', slot: 'what' },
    ]);
  });
});
