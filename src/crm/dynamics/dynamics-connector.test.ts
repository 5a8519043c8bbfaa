import { DYNAMICS_CLIENT_SECRET, startDynamicsServer, type DynamicsServer } from '../../../test/support/crm/dynamics-server';
import { CrmError, type ActivityRecord, type AgentOfRecord, type InteractionActivity } from '../connector';
import { DynamicsConnector } from './dynamics-connector';

let server: DynamicsServer;
let connector: DynamicsConnector;
let ids: ReturnType<typeof seed>;

beforeEach(async () => {
  server = await startDynamicsServer();
  connector = new DynamicsConnector(server.settings(), { timeoutMs: 5000 });
  ids = seed();
});
afterEach(() => server.close());

function seed() {
  const barton = server.insert('accounts', { name: 'Barton Cottage Ltd', telephone1: '+44 1392 555010', emailaddress1: 'office@barton.example' });
  const edward = server.insert('contacts', {
    firstname: 'Edward', lastname: 'Ferrars', telephone1: '(555) 555-0142', emailaddress1: 'Edward.Ferrars@Norland.example',
    'parentcustomerid_account@odata.bind': `/accounts(${barton})`,
  });
  // Holds 5,5,5,0,1,4,2 in order, so the wildcard query returns her too: another number all the same.
  const lucy = server.insert('contacts', { firstname: 'Lucy', lastname: 'Steele', mobilephone: '+1 555 999 0142', 'parentcustomerid_account@odata.bind': `/accounts(${barton})` });
  const willoughby = server.insert('contacts', { firstname: 'John', lastname: 'Willoughby', telephone1: '+1 555 555 0199' });
  const marianne = server.insert('leads', { firstname: 'Marianne', lastname: 'Dashwood', emailaddress1: 'marianne@barton.example', subject: 'Piano lessons' });
  const roof = server.insert('incidents', { title: 'Leaking roof', 'customerid_account@odata.bind': `/accounts(${barton})` });
  const parcel = server.insert('incidents', { title: 'Missing parcel', 'customerid_contact@odata.bind': `/contacts(${edward})` });
  const kettle = server.insert('incidents', { title: 'Broken kettle', 'customerid_contact@odata.bind': `/contacts(${edward})` });
  const elinorUser = server.insert('systemusers', { firstname: 'Elinor', lastname: 'Dashwood', internalemailaddress: 'Elinor.Dashwood@norland.example', isdisabled: false });
  const brandonUser = server.insert('systemusers', { firstname: 'Christopher', lastname: 'Brandon', internalemailaddress: 'colonel.brandon@delaford.example', isdisabled: false });
  server.insert('systemusers', { firstname: 'John', lastname: 'Dashwood', internalemailaddress: 'john.dashwood@norland.example', isdisabled: true });
  return { barton, edward, lucy, willoughby, marianne, roof, parcel, kettle, elinorUser, brandonUser };
}

const elinor: AgentOfRecord = { id: 'elinor.dashwood@norland.example', name: 'Elinor Dashwood', email: 'elinor.dashwood@norland.example' };
const brandon: AgentOfRecord = { id: 'colonel.brandon@delaford.example', name: 'Colonel Brandon', email: 'colonel.brandon@delaford.example' };

const link = (type: string, id: string): ActivityRecord => ({ type, id, source: 'link' });
const chosen = (slot: 'who' | 'what', type: string, id: string): ActivityRecord => ({ type, id, source: 'relation', slot });
const byDefault = (type: string, id: string): ActivityRecord => ({ type, id, source: 'default', slot: type === 'contact' || type === 'lead' ? 'who' : 'what' });

function activity(overrides: Partial<InteractionActivity> = {}): InteractionActivity {
  return {
    idempotencyKey: 'crm.interaction:interaction-1',
    interactionId: 'interaction-1',
    channel: 'voice',
    direction: 'inbound',
    subject: 'Call from Edward Ferrars',
    contactName: 'Edward Ferrars',
    customer: { phone: '+15555550142', email: 'edward.ferrars@norland.example' },
    agent: elinor,
    agents: [elinor],
    startedAt: new Date('2024-05-01T10:00:00Z'),
    endedAt: new Date('2024-05-01T10:04:05Z'),
    durationSeconds: 245,
    transcriptExcerpt: null,
    records: [link('contact', ids.edward)],
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<CrmError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CrmError);
  return error as CrmError;
}

