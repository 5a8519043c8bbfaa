import { startServiceNow, type ServiceNowServer, type ServiceNowServerOptions } from '../../../test/support/crm/servicenow-server';
import { CrmError, type CrmRecordRef, type InteractionActivity } from '../connector';
import { ServiceNowConnector } from './servicenow-connector';

let sn: ServiceNowServer;

async function instance(options: ServiceNowServerOptions = {}): Promise<ServiceNowServer> {
  await sn?.close();
  sn = await startServiceNow(options);
  return sn;
}

beforeEach(() => instance());
afterEach(() => sn.close());

function connect(clientSecret = sn.clientSecret): ServiceNowConnector {
  return new ServiceNowConnector({ kind: 'servicenow', instanceUrl: sn.url, tokenUrl: sn.tokenUrl, clientId: sn.clientId, clientSecret });
}

/** A small CSM world: an account with two contacts, a consumer, a stranger, and their cases. */
function seedDashwoods() {
  const account = sn.seed('customer_account', { name: 'Norland Park', phone: '+1 803-555-0100' });
  const elinor = sn.seed('customer_contact', {
    first_name: 'Elinor', last_name: 'Dashwood', phone: '(803) 555-0101', email: 'Elinor.Dashwood@Norland.example', account: account.sys_id!,
  });
  const marianne = sn.seed('customer_contact', { first_name: 'Marianne', last_name: 'Dashwood', mobile_phone: '803.555.0102', account: account.sys_id! });
  const stranger = sn.seed('customer_contact', { first_name: 'John', last_name: 'Willoughby', phone: '(803) 555-0199' });
  const edward = sn.seed('csm_consumer', { first_name: 'Edward', last_name: 'Ferrars', mobile_phone: '+18035550103' });
  const brandon = sn.seed('csm_consumer', { first_name: 'Christopher', last_name: 'Brandon' });
  const elinorCase = sn.seed('sn_customerservice_case', { short_description: 'Boiler broken', contact: elinor.sys_id!, account: account.sys_id! });
  const edwardCase = sn.seed('sn_customerservice_case', { short_description: 'Parish lodging', consumer: edward.sys_id! });
  const ref = (type: string, row: { sys_id?: string }): CrmRecordRef => ({ type, id: row.sys_id! });
  return {
    account: ref('account', account),
    elinor: ref('contact', elinor),
    marianne: ref('contact', marianne),
    stranger: ref('contact', stranger),
    edward: ref('consumer', edward),
    brandon: ref('consumer', brandon),
    elinorCase: ref('case', elinorCase),
    edwardCase: ref('case', edwardCase),
  };
}

function anActivity(regarding: CrmRecordRef, overrides: Partial<InteractionActivity> = {}): InteractionActivity {
  return {
    idempotencyKey: `crm.activity:int-1:${regarding.type}:${regarding.id}`,
    interactionId: 'int-1',
    channel: 'voice',
    direction: 'inbound',
    subject: 'Call from Elinor Dashwood',
    contactName: 'Elinor Dashwood',
    agentName: 'Fanny Dashwood',
    startedAt: new Date('2024-05-01T09:00:00Z'),
    endedAt: new Date('2024-05-01T09:05:03Z'),
    durationSeconds: 303,
    transcriptExcerpt: null,
    regarding,
    relatedTo: [],
    ...overrides,
  };
}

async function crmError(promise: Promise<unknown>): Promise<CrmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CrmError) return error;
    throw error;
  }
  throw new Error('expected a CrmError');
}

describe('finding people', () => {
  it('finds records whose phone is stored formatted, by the E.164 number, person types in order', async () => {
    const w = seedDashwoods();
    const found = await connect().findPeople({ phones: ['+18035550101', '+18035550100', '+18035550103'], emails: [] });
    expect(found.map((r) => [r.type, r.id, r.name])).toEqual([
      ['contact', w.elinor.id, 'Elinor Dashwood'],
      ['consumer', w.edward.id, 'Edward Ferrars'],
      ['account', w.account.id, 'Norland Park'],
    ]);
    expect(found[0]).toMatchObject({ person: true, fields: { phone: '(803) 555-0101', email: 'Elinor.Dashwood@Norland.example' } });
  });

  it('finds a contact by a mobile number stored with dots, not the stranger with a similar number', async () => {
    const w = seedDashwoods();
    const found = await connect().findPeople({ phones: ['+18035550102'], emails: [] });
    expect(found.map((r) => r.id)).toEqual([w.marianne.id]);
  });

  it('finds by e-mail whatever its case in ServiceNow', async () => {
    const w = seedDashwoods();
    const found = await connect().findPeople({ phones: [], emails: ['elinor.dashwood@norland.example'] });
    expect(found.map((r) => r.id)).toEqual([w.elinor.id]);
  });

  it('uses the name only when no identifier matches', async () => {
    const w = seedDashwoods();
    const connector = connect();
    expect((await connector.findPeople({ phones: ['+18035550999'], emails: [], name: 'Marianne Dashwood' })).map((r) => r.id)).toEqual([w.marianne.id]);
    expect((await connector.findPeople({ phones: ['+18035550101'], emails: [], name: 'Marianne Dashwood' })).map((r) => r.id)).toEqual([w.elinor.id]);
  });
});

