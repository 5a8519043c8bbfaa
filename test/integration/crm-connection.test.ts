import { createHash } from 'node:crypto';
import { activityIdFor } from '../../src/crm/dynamics/activities';
import { startDynamicsServer, type DynamicsServer } from '../support/crm/dynamics-server';
import { startSalesforceServer, TASK_KEY_FIELD } from '../support/crm/salesforce-server';
import { startServiceNow, type ServiceNowServer } from '../support/crm/servicenow-server';
import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent } from '../support/events';
import { describeEachStore } from '../support/stores';
import { eventually } from '../support/wait';
import { postEvent } from '../support/webhook-client';

describeEachStore('an admin connects ServiceNow; the card and write-back use it at once', (store) => {
  let app: RunningApp;
  let sn: ServiceNowServer;
  beforeAll(async () => {
    app = await startApp(store());
  });
  beforeEach(async () => {
    sn = await startServiceNow();
  });
  afterEach(() => sn.close());
  afterAll(() => app.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const connection = () => ({ kind: 'servicenow', instanceUrl: sn.url, tokenUrl: sn.tokenUrl, clientId: sn.clientId, clientSecret: sn.clientSecret });
  const send = (type: string, occurredAt: Date) =>
    postEvent(app.baseUrl, anInteractionEvent(type, { interactionId: 'sn-call', channel: 'voice', occurredAt, contact: { name: 'Edward Ferrars', phone: '803 555 0103' } }));

  type RecordView = { state: string; error: string | null; id: string | null; url: string | null };
  type CrmView = { crm: string; record: RecordView; links: Array<{ id: string; writeBack: { state: string; error: string | null } }> };
  const crmOf = async (interactionId: string) => (await (await call('GET', `/interactions/${interactionId}/crm`)).json()) as CrmView;
  const sendChat = (type: string) => postEvent(app.baseUrl, anInteractionEvent(type, { interactionId: 'chat-sn', channel: 'chat', contact: { name: 'Edward Ferrars', phone: '803 555 0103' } }));

  it('keeps the secret sealed, tests the connection, finds records, and writes the activity to ServiceNow', async () => {
    const edward = sn.seed('csm_consumer', { first_name: 'Edward', last_name: 'Ferrars', mobile_phone: '+18035550103' });

    const bad = await call('POST', '/admin/crm-connection/test', { ...connection(), clientSecret: 'wrong-secret-value' });
    expect(bad.status).toBe(502);
    const badText = await bad.text();
    expect(badText).toMatch(/refused|unauthorized/i);
    expect(badText).not.toContain('wrong-secret-value');
    expect((await call('POST', '/admin/crm-connection/test', connection())).status).toBe(200);

    const saved = await call('PUT', '/admin/crm-connection', connection());
    expect(saved.status).toBe(200);
    const savedText = await saved.text();
    expect(savedText).not.toContain(sn.clientSecret);
    expect(JSON.parse(savedText)).toMatchObject({ connection: { kind: 'servicenow', hasSecret: true } });
    const [stored] = await store().query<{ client_secret_sealed: string }>('SELECT client_secret_sealed FROM crm_connection');
    expect(stored!.client_secret_sealed).not.toContain(sn.clientSecret);

    const start = new Date(Date.now() - 120_000);
    expect((await send('interaction.started', start)).status).toBe(202);
    type Crm = { crm: string; records: Array<{ type: string; id: string; name: string }> };
    let crm: Crm = { crm: '', records: [] };
    await waitFor(async () => {
      crm = (await (await call('GET', '/interactions/sn-call/crm')).json()) as Crm;
      return crm.crm === 'servicenow'; // applied without a restart
    });
    expect(crm.records).toEqual([expect.objectContaining({ type: 'consumer', id: edward.sys_id, name: 'Edward Ferrars' })]);

    expect((await call('PUT', '/interactions/sn-call/crm/links', { type: 'consumer', id: edward.sys_id })).status).toBe(200);
    await send('interaction.ended', new Date(start.getTime() + 60_000));
    await send('interaction.acw_completed', new Date(start.getTime() + 90_000));
    await waitFor(async () => sn.rows('interaction').length === 1);
    const [interaction] = sn.rows('interaction');
    expect(interaction).toMatchObject({ consumer: edward.sys_id, state: 'closed_complete', u_customer_card_key: 'crm.interaction:sn-call' });
    await waitFor(async () => sn.rows('interaction_related_record').length === 1);
    expect(sn.rows('interaction_related_record')[0]).toMatchObject({ interaction: interaction!.sys_id, document_table: 'csm_consumer', document_id: edward.sys_id });

    expect((await call('DELETE', '/admin/crm-connection')).status).toBe(200);
    await waitFor(async () => ((await (await call('GET', '/interactions/sn-call/crm')).json()) as { crm: string }).crm === 'builtin');
  });

  it('relates a consumer into a case\'s Consumer field in ServiceNow (CRM-5): same type replaces, another adds, removing clears', async () => {
    expect((await call('PUT', '/admin/crm-connection', connection())).status).toBe(200);
    const edward = sn.seed('csm_consumer', { first_name: 'Edward', last_name: 'Ferrars' });
    const robert = sn.seed('csm_consumer', { first_name: 'Robert', last_name: 'Ferrars' });
    const contact = sn.seed('customer_contact', { first_name: 'Elinor', last_name: 'Dashwood' });
    const kase = sn.seed('sn_customerservice_case', { short_description: 'Order 1811' });
    const relations = async (response: Promise<Response>) => ((await (await response).json()) as { relations: Array<{ type: string; id: string }> }).relations;
    await waitFor(async () => (await call('GET', `/crm/records/case/${kase.sys_id}/relations`)).status === 200);

    expect(await relations(call('PUT', `/crm/records/case/${kase.sys_id}/relations`, { type: 'consumer', id: edward.sys_id }))).toEqual([
      expect.objectContaining({ type: 'consumer', id: edward.sys_id, name: 'Edward Ferrars' }),
    ]);
    expect(sn.rows('sn_customerservice_case')[0]!.consumer).toBe(edward.sys_id);
    await call('PUT', `/crm/records/case/${kase.sys_id}/relations`, { type: 'consumer', id: robert.sys_id });
    await call('PUT', `/crm/records/case/${kase.sys_id}/relations`, { type: 'contact', id: contact.sys_id });
    const both = await relations(call('GET', `/crm/records/case/${kase.sys_id}/relations`));
    expect(both.map((r) => r.id).sort()).toEqual([robert.sys_id, contact.sys_id].sort());
    expect(await relations(call('DELETE', `/crm/records/case/${kase.sys_id}/relations/consumer`))).toEqual([expect.objectContaining({ type: 'contact', id: contact.sys_id })]);
    await call('DELETE', '/admin/crm-connection');
    await waitFor(async () => (await call('GET', `/crm/records/case/${kase.sys_id}/relations`)).status === 404); // the built-in CRM has none
  });

  it('the CRM\'s own words on the card and the admin page; unlink what it refused, resend, written once', async () => {
    expect((await call('PUT', '/admin/crm-connection', connection())).status).toBe(200);
    const edward = sn.seed('csm_consumer', { first_name: 'Edward', last_name: 'Ferrars', mobile_phone: '+18035550103' });
    const robert = sn.seed('csm_consumer', { first_name: 'Robert', last_name: 'Ferrars' });
    expect((await sendChat('interaction.started')).status).toBe(202);
    await waitFor(async () => (await crmOf('chat-sn')).crm === 'servicenow');
    expect((await call('PUT', '/interactions/chat-sn/crm/links', { type: 'consumer', id: edward.sys_id })).status).toBe(200);
    expect((await call('PUT', '/interactions/chat-sn/crm/links', { type: 'consumer', id: robert.sys_id })).status).toBe(200);
    sn.remove('csm_consumer', robert.sys_id!); // deleted in ServiceNow meanwhile

    expect((await sendChat('interaction.ended')).status).toBe(202);
    const failed = await waitFor(async () => {
      const view = await crmOf('chat-sn');
      return view.record.state === 'failed' ? view : null;
    });
    expect(failed.record.error).toContain(`Invalid reference: document_id "${robert.sys_id}" is not a csm_consumer record`);
    expect(failed.links.map((l) => l.writeBack.state)).toEqual(['failed', 'failed']);

    const listed = (await (await call('GET', '/admin/crm-records/failed')).json()) as { records: Array<{ interactionId: string; error: string; contactName: string | null }> };
    expect(listed.records).toEqual([expect.objectContaining({ interactionId: 'chat-sn', error: failed.record.error })]);

    expect((await call('DELETE', `/interactions/chat-sn/crm/links/consumer/${robert.sys_id}`)).status).toBe(200);
    const resent = await call('POST', '/interactions/chat-sn/crm/record/resend');
    expect(resent.status).toBe(202);
    const written = await waitFor(async () => {
      const view = await crmOf('chat-sn');
      return view.record.state === 'written' ? view : null;
    });
    expect(written.record).toMatchObject({ error: null, id: sn.rows('interaction')[0]!.sys_id, url: expect.stringContaining(sn.url) });
    expect(written.links.map((l) => [l.id, l.writeBack.state])).toEqual([[edward.sys_id, 'written']]);
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(((await (await call('GET', '/admin/crm-records/failed')).json()) as { records: unknown[] }).records).toEqual([]);
    expect((await call('DELETE', '/admin/crm-connection')).status).toBe(200);
  });

  it('resending before any write-back point is refused with problem details', async () => {
    expect((await sendChat('interaction.started')).status).toBe(202);
    await waitFor(async () => (await store().query('SELECT 1 FROM interactions WHERE id = $1', ['chat-sn'])).length > 0);
    const response = await call('POST', '/interactions/chat-sn/crm/record/resend');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('refuses a connection without its secret, and a malformed URL, with problem details', async () => {
    const withoutSecret: Partial<ReturnType<typeof connection>> = connection();
    delete withoutSecret.clientSecret;
    const cases: Array<[Response, RegExp]> = [
      [await call('PUT', '/admin/crm-connection', withoutSecret), /client secret/],
      [await call('PUT', '/admin/crm-connection', { ...connection(), instanceUrl: 'not a url' }), /instanceUrl/],
      [await call('PUT', '/admin/crm-connection', { ...connection(), kind: 'hubspot' }), /kind/],
    ];
    for (const [response, detail] of cases) {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    }
  });
});

describeEachStore('an admin connects Salesforce; a call is written there as one Task', (store) => {
  let app: RunningApp;
  let sf: Awaited<ReturnType<typeof startSalesforceServer>> | null = null;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterEach(() => sf?.close());
  afterAll(() => app.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  /** What an admin enters: the login host; the token answer names the instance. */
  const connection = (org: NonNullable<typeof sf>) => ({ kind: 'salesforce', instanceUrl: org.loginUrl, tokenUrl: org.tokenUrl, clientId: org.clientId, clientSecret: org.clientSecret });
  const elinor = { id: 'elinor.dashwood@norland.example', name: 'Elinor Dashwood' };
  const send = (type: string, occurredAt: Date) =>
    postEvent(app.baseUrl, anInteractionEvent(type, { interactionId: 'sf-call', channel: 'voice', occurredAt, agent: elinor, contact: { name: 'Edward Ferrars', phone: '555 123 4567' } }));

  it('names the key field to add when testing the connection; then the call\'s Task names Edward, is related to the case, owned by Elinor\'s user', async () => {
    sf = await startSalesforceServer({ taskKey: null });
    const withoutField = await call('POST', '/admin/crm-connection/test', connection(sf));
    expect(withoutField.status).toBe(502);
    expect(((await withoutField.json()) as { detail: string }).detail).toContain(`Salesforce's Task has no field "${TASK_KEY_FIELD}"`);
    await sf.close();

    const org = (sf = await startSalesforceServer());
    const account = org.seed('Account', { Name: 'Norland Park' });
    const edward = org.seed('Contact', { FirstName: 'Edward', LastName: 'Ferrars', Phone: '(555) 123-4567', AccountId: account });
    const robert = org.seed('Contact', { FirstName: 'Robert', LastName: 'Ferrars', AccountId: account });
    const kettle = org.seed('Case', { Subject: 'Broken kettle', ContactId: edward, AccountId: account });
    const elinorUser = org.seed('User', { FirstName: 'Elinor', LastName: 'Dashwood', Email: elinor.id, Username: elinor.id });
    expect((await call('POST', '/admin/crm-connection/test', connection(org))).status).toBe(200);
    expect((await call('PUT', '/admin/crm-connection', connection(org))).status).toBe(200);

    const start = new Date(Date.now() - 120_000);
    expect((await send('interaction.started', start)).status).toBe(202);
    await waitFor(async () => ((await (await call('GET', '/interactions/sf-call/crm')).json()) as { crm: string }).crm === 'salesforce');
    expect((await call('PUT', '/interactions/sf-call/crm/links', { type: 'contact', id: edward })).status).toBe(200);
    expect((await call('POST', '/interactions/sf-call/crm/opened', { type: 'case', id: kettle })).status).toBe(204);
    expect((await call('PUT', '/interactions/sf-call/crm/relates-to', { type: 'case', id: kettle })).status).toBe(200);
    expect((await call('PUT', '/interactions/sf-call/crm/links', { type: 'contact', id: robert })).status).toBe(200);
    await send('interaction.ended', new Date(start.getTime() + 60_000));
    await send('interaction.acw_completed', new Date(start.getTime() + 90_000));

    type Record = { state: string; id: string | null; url: string | null; plan: { dropped: Array<{ id: string; reason: string }> } | null };
    const record = await waitFor(async () => {
      const view = (await (await call('GET', '/interactions/sf-call/crm')).json()) as { record: Record };
      return view.record.state === 'written' ? view.record : null;
    });
    const tasks = org.rows('Task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      WhoId: edward,
      WhatId: kettle,
      OwnerId: elinorUser,
      TaskSubtype: 'Call',
      Status: 'Completed',
      [TASK_KEY_FIELD]: createHash('sha256').update('crm.interaction:sf-call').digest('hex'),
    });
    expect(record).toMatchObject({ id: tasks[0]!.Id, url: `${org.url}/lightning/r/Task/${tasks[0]!.Id}/view` });
    expect(record.plan?.dropped).toEqual([expect.objectContaining({ id: robert, reason: expect.stringContaining('Shared Activities is not enabled in this Salesforce org') })]);
    expect(org.requests.filter((r) => r.host === 'login' && !r.url.startsWith('/services/oauth2/token'))).toEqual([]);
    expect((await call('DELETE', '/admin/crm-connection')).status).toBe(200);
  });

  it('keeps a pinned API version and a named Task key field with the connection, uses them when testing, and refuses malformed ones', async () => {
    const org = (sf = await startSalesforceServer({ taskKey: { field: 'Interaction_Key__c' }, apiVersions: ['64.0', '65.0', '66.0'] }));
    const defaultField = await call('POST', '/admin/crm-connection/test', connection(org));
    expect(((await defaultField.json()) as { detail: string }).detail).toContain(`Task has no field "${TASK_KEY_FIELD}"`);

    const pinned = { ...connection(org), apiVersion: '65.0', externalIdField: 'Interaction_Key__c' };
    const before = org.requests.length;
    expect((await call('POST', '/admin/crm-connection/test', pinned)).status).toBe(200);
    const versioned = org.requests.slice(before).filter((r) => r.url.startsWith('/services/data/v'));
    expect(versioned.length).toBeGreaterThan(0);
    expect(versioned.filter((r) => !r.url.startsWith('/services/data/v65.0/'))).toEqual([]);
    expect((await call('PUT', '/admin/crm-connection', pinned)).status).toBe(200);
    const saved = (await (await call('GET', '/admin/crm-connection')).json()) as { connection: Record<string, unknown> };
    expect(saved.connection).toMatchObject({ apiVersion: '65.0', externalIdField: 'Interaction_Key__c' });

    for (const [field, value] of [['apiVersion', 'v66'], ['externalIdField', 'Key; DROP']] as const) {
      const refused = await call('PUT', '/admin/crm-connection', { ...pinned, [field]: value });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { detail: string }).detail).toContain(field);
    }
    expect((await call('DELETE', '/admin/crm-connection')).status).toBe(200);
  });
});

describeEachStore('an admin connects Dynamics 365; a call is written there as one phone call', (store) => {
  let app: RunningApp;
  let dv: DynamicsServer;
  beforeAll(async () => {
    app = await startApp(store());
  });
  beforeEach(async () => {
    dv = await startDynamicsServer();
  });
  afterEach(() => dv.close());
  afterAll(() => app.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const elinor = { id: 'elinor.dashwood@norland.example', name: 'Elinor Dashwood' };
  const send = (type: string, occurredAt: Date) =>
    postEvent(app.baseUrl, anInteractionEvent(type, { interactionId: 'dv-call', channel: 'voice', occurredAt, agent: elinor, contact: { name: 'Edward Ferrars', phone: '555 555 0142' } }));

  it("makes the case chosen in relates-to the call's Regarding, Edward its caller, Elinor's user its callee and owner", async () => {
    const edward = dv.insert('contacts', { firstname: 'Edward', lastname: 'Ferrars', telephone1: '+1 555 555 0142' });
    const kettle = dv.insert('incidents', { title: 'Broken kettle', 'customerid_contact@odata.bind': `/contacts(${edward})` });
    const elinorUser = dv.insert('systemusers', { firstname: 'Elinor', lastname: 'Dashwood', internalemailaddress: elinor.id, isdisabled: false });
    const { kind, instanceUrl, tokenUrl, clientId, clientSecret, scope } = dv.settings();
    const connection = { kind, instanceUrl, tokenUrl, clientId, clientSecret, scope };
    expect((await call('POST', '/admin/crm-connection/test', connection)).status).toBe(200);
    expect((await call('PUT', '/admin/crm-connection', connection)).status).toBe(200);

    const start = new Date(Date.now() - 120_000);
    expect((await send('interaction.started', start)).status).toBe(202);
    await waitFor(async () => ((await (await call('GET', '/interactions/dv-call/crm')).json()) as { crm: string }).crm === 'dynamics');
    expect((await call('PUT', '/interactions/dv-call/crm/links', { type: 'contact', id: edward })).status).toBe(200);
    expect((await call('POST', '/interactions/dv-call/crm/opened', { type: 'case', id: kettle })).status).toBe(204);
    expect((await call('PUT', '/interactions/dv-call/crm/relates-to', { type: 'case', id: kettle })).status).toBe(200);
    await send('interaction.ended', new Date(start.getTime() + 60_000));
    await send('interaction.acw_completed', new Date(start.getTime() + 90_000));

    type Record = { state: string; id: string | null; url: string | null; plan: { placed: unknown[]; dropped: unknown[] } | null };
    const record = await waitFor(async () => {
      const view = (await (await call('GET', '/interactions/dv-call/crm')).json()) as { record: Record };
      return view.record.state === 'written' ? view.record : null;
    });
    const id = activityIdFor('crm.interaction:dv-call');
    expect(dv.rows('phonecalls')).toEqual([
      expect.objectContaining({
        activityid: id,
        subject: 'Call from Edward Ferrars',
        phonenumber: '+15555550142',
        directioncode: false,
        _regardingobjectid_value: kettle,
        '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'incident',
        _ownerid_value: elinorUser,
        statecode: 1,
        statuscode: 4,
      }),
    ]);
    expect(dv.rows('activityparties').map((p) => [p._partyid_value, p.participationtypemask])).toEqual([
      [edward, 1],
      [elinorUser, 2],
    ]);
    expect(record).toMatchObject({
      id,
      url: `${dv.instanceUrl}/main.aspx?pagetype=entityrecord&etn=phonecall&id=${id}`,
      plan: { placed: [{ type: 'contact', id: edward, as: 'activity party (From)' }, { type: 'case', id: kettle, as: 'regardingobjectid' }], dropped: [] },
    });
    expect((await call('DELETE', '/admin/crm-connection')).status).toBe(200);
  });
});

/** The first value `read` gives that is not null or false. */
async function waitFor<T>(read: () => Promise<T | null | false>): Promise<T> {
  return (await eventually(read, Boolean)) as T;
}