describe('finding people', () => {
  it('matches a phone number stored in another format, and only that number', async () => {
    const found = await connector.findPeople({ phones: ['+15555550142'], emails: [] });
    expect(found).toEqual([
      {
        type: 'contact',
        id: ids.edward,
        name: 'Edward Ferrars',
        person: true,
        url: `${server.instanceUrl}/main.aspx?pagetype=entityrecord&etn=contact&id=${ids.edward}`,
        fields: { phone: '(555) 555-0142', email: 'Edward.Ferrars@Norland.example' },
      },
    ]);
  });

  it('matches e-mail addresses whatever their case, contacts before leads', async () => {
    const found = await connector.findPeople({ phones: [], emails: ['marianne@barton.example', 'edward.ferrars@norland.example'] });
    expect(found.map((r) => [r.type, r.id])).toEqual([
      ['contact', ids.edward],
      ['lead', ids.marianne],
    ]);
  });

  it('lists identifier matches before name matches', async () => {
    const found = await connector.findPeople({ phones: [], emails: ['office@barton.example'], name: 'Marianne Dashwood' });
    expect(found.map((r) => r.id)).toEqual([ids.barton, ids.marianne]);
  });

  it('searches names, taking LIKE wildcards and quotes in the text literally', async () => {
    expect((await connector.search('ferr')).map((r) => r.id)).toEqual([ids.edward]);
    expect((await connector.search('roof')).map((r) => [r.type, r.name])).toEqual([['case', 'Leaking roof']]);
    expect(await connector.search('%')).toEqual([]);
    expect(await connector.search("O'Brien")).toEqual([]);
  });

  it('gets a record, and null for one that does not exist', async () => {
    expect(await connector.get({ type: 'lead', id: ids.marianne })).toMatchObject({ name: 'Marianne Dashwood', fields: { subject: 'Piano lessons' } });
    expect(await connector.get({ type: 'contact', id: '00000000-0000-0000-0000-000000000001' })).toBeNull();
    expect(await connector.get({ type: 'contact', id: 'not-a-guid' })).toBeNull();
  });
});

describe('creating and relating records', () => {
  it('creates a contact and returns it as Dataverse computed it, with its deep link', async () => {
    const created = await connector.create({ type: 'contact', fields: { firstName: 'Elinor', lastName: 'Dashwood', email: 'elinor@barton.example', phone: '+44 1392 555011' } });
    expect(created).toMatchObject({ type: 'contact', name: 'Elinor Dashwood', person: true, fields: { email: 'elinor@barton.example', phone: '+44 1392 555011' } });
    expect(created.url).toBe(`${server.instanceUrl}/main.aspx?pagetype=entityrecord&etn=contact&id=${created.id}`);
    expect(server.row('contacts', created.id)).toMatchObject({ firstname: 'Elinor', lastname: 'Dashwood', emailaddress1: 'elinor@barton.example' });
  });

  it('creates a case for a customer, and reports what Dataverse refuses', async () => {
    const kase = await connector.create({ type: 'case', fields: { subject: 'Broken window', accountId: ids.barton } });
    expect(kase).toMatchObject({ type: 'case', name: 'Broken window', person: false, fields: { ticketNumber: expect.stringMatching(/^CAS-/) } });
    expect(server.row('incidents', kase.id)).toMatchObject({ _customerid_value: ids.barton });

    const error = await failure(connector.create({ type: 'case', fields: { subject: 'No customer' } }));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('You should specify a parent contact or account.');
  });

  it("lists an account's people before its cases", async () => {
    const related = await connector.related({ type: 'account', id: ids.barton });
    expect(related.map((r) => [r.type, r.name])).toEqual([
      ['contact', 'Lucy Steele'],
      ['contact', 'Edward Ferrars'],
      ['case', 'Leaking roof'],
    ]);
  });

  it("lists a contact's account and the account's other people, then the contact's cases", async () => {
    const related = await connector.related({ type: 'contact', id: ids.edward });
    expect(related.map((r) => [r.type, r.id])).toEqual([
      ['account', ids.barton],
      ['contact', ids.lucy],
      ['case', ids.kettle],
      ['case', ids.parcel],
    ]);
  });
});

