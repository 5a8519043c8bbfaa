import { startServiceNow, type ServiceNowServer, type ServiceNowServerOptions } from '../../../test/support/crm/servicenow-server';
import { CrmError, type ActivityRecord, type AgentOfRecord, type CrmRecordRef, type InteractionActivity } from '../connector';
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

const ELINOR: AgentOfRecord = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood', email: 'elinor.dashwood@classics.example' };
const BRANDON: AgentOfRecord = { id: 'colonel.brandon@classics.example', name: 'Colonel Brandon', email: 'colonel.brandon@classics.example' };

/** Classics, Inc.'s agents as ServiceNow users. */
function seedAgents() {
  const elinor = sn.seed('sys_user', { user_name: 'elinor.dashwood', first_name: 'Elinor', last_name: 'Dashwood', email: 'Elinor.Dashwood@classics.example', active: 'true' });
  const brandon = sn.seed('sys_user', { user_name: 'colonel.brandon', first_name: 'Colonel', last_name: 'Brandon', email: 'colonel.brandon@classics.example', active: 'true' });
  return { elinor: elinor.sys_id!, brandon: brandon.sys_id! };
}

const link = (ref: CrmRecordRef): ActivityRecord => ({ ...ref, source: 'link' });

/** A chat Elinor handled with Edward Ferrars, ended; the records are the test's. */
function anActivity(records: ActivityRecord[], overrides: Partial<InteractionActivity> = {}): InteractionActivity {
  return {
    idempotencyKey: 'crm.interaction:int-1',
    interactionId: 'int-1',
    channel: 'chat',
    direction: 'inbound',
    subject: 'Chat with Edward Ferrars',
    contactName: 'Edward Ferrars',
    customer: { phone: '+18035550103', email: 'edward@barton.example' },
    agent: ELINOR,
    agents: [ELINOR],
    startedAt: new Date('2024-05-01T09:00:00Z'),
    endedAt: new Date('2024-05-01T09:05:03Z'),
    durationSeconds: 303,
    transcriptExcerpt: null,
    records,
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

describe('the interaction record (CRM-2): one interaction per interaction', () => {
  it('writes a chat with a consumer and a case linked as ONE closed interaction: Consumer field, a related row for each, assigned to the agent', async () => {
    const w = seedDashwoods();
    const users = seedAgents();
    const kettle = sn.seed('sn_customerservice_case', { short_description: 'Broken kettle', consumer: w.edward.id });
    const activity = anActivity([link(w.edward), link({ type: 'case', id: kettle.sys_id! })], {
      transcriptExcerpt: 'Customer: my kettle is broken\nAgent: I have opened a case',
    });
    const connector = connect();

    const plan = await connector.planActivity(activity);
    expect(plan).toEqual({
      placed: [
        { type: 'consumer', id: w.edward.id, as: 'consumer + interaction_related_record' },
        { type: 'case', id: kettle.sys_id, as: 'interaction_related_record' },
      ],
      dropped: [],
    });
    expect(sn.requests).toEqual([]); // planning asks ServiceNow nothing

    const written = await connector.writeActivity(activity);
    expect(written).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), url: `${sn.url}/nav_to.do?uri=interaction.do?sys_id=${written.id}`, plan });
    expect(sn.rows('interaction')).toEqual([
      expect.objectContaining({
        sys_id: written.id,
        number: expect.stringMatching(/^IMS\d{7}$/),
        u_customer_card_key: 'crm.interaction:int-1',
        type: 'chat',
        direction: 'inbound',
        state: 'closed_complete',
        short_description: 'Chat with Edward Ferrars',
        opened_at: '2024-05-01 09:00:00',
        closed_at: '2024-05-01 09:05:03',
        assigned_to: users.elinor,
        consumer: w.edward.id,
      }),
    ]);
    expect(sn.rows('interaction')[0]).toMatchObject({ contact: '', account: '', opened_for: '' });
    expect(relatedRows()).toEqual([
      { interaction: written.id, document_table: 'csm_consumer', document_id: w.edward.id, type: '', task: '' },
      { interaction: written.id, document_table: 'sn_customerservice_case', document_id: kettle.sys_id, type: 'task', task: kettle.sys_id },
    ]);
    const [notes, ...more] = sn.journal(written.id);
    expect(more).toEqual([]);
    for (const part of [
      'Chat (inbound), logged by Customer Card',
      'Status: ended',
      'Contact: Edward Ferrars (+18035550103, edward@barton.example)',
      'Duration: 5 min 3 s',
      'Agent of record: Elinor Dashwood <elinor.dashwood@classics.example>',
      'Customer: my kettle is broken',
    ]) {
      expect(notes).toContain(part);
    }
  });

  it('a chat transferred, then ended: the transfer writes it On Hold, the end closes the SAME interaction, with every record and both agents', async () => {
    const w = seedDashwoods();
    const users = seedAgents();
    const connector = connect();
    const transfer = anActivity([link(w.edward)], { endedAt: null, durationSeconds: null });
    const first = await connector.writeActivity(transfer);
    expect(sn.rows('interaction')).toEqual([
      expect.objectContaining({ state: 'on_hold', closed_at: '', assigned_to: users.elinor, consumer: w.edward.id }),
    ]);
    expect(sn.journal(first.id)).toEqual([expect.stringContaining('Status: handed over, still open')]);

    const end = anActivity([link(w.edward), link(w.edwardCase)], {
      agent: BRANDON,
      agents: [ELINOR, BRANDON],
      endedAt: new Date('2024-05-01T09:20:00Z'),
      durationSeconds: 1200,
    });
    const second = await connector.writeActivity(end);

    expect(second.id).toBe(first.id);
    expect(writes('POST')).toBe(1);
    expect(writes('PATCH')).toBe(1);
    expect(sn.rows('interaction')).toEqual([
      expect.objectContaining({
        sys_id: first.id,
        state: 'closed_complete',
        closed_at: '2024-05-01 09:20:00',
        assigned_to: users.elinor, // the first agent stays the owner
        consumer: w.edward.id,
      }),
    ]);
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.edward.id, w.edwardCase.id]);
    const notes = sn.journal(first.id);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain('Agent of record: Colonel Brandon <colonel.brandon@classics.example>');
    expect(notes[1]).toContain('Agents: Elinor Dashwood <elinor.dashwood@classics.example>, Colonel Brandon <colonel.brandon@classics.example>');
  });

  it('never reopens a closed interaction when an earlier write-back point arrives late', async () => {
    const w = seedDashwoods();
    const connector = connect();
    await connector.writeActivity(anActivity([link(w.edward)]));
    await connector.writeActivity(anActivity([link(w.edward)], { endedAt: null, durationSeconds: null }));
    expect(sn.rows('interaction')).toEqual([expect.objectContaining({ state: 'closed_complete', closed_at: '2024-05-01 09:05:03' })]);
  });

  it('fills the Consumer, Contact (and Opened for) and Account fields from the first record of each type, a relates-to pick before a link before the default', async () => {
    const w = seedDashwoods();
    const records: ActivityRecord[] = [
      link(w.edward),
      link(w.elinor),
      link(w.elinorCase),
      { ...w.brandon, source: 'relation', slot: 'consumer' },
      { ...w.account, source: 'default' },
    ];
    const connector = connect();
    const { id, plan } = await connector.writeActivity(anActivity(records));

    expect(plan.placed).toEqual([
      { ...w.edward, as: 'interaction_related_record' },
      { ...w.elinor, as: 'contact + opened_for + interaction_related_record' },
      { ...w.elinorCase, as: 'interaction_related_record' },
      { ...w.brandon, as: 'consumer + interaction_related_record' },
      { ...w.account, as: 'account + interaction_related_record' },
    ]);
    expect(sn.rows('interaction')[0]).toMatchObject({ consumer: w.brandon.id, contact: w.elinor.id, opened_for: w.elinor.id, account: w.account.id });
    expect(relatedRows().map((r) => [r.interaction, r.document_table, r.document_id])).toEqual([
      [id, 'csm_consumer', w.edward.id],
      [id, 'customer_contact', w.elinor.id],
      [id, 'sn_customerservice_case', w.elinorCase.id],
      [id, 'csm_consumer', w.brandon.id],
      [id, 'customer_account', w.account.id],
    ]);
  });

  it('drops records ServiceNow cannot hold, with a reason, and writes the rest', async () => {
    const w = seedDashwoods();
    const activity = anActivity([
      link({ type: 'opportunity', id: '0123456789abcdef0123456789abcdef' }),
      link({ type: 'consumer', id: "x^ORactive=true" }),
      link(w.edward),
    ]);
    const { plan } = await connect().writeActivity(activity);
    expect(plan).toEqual({
      placed: [{ ...w.edward, as: 'consumer + interaction_related_record' }],
      dropped: [
        { type: 'opportunity', id: '0123456789abcdef0123456789abcdef', reason: expect.stringContaining('no table set up for opportunity records') },
        { type: 'consumer', id: 'x^ORactive=true', reason: expect.stringContaining('is not a ServiceNow sys_id') },
      ],
    });
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.edward.id]);
  });

  it('writes an interaction with no records at all, so the work is still on file', async () => {
    const { id, plan } = await connect().writeActivity(anActivity([]));
    expect(plan).toEqual({ placed: [], dropped: [] });
    expect(sn.rows('interaction').map((r) => r.sys_id)).toEqual([id]);
    expect(relatedRows()).toEqual([]);
  });
});