describe('records', () => {
  it('creates a contact and links to it in the classic UI', async () => {
    const created = await connect().create({ type: 'contact', fields: { name: 'Margaret Dashwood', email: 'margaret@norland.example', phone: '+18035550104' } });
    expect(created).toMatchObject({ type: 'contact', name: 'Margaret Dashwood', person: true });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.url).toBe(`${sn.url}/nav_to.do?uri=customer_contact.do?sys_id=${created.id}`);
    expect(sn.rows('customer_contact')).toEqual([
      expect.objectContaining({ sys_id: created.id, first_name: 'Margaret', last_name: 'Dashwood', email: 'margaret@norland.example', phone: '+18035550104' }),
    ]);
  });

  it('creates a case with its subject as short description', async () => {
    const created = await connect().create({ type: 'case', fields: { subject: 'Roof leaking', description: 'Since Tuesday' } });
    expect(created).toMatchObject({ type: 'case', name: 'Roof leaking', person: false, fields: { number: expect.stringMatching(/^CS\d{7}$/) } });
    expect(created.url).toBe(`${sn.url}/nav_to.do?uri=sn_customerservice_case.do?sys_id=${created.id}`);
  });

  it("reports ServiceNow's refusal with its message", async () => {
    const error = await crmError(connect().create({ type: 'case', fields: { description: 'no subject' } }));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('Short description is mandatory');
    expect(sn.rows('sn_customerservice_case')).toEqual([]);
  });

  it('searches names across tables, people first', async () => {
    const w = seedDashwoods();
    const found = await connect().search('dashw');
    expect(found.map((r) => r.id)).toEqual([w.elinor.id, w.marianne.id]);
    expect((await connect().search('boiler')).map((r) => r.id)).toEqual([w.elinorCase.id]);
  });

  it('previews a record without a name, and answers null for one that does not exist', async () => {
    const nameless = sn.seed('csm_consumer', { mobile_phone: '+18035550105' });
    const connector = connect();
    expect(await connector.get({ type: 'consumer', id: nameless.sys_id! })).toMatchObject({ name: null, fields: { mobile: '+18035550105' } });
    expect(await connector.get({ type: 'consumer', id: '0123456789abcdef0123456789abcdef' })).toBeNull();
  });
});

describe('related records', () => {
  it("expands an account to its contacts and cases, a contact to its account, the account's other contacts and its cases", async () => {
    const w = seedDashwoods();
    const connector = connect();
    const ids = async (ref: CrmRecordRef) => (await connector.related(ref)).map((r) => `${r.type}:${r.id}`);
    expect(await ids(w.account)).toEqual([`contact:${w.elinor.id}`, `contact:${w.marianne.id}`, `case:${w.elinorCase.id}`]);
    expect(await ids(w.elinor)).toEqual([`account:${w.account.id}`, `contact:${w.marianne.id}`, `case:${w.elinorCase.id}`]);
    expect(await ids(w.edward)).toEqual([`case:${w.edwardCase.id}`]);
    expect(await ids(w.stranger)).toEqual([]);
  });
});