/** The activity's parties as [record id, participationtypemask, table]. */
function partiesOf(activityId: string) {
  return server
    .rows('activityparties')
    .filter((p) => p._activityid_value === activityId)
    .map((p) => [p._partyid_value ?? p.addressused, p.participationtypemask, p['_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] ?? null]);
}

const callUrl = (id: string) => `${server.instanceUrl}/main.aspx?pagetype=entityrecord&etn=phonecall&id=${id}`;

describe('planning where the records go', () => {
  it('makes the Related To chosen the Regarding of the call and the linked contact its caller, asking Dataverse nothing', async () => {
    const plan = await connector.planActivity(activity({ records: [link('contact', ids.edward), chosen('what', 'case', ids.kettle)] }));
    expect(plan).toEqual({
      placed: [
        { type: 'contact', id: ids.edward, as: 'activity party (From)' },
        { type: 'case', id: ids.kettle, as: 'regardingobjectid' },
      ],
      dropped: [],
    });
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['a linked case over the linked contact', () => [link('contact', ids.edward), link('case', ids.roof)], () => ids.roof],
    ['a linked account over the linked contact', () => [link('contact', ids.edward), link('account', ids.barton)], () => ids.barton],
    ['the Name chosen over a linked contact', () => [link('contact', ids.edward), chosen('who', 'contact', ids.lucy)], () => ids.lucy],
    ['the first linked person', () => [link('lead', ids.marianne), link('contact', ids.edward)], () => ids.marianne],
    ["relates-to's default when nothing else is there", () => [byDefault('case', ids.roof)], () => ids.roof],
  ])('takes %s as Regarding', async (_, records, regarding) => {
    const plan = await connector.planActivity(activity({ records: records() }));
    expect(plan.placed.filter((p) => p.as.startsWith('regardingobjectid')).map((p) => p.id)).toEqual([regarding()]);
    expect(plan.dropped).toEqual([]);
  });

  it('drops, with a reason, what one activity cannot hold: a second case, the default, an id that is no GUID, a type with no table', async () => {
    const plan = await connector.planActivity(
      activity({
        records: [link('contact', ids.edward), link('case', ids.roof), link('campaign', ids.barton), link('contact', '0031x00000AbCdE'), chosen('what', 'case', ids.kettle), byDefault('case', ids.parcel)],
      }),
    );
    expect(plan.placed).toEqual([
      { type: 'contact', id: ids.edward, as: 'activity party (From)' },
      { type: 'case', id: ids.kettle, as: 'regardingobjectid' },
    ]);
    expect(plan.dropped).toEqual([
      { type: 'case', id: ids.roof, reason: `a Dynamics 365 activity is regarding one record, and that is the case ${ids.kettle} chosen in Related To` },
      { type: 'campaign', id: ids.barton, reason: 'Dynamics 365 has no table for the record type "campaign" that the card knows' },
      { type: 'contact', id: '0031x00000AbCdE', reason: '"0031x00000AbCdE" is not a Dataverse record id (a GUID)' },
      {
        type: 'case',
        id: ids.parcel,
        reason: `relates-to's default (the record opened last) is used only when nothing else is Regarding; the activity is regarding the case ${ids.kettle} chosen in Related To`,
      },
    ]);
  });

  it('leaves the default person out when someone was linked, and gives an e-mail one sender', async () => {
    const call = await connector.planActivity(activity({ records: [link('contact', ids.edward), byDefault('contact', ids.lucy)] }));
    expect(call.dropped).toEqual([
      { type: 'contact', id: ids.lucy, reason: `relates-to's default (the record opened last) is used only when no one was linked or chosen; From holds the contact ${ids.edward}` },
    ]);
    const email = await connector.planActivity(activity({ channel: 'email', records: [link('case', ids.parcel), link('account', ids.barton), link('contact', ids.edward)] }));
    expect(email.placed).toEqual([
      { type: 'case', id: ids.parcel, as: 'regardingobjectid' },
      { type: 'contact', id: ids.edward, as: 'activity party (From)' },
    ]);
    expect(email.dropped).toEqual([{ type: 'account', id: ids.barton, reason: `an e-mail has one sender (From), and that is the contact ${ids.edward}` }]);
  });
});

describe("writing the interaction's activity", () => {
  it('writes an inbound call with Edward linked and the case related as one phone call regarding the case, From Edward, To Elinor, owned by her', async () => {
    const written = await connector.writeActivity(activity({ records: [link('contact', ids.edward), chosen('what', 'case', ids.kettle)] }));
    const [call, ...others] = server.rows('phonecalls');
    expect(others).toEqual([]);
    expect(call).toMatchObject({
      activityid: written.id,
      subject: 'Call from Edward Ferrars',
      phonenumber: '+15555550142',
      directioncode: false,
      actualdurationminutes: 5,
      actualstart: '2024-05-01T10:00:00.000Z',
      actualend: '2024-05-01T10:04:05.000Z',
      _regardingobjectid_value: ids.kettle,
      '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'incident',
      _ownerid_value: ids.elinorUser,
      statecode: 1,
      statuscode: 4,
    });
    expect(call!.description).toContain('Agent: Elinor Dashwood');
    expect(partiesOf(written.id)).toEqual([
      [ids.edward, 1, 'contact'],
      [ids.elinorUser, 2, 'systemuser'],
    ]);
    expect(written).toEqual({ id: written.id, url: callUrl(written.id), plan: await connector.planActivity(activity({ records: [link('contact', ids.edward), chosen('what', 'case', ids.kettle)] })) });
  });

  it('writes an outbound call From the agent To the customer, as a made call', async () => {
    const { id } = await connector.writeActivity(activity({ direction: 'outbound', records: [link('account', ids.barton)] }));
    expect(server.row('phonecalls', id)).toMatchObject({ _regardingobjectid_value: ids.barton, directioncode: true, statuscode: 2 });
    expect(partiesOf(id)).toEqual([
      [ids.barton, 2, 'account'],
      [ids.elinorUser, 1, 'systemuser'],
    ]);
  });

  it('writes an e-mail with an HTML description; with no record linked, its sender is the address it came from', async () => {
    const { id } = await connector.writeActivity(activity({ channel: 'email', subject: 'Re: parcel', durationSeconds: null, transcriptExcerpt: 'Where is <my> parcel?\nThanks', records: [] }));
    expect(server.rows('phonecalls')).toEqual([]);
    const email = server.row('emails', id);
    expect(email).toMatchObject({ subject: 'Re: parcel', directioncode: false, statecode: 1, statuscode: 4 });
    expect(email!._regardingobjectid_value).toBeUndefined();
    expect(email!.description).toContain('Where is &lt;my&gt; parcel?<br>Thanks');
    expect(partiesOf(id)).toEqual([
      ['edward.ferrars@norland.example', 1, null],
      [ids.elinorUser, 2, 'systemuser'],
    ]);
  });

  it('writes a chat as a task owned by the agent: a task has no parties, so the person beside the related case is dropped', async () => {
    const { id, plan } = await connector.writeActivity(activity({ channel: 'chat', subject: 'Chat with Edward Ferrars', records: [link('contact', ids.edward), chosen('what', 'case', ids.kettle)] }));
    expect(server.row('tasks', id)).toMatchObject({ subject: 'Chat with Edward Ferrars', _regardingobjectid_value: ids.kettle, _ownerid_value: ids.elinorUser, statecode: 1, statuscode: 5 });
    expect(server.rows('activityparties')).toEqual([]);
    expect(plan.dropped).toEqual([
      { type: 'contact', id: ids.edward, reason: `a Dynamics 365 task has no From or To: it is regarding the case ${ids.kettle} chosen in Related To` },
    ]);
  });

  it('writes without an agent party and keeps the application user as owner when the agent has no enabled systemuser, asking once', async () => {
    const john: AgentOfRecord = { id: 'john.dashwood@norland.example', name: 'John Dashwood', email: 'john.dashwood@norland.example' };
    const first = await connector.writeActivity(activity({ agent: john, agents: [john] }));
    const second = await connector.writeActivity(activity({ idempotencyKey: 'crm.interaction:interaction-2', interactionId: 'interaction-2', agent: john, agents: [john] }));
    for (const { id } of [first, second]) {
      expect(server.row('phonecalls', id)).toMatchObject({ _ownerid_value: server.applicationUserId, statecode: 1 });
      expect(partiesOf(id)).toEqual([[ids.edward, 1, 'contact']]);
    }
    expect(server.requests.filter((r) => r.path === 'systemusers')).toHaveLength(1);

    const noEmail: AgentOfRecord = { id: 'agent-7', name: 'Agent Seven', email: null };
    const third = await connector.writeActivity(activity({ idempotencyKey: 'crm.interaction:interaction-3', agent: noEmail, agents: [noEmail] }));
    expect(server.row('phonecalls', third.id)).toMatchObject({ _ownerid_value: server.applicationUserId });
    expect(server.requests.filter((r) => r.path === 'systemusers')).toHaveLength(1);
  });
});

describe('one activity per interaction', () => {
  it('writes a chat open at its transfer and completes the same task at its end, the first agent still its owner', async () => {
    const chat = { channel: 'chat' as const, subject: 'Chat with Edward Ferrars', durationSeconds: null };
    const atTransfer = await connector.writeActivity(activity({ ...chat, endedAt: null }));
    expect(server.row('tasks', atTransfer.id)).toMatchObject({ statecode: 0, statuscode: 2, _ownerid_value: ids.elinorUser });

    const atEnd = await connector.writeActivity(activity({ ...chat, agent: brandon, agents: [elinor, brandon], records: [link('contact', ids.edward), chosen('what', 'case', ids.kettle)] }));
    expect(atEnd.id).toBe(atTransfer.id);
    const [task, ...others] = server.rows('tasks');
    expect(others).toEqual([]);
    expect(task).toMatchObject({ activityid: atEnd.id, _regardingobjectid_value: ids.kettle, _ownerid_value: ids.elinorUser, statecode: 1, statuscode: 5, actualend: '2024-05-01T10:04:05.000Z' });
    expect(task!.description).toContain('Agent: Colonel Brandon\nHandled by: Elinor Dashwood, Colonel Brandon');
  });

  it('reopens a completed call to update it, replaces its parties and Regarding, and completes it again', async () => {
    const { id } = await connector.writeActivity(activity({ records: [link('contact', ids.edward)] }));
    server.requests.length = 0;
    const again = await connector.writeActivity(activity({ records: [link('contact', ids.edward), link('contact', ids.lucy), chosen('what', 'case', ids.kettle)] }));
    expect(again.id).toBe(id);
    expect(server.rows('phonecalls')).toHaveLength(1);
    expect(server.row('phonecalls', id)).toMatchObject({ _regardingobjectid_value: ids.kettle, statecode: 1, statuscode: 4 });
    expect(partiesOf(id)).toEqual([
      [ids.edward, 1, 'contact'],
      [ids.lucy, 1, 'contact'],
      [ids.elinorUser, 2, 'systemuser'],
    ]);
    expect(server.requests.map((r) => [r.method, r.status, r.method === 'PATCH' ? Object.keys(r.body as object).includes('subject') || (r.body as { statecode: number }).statecode : null])).toEqual([
      ['POST', 412, null],
      ['GET', 200, null],
      ['PATCH', 204, 0],
      ['PATCH', 204, true],
      ['PATCH', 204, 1],
    ]);
  });

  it('clears the Regarding when no record is left to be regarding', async () => {
    const { id } = await connector.writeActivity(activity({ records: [link('case', ids.kettle)] }));
    await connector.writeActivity(activity({ records: [] }));
    expect(server.row('phonecalls', id)!._regardingobjectid_value).toBeUndefined();
  });

  it('writes once when the connection drops after Dataverse committed the create, and completes it on retry', async () => {
    server.switches.crashAfterCommit = 1;
    const error = await failure(connector.writeActivity(activity()));
    expect(error.kind).toBe('unavailable');
    expect(error.retryable).toBe(true);
    expect(server.rows('phonecalls')).toMatchObject([{ statecode: 0 }]);

    const { id } = await connector.writeActivity(activity());
    expect(server.rows('phonecalls')).toMatchObject([{ activityid: id, statecode: 1, statuscode: 4 }]);
    expect(partiesOf(id)).toHaveLength(2);
  });

  it('writes once when the connection drops after Dataverse reopened the call for an update, and completes it on retry', async () => {
    await connector.writeActivity(activity());
    server.switches.crashAfterCommit = 1; // the create is refused as a duplicate: the reopen is the first write committed
    expect((await failure(connector.writeActivity(activity({ records: [chosen('what', 'case', ids.kettle)] })))).kind).toBe('unavailable');
    expect(server.rows('phonecalls')).toMatchObject([{ statecode: 0 }]);

    await connector.writeActivity(activity({ records: [chosen('what', 'case', ids.kettle)] }));
    expect(server.rows('phonecalls')).toMatchObject([{ _regardingobjectid_value: ids.kettle, statecode: 1, statuscode: 4 }]);
  });
});

describe('what Dataverse refuses', () => {
  it("reports a plug-in's refusal in Dataverse's own words, not to be retried", async () => {
    server.switches.pluginRejects = 'Calls need a reason code (Contoso call policy).';
    const error = await failure(connector.writeActivity(activity()));
    expect(error).toMatchObject({ kind: 'rejected', message: 'Calls need a reason code (Contoso call policy).' });
    expect(error.retryable).toBe(false);
    expect(server.rows('phonecalls')).toEqual([]);
  });

  it("reports a related record deleted in Dataverse in Dataverse's own words", async () => {
    const gone = '6b0f1f4e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
    const error = await failure(connector.writeActivity(activity({ records: [chosen('what', 'case', gone)] })));
    expect(error).toMatchObject({ kind: 'rejected', message: `incident With Id = ${gone} Does Not Exist` });
  });

  it('keeps a completed activity read-only until it is reopened, as Dataverse does', async () => {
    const { id } = await connector.writeActivity(activity());
    const token = (await (await fetch(server.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: server.settings().clientId, client_secret: DYNAMICS_CLIENT_SECRET, scope: `${server.instanceUrl}/.default` }) })).json()) as { access_token: string };
    const patch = (body: object) =>
      fetch(`${server.instanceUrl}/api/data/v9.2/phonecalls(${id})`, { method: 'PATCH', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json', 'if-match': '*' }, body: JSON.stringify(body) });
    const refused = await patch({ subject: 'Changed' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: '0x80040203', message: 'Cannot update Closed or Cancelled Activity' } });
    expect((await patch({ statecode: 0 })).status).toBe(204);
    expect(server.row('phonecalls', id)).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  it('reports throttling while writing with the time Dataverse asks to wait', async () => {
    server.switches.throttleSeconds = 30;
    expect(await failure(connector.writeActivity(activity()))).toMatchObject({ kind: 'throttled', retryAfterMs: 30_000 });
  });
});

describe('failures', () => {
  it('gets a new token when Dataverse refuses the cached one, and retries', async () => {
    await connector.search('Ferrars');
    expect(server.tokenRequests).toBe(1);
    server.expireTokens();
    expect((await connector.search('Ferrars')).map((r) => r.id)).toEqual([ids.edward]);
    expect(server.tokenRequests).toBe(2);
    expect(server.requests.some((r) => r.status === 401)).toBe(true);
  });

  it('reports throttling with the time Dataverse asks to wait', async () => {
    server.switches.throttleSeconds = 7;
    const error = await failure(connector.findPeople({ phones: ['+15555550142'], emails: [] }));
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
    expect(error.retryable).toBe(true);
  });

  it('reports an outage as unavailable and writes nothing', async () => {
    server.switches.outage = true;
    expect((await failure(connector.check())).kind).toBe('unavailable');
    expect((await failure(connector.writeActivity(activity()))).kind).toBe('unavailable');
    server.switches.outage = false;
    expect(server.rows('phonecalls')).toEqual([]);
  });

  it('gives up on an answer cut off halfway, which dynamics-web-api alone would wait for forever', async () => {
    const impatient = new DynamicsConnector(server.settings(), { timeoutMs: 200 });
    server.switches.dropMidResponse = 1;
    expect((await failure(impatient.search('Ferrars'))).kind).toBe('unavailable');
    expect((await impatient.search('Ferrars')).map((r) => r.id)).toEqual([ids.edward]);
  }, 5000);

  it('checks the connection with WhoAmI', async () => {
    await connector.check();
    expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', 'WhoAmI()', 200]]);
  });

  it('rejects a wrong client secret as unauthorized, without the secret in the message', async () => {
    const wrong = 'Wr0ng~secret.value-123';
    const error = await failure(new DynamicsConnector(server.settings({ clientSecret: wrong })).check());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(DYNAMICS_CLIENT_SECRET);
    expect(server.requests).toEqual([]);
  });
});