describe('the assignee (assigned_to)', () => {
  it("is the sys_user with the owner's e-mail, never a customer contact with it; none leaves it empty, and the lookup is remembered for an hour", async () => {
    const w = seedDashwoods();
    // A customer who happens to use the agent's address: customer_contact extends sys_user.
    sn.seed('customer_contact', { first_name: 'Elinor', last_name: 'Impostor', email: ELINOR.email!, active: 'true' });
    let now = Date.parse('2024-05-01T10:00:00Z');
    const connector = new ServiceNowConnector(
      { kind: 'servicenow', instanceUrl: sn.url, tokenUrl: sn.tokenUrl, clientId: sn.clientId, clientSecret: sn.clientSecret },
      { now: () => now },
    );
    const lookups = () => sn.requests.filter((r) => r.table === 'sys_user').length;

    await connector.writeActivity(anActivity([link(w.edward)]));
    expect(sn.rows('interaction')[0]!.assigned_to).toBe('');

    const users = seedAgents();
    await connector.writeActivity(anActivity([link(w.edward)], { idempotencyKey: 'crm.interaction:int-2', interactionId: 'int-2' }));
    expect(sn.rows('interaction')[1]!.assigned_to).toBe(''); // remembered: no new lookup yet
    expect(lookups()).toBe(1);

    now += 60 * 60 * 1000;
    await connector.writeActivity(anActivity([link(w.edward)], { idempotencyKey: 'crm.interaction:int-3', interactionId: 'int-3' }));
    expect(sn.rows('interaction')[2]!.assigned_to).toBe(users.elinor);
    expect(lookups()).toBe(2);
  });

  it('falls back to the agent of record when no agents are listed, and an agent without an e-mail leaves it empty', async () => {
    const w = seedDashwoods();
    const users = seedAgents();
    const connector = connect();
    await connector.writeActivity(anActivity([link(w.edward)], { agent: BRANDON, agents: [] }));
    const noEmail = { id: 'agent-7', name: 'Agent Seven', email: null };
    await connector.writeActivity(anActivity([link(w.edward)], { idempotencyKey: 'k2', agent: noEmail, agents: [noEmail] }));
    expect(sn.rows('interaction').map((r) => r.assigned_to)).toEqual([users.brandon, '']);
  });
});