describe('writing the activity', () => {
  it('writes a closed interaction with the summary, related to the regarding and related records', async () => {
    const w = seedDashwoods();
    const activity = anActivity(w.elinorCase, { relatedTo: [w.elinor], channel: 'chat', transcriptExcerpt: 'Customer: the boiler is cold\nAgent: sending someone' });
    const { id } = await connect().writeActivity(activity);

    expect(sn.rows('interaction')).toEqual([
      expect.objectContaining({
        sys_id: id,
        u_customer_card_key: activity.idempotencyKey,
        type: 'chat',
        direction: 'inbound',
        state: 'closed_complete',
        short_description: 'Call from Elinor Dashwood',
        contact: w.elinor.id,
        opened_for: w.elinor.id,
        opened_at: '2024-05-01 09:00:00',
        closed_at: '2024-05-01 09:05:03',
      }),
    ]);
    const notes = sn.rows('interaction')[0]!.work_notes;
    for (const part of ['Contact: Elinor Dashwood', 'Channel: Chat', 'Duration: 5 min 3 s', 'Agent: Fanny Dashwood', 'Customer: the boiler is cold']) {
      expect(notes).toContain(part);
    }
    expect(relatedRows()).toEqual([
      { interaction: id, document_table: 'sn_customerservice_case', document_id: w.elinorCase.id },
      { interaction: id, document_table: 'customer_contact', document_id: w.elinor.id },
    ]);
  });

  it('writes once for one key, and again for another', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const first = await connector.writeActivity(anActivity(w.elinorCase, { relatedTo: [w.elinor] }));
    const again = await connector.writeActivity(anActivity(w.elinorCase, { relatedTo: [w.elinor] }));
    expect(again.id).toBe(first.id);
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(relatedRows()).toHaveLength(2);

    const other = await connector.writeActivity(anActivity(w.elinorCase, { idempotencyKey: 'crm.activity:int-2:case' }));
    expect(other.id).not.toBe(first.id);
    expect(sn.rows('interaction')).toHaveLength(2);
  });

  it('after a crash between commit and answer, the retry completes the same interaction', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const activity = anActivity(w.elinorCase, { relatedTo: [w.elinor] });
    sn.crashAfterCommit('interaction');
    const error = await crmError(connector.writeActivity(activity));
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(sn.rows('interaction')).toHaveLength(1); // committed
    expect(relatedRows()).toHaveLength(0);

    const { id } = await connector.writeActivity(activity);
    expect(sn.rows('interaction').map((r) => r.sys_id)).toEqual([id]);
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.elinorCase.id, w.elinor.id]);
  });

  it('after a crash while relating records, the retry adds no duplicate related rows', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const activity = anActivity(w.elinorCase, { relatedTo: [w.elinor] });
    sn.crashAfterCommit('interaction_related_record');
    expect((await crmError(connector.writeActivity(activity))).kind).toBe('unavailable');
    expect(relatedRows()).toHaveLength(1);

    await connector.writeActivity(activity);
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.elinorCase.id, w.elinor.id]);
  });

  it('stops for an admin when the interaction table lacks the key field, instead of writing duplicates', async () => {
    await instance({ withoutFields: { interaction: ['u_customer_card_key'] } });
    const w = seedDashwoods();
    // Another integration's interaction: ServiceNow drops the unknown key condition and returns it.
    sn.seed('interaction', { short_description: 'Walk-up at the front desk' });
    const error = await crmError(connect().writeActivity(anActivity(w.elinorCase)));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('u_customer_card_key');
    expect((await crmError(connect().check())).kind).toBe('rejected');
  });
});

describe('relates-to (CRM-5)', () => {
  it('writes a consumer into the Consumer field, replaces it with another, adds a contact beside it, and clears it', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const theCase = w.elinorCase;
    const caseRow = () => sn.rows('sn_customerservice_case').find((r) => r.sys_id === theCase.id)!;

    expect(await connector.relate(theCase, w.edward)).toContainEqual(w.edward);
    expect(caseRow().consumer).toBe(w.edward.id);

    expect(await connector.relate(theCase, w.brandon)).not.toContainEqual(w.edward);
    expect(caseRow().consumer).toBe(w.brandon.id);

    const relations = await connector.relate(theCase, w.marianne);
    expect(relations).toEqual(expect.arrayContaining([w.marianne, w.brandon, w.account]));
    expect(caseRow()).toMatchObject({ contact: w.marianne.id, consumer: w.brandon.id });

    expect(await connector.unrelate(theCase, 'consumer')).toEqual([w.marianne, w.account]);
    expect(caseRow().consumer).toBe('');
    expect(await connector.relations(theCase)).toEqual([w.marianne, w.account]);
  });

  it('refuses a relation the record has no field for', async () => {
    const w = seedDashwoods();
    expect((await crmError(connect().relate(w.edward, w.elinorCase))).kind).toBe('rejected');
  });
});

describe('connection failures', () => {
  it('refreshes an expired token transparently, once', async () => {
    const w = seedDashwoods();
    const connector = connect();
    await connector.get(w.elinor);
    sn.expireTokens();
    expect(await connector.get(w.elinor)).toMatchObject({ name: 'Elinor Dashwood' });
    expect(sn.tokensIssued).toBe(2);
  });

  it('reports throttling with the time ServiceNow asks to wait', async () => {
    const w = seedDashwoods();
    sn.throttle(7);
    const error = await crmError(connect().get(w.elinor));
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 7000, retryable: true });
  });

  it('reports an outage as unavailable, for the Table API and the token endpoint', async () => {
    const w = seedDashwoods();
    const connector = connect();
    await connector.get(w.elinor); // has its token
    sn.setOutage(true);
    expect(await crmError(connector.get(w.elinor))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(await crmError(connect().check())).toMatchObject({ kind: 'unavailable' });
  });

  it('rejects a wrong client secret as unauthorized without repeating it', async () => {
    const secret = 'wrong-secret-that-must-not-leak';
    const error = await crmError(connect(secret).check());
    expect(error.kind).toBe('unauthorized');
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(secret);
    expect(sn.tokensIssued).toBe(0);
  });

  it('passes the check with working credentials', async () => {
    await expect(connect().check()).resolves.toBeUndefined();
  });
});

function relatedRows() {
  return sn.rows('interaction_related_record').map(({ interaction, document_table, document_id }) => ({ interaction, document_table, document_id }));
}
