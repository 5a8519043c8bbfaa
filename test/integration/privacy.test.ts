import { randomUUID } from 'node:crypto';
import { callApi, expectProblem } from '../support/api';
import { startApp, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { anInteractionEvent, contactOf, type EventPayload } from '../support/events';
import { describeEachStore } from '../support/stores';
import { postEventApplied } from '../support/webhook-client';

/** What identifies or quotes Lucy: after erasure no row of ours may hold any of it. */
const LUCY = {
  name: 'Lucy Steele',
  otherName: 'Lucy S.',
  rawPhone: '+1 803-555-0177',
  phone: '+18035550177',
  email: 'lucy@steele.example',
  cookie: 'ck-lucy-7f3a',
  tier: 'Gold-Steele-Tier',
  message: 'my account number is 4242-STEELE',
  subject: 'About the Steele order',
  note: 'Lucy prefers calls in the morning',
  page: 'https://shop.example/steele-wedding',
  pageTitle: 'Wedding list of the Steeles',
  sent: 'Your order ships tomorrow, Lucy',
  crmRecord: 'Steele household',
};

/** Tables whose rows are the CRM's (the built-in CRM stands in for an external one): not ours to erase. */
const CRM_TABLES = ['crm_records', 'crm_activities'];

describeEachStore('privacy on demand (ADMIN-4): export and erase a card and its aliases', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    entra = await startEntra();
    app = await startApp(store(), entra.env);
    admin = await entra.token({ oid: 'admin-oid', name: 'Marianne Dashwood', roles: ['Admin'] });
    agent = await entra.token({ oid: 'agent-oid', name: 'Elinor Dashwood', roles: ['Agent'] });
  });
  afterAll(async () => {
    await app.close();
    await entra.close();
  });

  const call = (token: string, method: string, path: string, body?: unknown) => callApi(app.baseUrl, token, method, path, body);
  const post = async (event: EventPayload) => expect((await postEventApplied(app, event)).status).toBe(202);

  /** Lucy's card: a call and an e-mail that made two cards, merged; a message each, a visit, a note, a sent message, a CRM link. */
  async function lucysCard(): Promise<{ survivor: string; alias: string; events: EventPayload[] }> {
    await store().query(
      `INSERT INTO custom_fields (ident, labels, type, visible_in_panel, editable, visible_on_card, position)
       VALUES ('tier', '{"en": "Loyalty tier"}', 'text', true, true, true, 0)`,
    );
    const events = [
      anInteractionEvent('interaction.started', { interactionId: 'lucy-call', channel: 'voice', contact: { name: LUCY.name, phone: LUCY.rawPhone, fields: { tier: LUCY.tier } } }),
      anInteractionEvent('interaction.message', { interactionId: 'lucy-call', channel: 'voice', contact: { phone: LUCY.rawPhone }, extra: { message: { id: 'm-1', text: LUCY.message } } }),
      anInteractionEvent('interaction.started', { interactionId: 'lucy-mail', channel: 'email', contact: { name: LUCY.otherName, email: LUCY.email } }),
      anInteractionEvent('interaction.message', { interactionId: 'lucy-mail', channel: 'email', contact: { email: LUCY.email }, extra: { message: { id: 'm-2', subject: LUCY.subject, text: LUCY.message } } }),
      {
        id: `evt_${randomUUID()}`, type: 'web.visit', occurredAt: new Date().toISOString(),
        contact: { cookie: LUCY.cookie, email: LUCY.email }, visit: { url: LUCY.page, title: LUCY.pageTitle },
      },
    ];
    for (const event of events) await post(event);
    const survivor = (await contactOf(store(), 'lucy-call'))!;
    const alias = (await contactOf(store(), 'lucy-mail'))!;
    expect((await call(admin, 'POST', `/contacts/${survivor}/merge`, { contactId: alias })).status).toBe(200);
    expect((await call(admin, 'POST', `/contacts/${alias}/notes`, { text: LUCY.note })).status).toBe(201);
    await store().query(
      `INSERT INTO sent_messages (id, contact_id, interaction_id, channel, recipient, body, sender_id, sender_name, status)
       VALUES ($1, $2, 'lucy-mail', 'email', $3, $4, 'agent-oid', 'Elinor Dashwood', 'sent')`,
      [randomUUID(), survivor, LUCY.email, LUCY.sent],
    );
    await store().query(
      `INSERT INTO crm_links (interaction_id, record_type, record_id, record_name, record_url, linked_by)
       VALUES ('lucy-call', 'Contact', '003STEELE', $1, 'https://crm.example/003STEELE', 'agent-oid')`,
      [LUCY.crmRecord],
    );
    return { survivor, alias, events };
  }

  /** Every stored row, as text, that holds any of Lucy's data: table and row. */
  async function rowsHoldingLucy(): Promise<string[]> {
    const tables = (await store().query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    )).map((t) => t.tablename).filter((t) => !CRM_TABLES.includes(t));
    const found: string[] = [];
    const secrets = [LUCY.name, LUCY.otherName, '555-0177', LUCY.phone, LUCY.email, LUCY.cookie, LUCY.tier, LUCY.message, LUCY.subject, LUCY.note, LUCY.page, LUCY.pageTitle, LUCY.sent, LUCY.crmRecord, 'STEELE'];
    for (const table of tables) {
      for (const { row } of await store().query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`)) {
        if (secrets.some((s) => row.toLowerCase().includes(s.toLowerCase()))) found.push(`${table}: ${row}`);
      }
    }
    return found;
  }

  it('exports every part of the card, whichever of its ids is asked, as a documented JSON download', async () => {
    const { survivor, alias } = await lucysCard();
    const anne = ((await (await call(admin, 'POST', '/contacts', { name: 'Anne Steele' })).json()) as { contact: { id: string } }).contact.id;
    expect((await call(admin, 'POST', `/contacts/${anne}/duplicate-hints/${alias}/dismiss`)).status).toBe(200);
    const response = await call(admin, 'GET', `/admin/privacy/contacts/${alias}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="?contact-${survivor}\\.json"?$`));
    const exported = await response.json();
    expect(exported).toMatchObject({
      format: 'customer-card/contact-export',
      version: 1,
      contactId: survivor,
      contacts: [
        { id: survivor, name: LUCY.name, aliasOf: null, fields: [{ ident: 'tier', label: 'Loyalty tier', value: LUCY.tier }] },
        { id: alias, name: LUCY.otherName, aliasOf: survivor },
      ],
      notes: [{ body: LUCY.note, author: { id: 'admin-oid', name: 'Marianne Dashwood' } }],
      journey: [{ contactId: alias, url: LUCY.page, title: LUCY.pageTitle }],
      sentMessages: [{ recipient: LUCY.email, body: LUCY.sent, interactionId: 'lucy-mail' }],
      merges: [{ survivorId: survivor, mergedId: alias, actor: { name: 'Marianne Dashwood' }, decisions: [{ field: 'name', kept: LUCY.name, setAside: LUCY.otherName }, { field: 'fields.tier', kept: LUCY.tier }], undone: null }],
      notDuplicates: [{ contactId: survivor, otherContactId: anne, dismissedBy: { id: 'admin-oid', name: 'Marianne Dashwood' }, dismissedAt: expect.any(String) }],
      crm: { note: expect.stringMatching(/held by the CRM/), records: [{ interactionId: 'lucy-call', relation: 'linked', type: 'Contact', id: '003STEELE', name: LUCY.crmRecord, url: 'https://crm.example/003STEELE' }] },
    });
    expect(exported.identifiers.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`).sort())
      .toEqual([`cookie:${LUCY.cookie}`, `email:${LUCY.email}`, `phone:${LUCY.phone}`]);
    const interactions = exported.interactions as Array<{ id: string; channel: string; providedContact: unknown; matched: unknown; messages: unknown[] }>;
    expect(interactions.map((i) => [i.id, i.channel, i.messages])).toEqual(expect.arrayContaining([
      ['lucy-call', 'voice', [expect.objectContaining({ id: 'm-1', body: LUCY.message })]],
      ['lucy-mail', 'email', [expect.objectContaining({ id: 'm-2', subject: LUCY.subject, body: LUCY.message })]],
    ]));
    expect(interactions.find((i) => i.id === 'lucy-call')).toMatchObject({ providedContact: { name: LUCY.name, phone: LUCY.rawPhone }, matched: { kind: 'phone', value: LUCY.phone } });

    const requests = (await (await call(admin, 'GET', '/admin/privacy/requests')).json()) as { requests: unknown[] };
    expect(requests.requests).toEqual([expect.objectContaining({ kind: 'export', contactId: survivor, actorName: 'Marianne Dashwood', counts: expect.objectContaining({ contacts: 2, interactions: 2, messages: 2 }) })]);
  });

  it('erases the card and its aliases, keeps the interactions anonymised, and leaves no trace of the contact in any table', async () => {
    const { survivor, alias, events } = await lucysCard();
    expect((await rowsHoldingLucy()).length).toBeGreaterThan(0);

    const erased = await call(admin, 'POST', `/admin/privacy/contacts/${alias}/erase`, { confirm: alias });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({
      erased: expect.objectContaining({ contacts: 2, identifiers: 3, notes: 1, journey: 1, sentMessages: 1, messages: 2, interactionsAnonymised: 2, merges: 1, crmLinks: 1 }),
    });

    expect(await rowsHoldingLucy()).toEqual([]);
    for (const id of [survivor, alias]) {
      await expectProblem(await call(admin, 'GET', `/contacts/${id}`), 404);
      await expectProblem(await call(admin, 'GET', `/admin/privacy/contacts/${id}/export`), 404);
    }
    // Kept for statistics, attached to no one.
    const kept = await store().query('SELECT id, contact_id, channel, division, direction, state, provided_contact, matched_value FROM interactions ORDER BY id');
    expect(kept).toEqual([
      { id: 'lucy-call', contact_id: null, channel: 'voice', division: 'support-emea', direction: 'inbound', state: 'active', provided_contact: {}, matched_value: null },
      { id: 'lucy-mail', contact_id: null, channel: 'email', division: 'support-emea', direction: 'inbound', state: 'active', provided_contact: {}, matched_value: null },
    ]);
    // The merge stays a fact: who merged, when; not which cards or what values.
    expect(await store().query('SELECT survivor_id, alias_id, actor_name, decisions FROM merges')).toEqual([
      { survivor_id: null, alias_id: null, actor_name: 'Marianne Dashwood', decisions: [{ field: 'name', from: 'survivor' }, { field: 'fields.tier', from: 'survivor' }] },
    ]);
    // The events stay, so a redelivered one is still a no-op: it neither brings the data back nor makes a card.
    expect(await store().query('SELECT count(*)::int AS n FROM events')).toEqual([{ n: events.length }]);
    for (const event of events) expect((await postEventApplied(app, event)).status).toBe(200);
    expect(await rowsHoldingLucy()).toEqual([]);
    expect(await store().query('SELECT count(*)::int AS n FROM contacts')).toEqual([{ n: 0 }]);

    const requests = (await (await call(admin, 'GET', '/admin/privacy/requests')).json()) as { requests: Array<{ kind: string; contactId: string }> };
    expect(requests.requests).toEqual([expect.objectContaining({ kind: 'erase', contactId: survivor, actorId: 'admin-oid', counts: expect.objectContaining({ contacts: 2 }) })]);
  });

  it('after erasure nothing resolves to the card: a new event with the same identifier creates a new contact', async () => {
    const { survivor, alias } = await lucysCard();
    expect((await call(admin, 'POST', `/admin/privacy/contacts/${survivor}/erase`, { confirm: survivor })).status).toBe(200);

    const lookup = (await (await call(admin, 'GET', `/contacts?q=${encodeURIComponent(LUCY.email)}`)).json()) as { contacts: unknown[] };
    expect(lookup.contacts).toEqual([]);
    await post(anInteractionEvent('interaction.started', { interactionId: 'lucy-again', contact: { name: LUCY.name, phone: LUCY.rawPhone } }));
    const fresh = await contactOf(store(), 'lucy-again');
    expect(fresh).not.toBeNull();
    expect([survivor, alias]).not.toContain(fresh);
    const card = (await (await call(admin, 'GET', `/contacts/${fresh}`)).json()) as { contact: { name: string }; interactions?: unknown };
    expect(card.contact.name).toBe(LUCY.name);
    expect(await store().query('SELECT contact_id FROM contact_identifiers WHERE value = $1', [LUCY.phone])).toEqual([{ contact_id: fresh }]);
    expect(await store().query(`SELECT id FROM interactions WHERE contact_id = $1`, [fresh])).toEqual([{ id: 'lucy-again' }]);
  });

  it('refuses without privacy:manage (403), an unknown card (404) and an erasure that does not repeat the id (400), as problem details', async () => {
    const { survivor } = await lucysCard();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await expectProblem(await call(agent, 'GET', `/admin/privacy/contacts/${survivor}/export`), 403)).detail).toMatch(/privacy:manage/);
    expect((await expectProblem(await call(agent, 'POST', `/admin/privacy/contacts/${survivor}/erase`, { confirm: survivor }), 403)).detail).toMatch(/privacy:manage/);
    await expectProblem(await call(agent, 'GET', '/admin/privacy/requests'), 403);
    await expectProblem(await call(admin, 'GET', `/admin/privacy/contacts/${unknown}/export`), 404);
    await expectProblem(await call(admin, 'GET', '/admin/privacy/contacts/not-an-id/export'), 404);
    await expectProblem(await call(admin, 'POST', `/admin/privacy/contacts/${unknown}/erase`, { confirm: unknown }), 404);
    expect((await expectProblem(await call(admin, 'POST', `/admin/privacy/contacts/${survivor}/erase`, { confirm: 'yes' }), 400)).detail).toMatch(/confirm/);
    await expectProblem(await call(admin, 'POST', `/admin/privacy/contacts/${survivor}/erase`, {}), 400);

    // Nothing was erased, and refusals are not audited as requests.
    expect((await call(admin, 'GET', `/contacts/${survivor}`)).status).toBe(200);
    expect(((await (await call(admin, 'GET', '/admin/privacy/requests')).json()) as { requests: unknown[] }).requests).toEqual([]);
  });
});
