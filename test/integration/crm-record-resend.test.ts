import { startServiceNow, type ServiceNowServer } from '../support/crm/servicenow-server';
import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent } from '../support/events';
import { describeEachStore } from '../support/stores';
import { postEvent } from '../support/webhook-client';

type RecordView = { state: string; error: string | null; id: string | null; url: string | null };
type Crm = { crm: string; record: RecordView; links: Array<{ id: string; writeBack: { state: string; error: string | null } }> };

describeEachStore('a record the CRM refuses is shown, listed for admins, and resent once corrected (CRM-2)', (store) => {
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
  const crm = async () => (await (await call('GET', '/interactions/chat-sn/crm')).json()) as Crm;
  const send = (type: string) => postEvent(app.baseUrl, anInteractionEvent(type, { interactionId: 'chat-sn', channel: 'chat', contact: { name: 'Edward Ferrars', phone: '803 555 0103' } }));

  it('the CRM\'s own words on the card and the admin page; unlink what it refused, resend, written once', async () => {
    const connection = { kind: 'servicenow', instanceUrl: sn.url, tokenUrl: sn.tokenUrl, clientId: sn.clientId, clientSecret: sn.clientSecret };
    expect((await call('PUT', '/admin/crm-connection', connection)).status).toBe(200);
    const edward = sn.seed('csm_consumer', { first_name: 'Edward', last_name: 'Ferrars', mobile_phone: '+18035550103' });
    const robert = sn.seed('csm_consumer', { first_name: 'Robert', last_name: 'Ferrars' });
    expect((await send('interaction.started')).status).toBe(202);
    await waitFor(async () => (await crm()).crm === 'servicenow');
    expect((await call('PUT', '/interactions/chat-sn/crm/links', { type: 'consumer', id: edward.sys_id })).status).toBe(200);
    expect((await call('PUT', '/interactions/chat-sn/crm/links', { type: 'consumer', id: robert.sys_id })).status).toBe(200);
    sn.remove('csm_consumer', robert.sys_id!); // deleted in ServiceNow meanwhile

    expect((await send('interaction.ended')).status).toBe(202);
    const failed = await waitFor(async () => {
      const view = await crm();
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
      const view = await crm();
      return view.record.state === 'written' ? view : null;
    });
    expect(written.record).toMatchObject({ error: null, id: sn.rows('interaction')[0]!.sys_id, url: expect.stringContaining(sn.url) });
    expect(written.links.map((l) => [l.id, l.writeBack.state])).toEqual([[edward.sys_id, 'written']]);
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(((await (await call('GET', '/admin/crm-records/failed')).json()) as { records: unknown[] }).records).toEqual([]);
    expect((await call('DELETE', '/admin/crm-connection')).status).toBe(200);
  });

  it('resending before any write-back point is refused with problem details', async () => {
    expect((await send('interaction.started')).status).toBe(202);
    await waitFor(async () => (await store().query('SELECT 1 FROM interactions WHERE id = $1', ['chat-sn'])).length > 0);
    const response = await call('POST', '/interactions/chat-sn/crm/record/resend');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

async function waitFor<T>(condition: () => Promise<T | null | false>): Promise<T> {
  for (;;) {
    const value = await condition();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
