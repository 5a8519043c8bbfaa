import { DYNAMICS_CLIENT_SECRET, startDynamicsServer, type DynamicsServer } from '../../../test/support/crm/dynamics-server';
import { CrmError, type InteractionActivity } from '../connector';
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
  return { barton, edward, lucy, willoughby, marianne, roof, parcel };
}

function activity(overrides: Partial<InteractionActivity> = {}): InteractionActivity {
  return {
    idempotencyKey: `interaction-1:contact:${ids.edward}`,
    interactionId: 'interaction-1',
    channel: 'voice',
    direction: 'inbound',
    subject: 'Call from Edward Ferrars',
    contactName: 'Edward Ferrars',
    agentName: 'Elinor Dashwood',
    startedAt: new Date('2024-05-01T10:00:00Z'),
    endedAt: new Date('2024-05-01T10:04:05Z'),
    durationSeconds: 245,
    transcriptExcerpt: null,
    regarding: { type: 'contact', id: ids.edward },
    relatedTo: [{ type: 'account', id: ids.barton }],
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
        url: `${server.instanceUrl}/main.aspx?etn=contact&id=${ids.edward}&pagetype=entityrecord`,
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
    expect(created.url).toBe(`${server.instanceUrl}/main.aspx?etn=contact&id=${created.id}&pagetype=entityrecord`);
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
      ['case', ids.parcel],
    ]);
  });
});

describe('writing activities', () => {
  it('logs a call as a completed phone call regarding the linked contact, the people as its From parties', async () => {
    const { id } = await connector.writeActivity(activity());
    const [call, ...others] = server.rows('phonecalls');
    expect(others).toEqual([]);
    expect(call).toMatchObject({
      activityid: id,
      subject: 'Call from Edward Ferrars',
      directioncode: false,
      actualdurationminutes: 5,
      actualstart: '2024-05-01T10:00:00.000Z',
      actualend: '2024-05-01T10:04:05.000Z',
      _regardingobjectid_value: ids.edward,
      '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      statecode: 1,
      statuscode: 4,
    });
    expect(call!.description).toEqual(expect.stringContaining('Agent: Elinor Dashwood'));
    const parties = server.rows('activityparties').map((p) => [p._partyid_value, p.participationtypemask]);
    expect(parties).toEqual([
      [ids.edward, 1],
      [ids.barton, 1],
    ]);
  });

  it('logs an outbound call regarding an account as a made call', async () => {
    const { id } = await connector.writeActivity(activity({ idempotencyKey: 'k-account', direction: 'outbound', regarding: { type: 'account', id: ids.barton }, relatedTo: [] }));
    expect(server.row('phonecalls', id)).toMatchObject({
      _regardingobjectid_value: ids.barton,
      '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      directioncode: true,
      statuscode: 2,
    });
    expect(server.rows('activityparties').map((p) => p.participationtypemask)).toEqual([2]);
  });

  it('logs an e-mail as an e-mail activity with an HTML description', async () => {
    const { id } = await connector.writeActivity(activity({ channel: 'email', subject: 'Re: parcel', durationSeconds: null, transcriptExcerpt: 'Where is <my> parcel?\nThanks' }));
    expect(server.rows('phonecalls')).toEqual([]);
    const email = server.row('emails', id);
    expect(email).toMatchObject({ subject: 'Re: parcel', directioncode: false, _regardingobjectid_value: ids.edward, statecode: 1 });
    expect(email!.description).toContain('Where is &lt;my&gt; parcel?<br>Thanks');
  });

  it('logs a chat as a completed task', async () => {
    const { id } = await connector.writeActivity(activity({ channel: 'chat', subject: 'Chat with Edward Ferrars' }));
    expect(server.row('tasks', id)).toMatchObject({ subject: 'Chat with Edward Ferrars', _regardingobjectid_value: ids.edward, statecode: 1, statuscode: 5 });
  });

  it('writes once for one idempotency key', async () => {
    const first = await connector.writeActivity(activity());
    const second = await connector.writeActivity(activity());
    expect(second).toEqual(first);
    expect(server.rows('phonecalls')).toHaveLength(1);
    expect(server.rows('activityparties')).toHaveLength(2);
  });

  it('writes once when the connection drops after Dataverse committed, and completes it on retry', async () => {
    server.switches.crashAfterCommit = 1;
    const error = await failure(connector.writeActivity(activity()));
    expect(error.kind).toBe('unavailable');
    expect(error.retryable).toBe(true);
    expect(server.rows('phonecalls')).toMatchObject([{ statecode: 0 }]);

    const { id } = await connector.writeActivity(activity());
    expect(server.rows('phonecalls')).toMatchObject([{ activityid: id, statecode: 1, statuscode: 4 }]);
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