describe('exactly once across crashes', () => {
  it('after a crash between the insert and its answer, the retry completes the same interaction with one note', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const activity = anActivity([link(w.edward), link(w.edwardCase)]);
    sn.crashAfterCommit('interaction');
    expect(await crmError(connector.writeActivity(activity))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(sn.rows('interaction')).toHaveLength(1); // committed
    expect(relatedRows()).toHaveLength(0);

    const { id } = await connector.writeActivity(activity);
    expect(sn.rows('interaction').map((r) => r.sys_id)).toEqual([id]);
    expect(sn.journal(id)).toHaveLength(1);
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.edward.id, w.edwardCase.id]);
  });

  it('after a crash between the end\'s update and its answer, the retry adds no second note', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const { id } = await connector.writeActivity(anActivity([link(w.edward)], { endedAt: null, durationSeconds: null }));
    const end = anActivity([link(w.edward)], { agent: BRANDON, agents: [ELINOR, BRANDON] });
    sn.crashAfterCommit('interaction');
    expect((await crmError(connector.writeActivity(end))).kind).toBe('unavailable');

    await connector.writeActivity(end);
    expect(sn.rows('interaction')).toEqual([expect.objectContaining({ sys_id: id, state: 'closed_complete' })]);
    expect(sn.journal(id)).toHaveLength(2);
  });

  it('after a crash while relating records, the retry adds no duplicate related rows', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const activity = anActivity([link(w.edward), link(w.edwardCase)]);
    sn.crashAfterCommit('interaction_related_record');
    expect((await crmError(connector.writeActivity(activity))).kind).toBe('unavailable');
    expect(relatedRows()).toHaveLength(1);

    await connector.writeActivity(activity);
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.edward.id, w.edwardCase.id]);
  });

  it('writes once for one key, and again for another', async () => {
    const w = seedDashwoods();
    const connector = connect();
    const first = await connector.writeActivity(anActivity([link(w.edward)]));
    const again = await connector.writeActivity(anActivity([link(w.edward)]));
    expect(again.id).toBe(first.id);
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(sn.journal(first.id)).toHaveLength(1);
    expect(relatedRows()).toHaveLength(1);

    const other = await connector.writeActivity(anActivity([link(w.edward)], { idempotencyKey: 'crm.interaction:int-2' }));
    expect(other.id).not.toBe(first.id);
    expect(sn.rows('interaction')).toHaveLength(2);
  });

  it('stops for an admin when the interaction table lacks the key field, instead of writing duplicates', async () => {
    await instance({ withoutFields: { interaction: ['u_customer_card_key'] } });
    const w = seedDashwoods();
    // Another integration's interaction: ServiceNow drops the unknown key condition and returns it.
    sn.seed('interaction', { short_description: 'Walk-up at the front desk' });
    const error = await crmError(connect().writeActivity(anActivity([link(w.edward)])));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('u_customer_card_key');
    expect((await crmError(connect().check())).kind).toBe('rejected');
  });
});

describe("ServiceNow's refusals", () => {
  it("a data policy's refusal is 'rejected' in ServiceNow's words, and nothing is written", async () => {
    await instance({ dataPolicies: { interaction: { assigned_to: 'Assigned to' } } });
    const w = seedDashwoods(); // no agent users: the interaction would be unassigned
    const error = await crmError(connect().writeActivity(anActivity([link(w.edward)])));
    expect(error).toMatchObject({ kind: 'rejected', retryable: false });
    expect(error.message).toContain('Data Policy Exception: Assigned to is mandatory');
    expect(sn.rows('interaction')).toEqual([]);
  });

  it('a linked record gone from ServiceNow is refused in its words; without it the resend writes', async () => {
    const w = seedDashwoods();
    const gone = { type: 'consumer', id: 'fedcba9876543210fedcba9876543210' };
    const connector = connect();
    const error = await crmError(connector.writeActivity(anActivity([link(gone), link(w.edwardCase)])));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain(`Invalid reference: consumer "${gone.id}" is not a csm_consumer record`);
    expect(sn.rows('interaction')).toEqual([]);

    await connector.writeActivity(anActivity([link(w.edwardCase)]));
    expect(sn.rows('interaction')).toHaveLength(1);
    expect(relatedRows().map((r) => r.document_id)).toEqual([w.edwardCase.id]);
  });

  it('throttling and outages stay retryable and write nothing', async () => {
    const w = seedDashwoods();
    const connector = connect();
    await connector.check(); // has its token
    sn.throttle(7);
    expect(await crmError(connector.writeActivity(anActivity([link(w.edward)])))).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
    sn.throttle(null);
    sn.setOutage(true);
    expect(await crmError(connector.writeActivity(anActivity([link(w.edward)])))).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(sn.rows('interaction')).toEqual([]);
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
  return sn.rows('interaction_related_record').map(({ interaction, document_table, document_id, type, task }) => ({ interaction, document_table, document_id, type, task }));
}

/** Inserts or updates of interactions the connector sent. */
function writes(method: 'POST' | 'PATCH') {
  return sn.requests.filter((r) => r.table === 'interaction' && r.method === method).length;
}
