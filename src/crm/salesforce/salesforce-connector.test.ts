import { exportPKCS8, generateKeyPair } from 'jose';
import { startSalesforceServer } from '../../../test/support/crm/salesforce-server';
import { CrmError, type InteractionActivity } from '../connector';
import { SalesforceConnector } from './salesforce-connector';

type Org = Awaited<ReturnType<typeof startSalesforceServer>>;

let sf: Org;
let connector: SalesforceConnector;
let ids: ReturnType<typeof seedNorland>;

beforeEach(async () => {
  sf = await startSalesforceServer();
  connector = new SalesforceConnector(sf.settings());
  ids = seedNorland(sf);
});

afterEach(() => sf.close());

/** The Ferrars household at Norland Park, with numbers stored the way people type them. */
function seedNorland(org: Org) {
  const account = org.seed('Account', { Name: 'Norland Park', Phone: '(555) 010-0000' });
  const edward = org.seed('Contact', { FirstName: 'Edward', LastName: 'Ferrars', Phone: '(555) 123-4567', Email: 'Edward.Ferrars@norland.example', AccountId: account });
  const robert = org.seed('Contact', { FirstName: 'Robert', LastName: 'Ferrars', MobilePhone: '+1 555 987 6543', AccountId: account });
  const lucy = org.seed('Lead', { FirstName: 'Lucy', LastName: 'Steele', Company: 'Steele & Co', Phone: '555.222.3333', Email: 'lucy@steele.example' });
  // Converted long ago: same number as Edward, but read-only history that must not be offered.
  org.seed('Lead', { FirstName: 'Edward', LastName: 'Ferrars', Company: 'Norland', Phone: '555-123-4567', IsConverted: true });
  const stranger = org.seed('Contact', { FirstName: 'John', LastName: 'Jennings', Phone: '(555) 765-4321' });
  const kettle = org.seed('Case', { Subject: 'Broken kettle', ContactId: edward, AccountId: account });
  const renovation = org.seed('Opportunity', { Name: 'Renovation', StageName: 'Prospecting', CloseDate: '2025-06-30', AccountId: account });
  return { account, edward, robert, lucy, stranger, kettle, renovation };
}

function anActivity(overrides: Partial<InteractionActivity> = {}): InteractionActivity {
  return {
    idempotencyKey: 'interaction-42:contact',
    interactionId: 'interaction-42',
    channel: 'voice',
    direction: 'inbound',
    subject: 'Call with Edward Ferrars',
    contactName: 'Edward Ferrars',
    agentName: 'Elinor Dashwood',
    startedAt: new Date('2025-03-14T09:30:00Z'),
    endedAt: new Date('2025-03-14T09:35:12Z'),
    durationSeconds: 312,
    transcriptExcerpt: null,
    regarding: { type: 'contact', id: ids.edward },
    relatedTo: [],
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<CrmError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CrmError)) throw new Error(`expected a CrmError, got ${String(error)}`);
  return error;
}

const taskPosts = () => sf.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/sobjects/Task'));

describe('findPeople', () => {
  it('finds a contact by a phone number stored in another format, with the contact\'s account, but no converted lead', async () => {
    const people = await connector.findPeople({ phones: ['+15551234567'], emails: [] });

    expect(people.map((p) => [p.type, p.id])).toEqual([
      ['contact', ids.edward],
      ['account', ids.account],
    ]);
    expect(people[0]).toEqual({
      type: 'contact',
      id: ids.edward,
      name: 'Edward Ferrars',
      person: true,
      url: `${sf.url}/lightning/r/Contact/${ids.edward}/view`,
      fields: { Phone: '(555) 123-4567', Email: 'Edward.Ferrars@norland.example' },
    });
  });

  it('finds contacts and leads by e-mail, whatever the case it was stored in', async () => {
    const people = await connector.findPeople({ phones: [], emails: ['edward.ferrars@norland.example', 'lucy@steele.example'] });

    expect(people.map((p) => [p.type, p.id])).toEqual([
      ['contact', ids.edward],
      ['lead', ids.lucy],
      ['account', ids.account],
    ]);
    expect(people[1]!.fields).toMatchObject({ Company: 'Steele & Co', Status: 'Open - Not Contacted' });
  });

  it('falls back to the name only when no identifier matches', async () => {
    expect((await connector.findPeople({ phones: ['+15550000001'], emails: [], name: 'Lucy Steele' })).map((p) => p.id)).toEqual([ids.lucy]);
    // The number identifies Edward: another Ferrars by name is not offered.
    expect((await connector.findPeople({ phones: ['+15551234567'], emails: [], name: 'Robert Ferrars' })).map((p) => p.id)).not.toContain(ids.robert);
  });
});

it('searches names across the record types the card shows', async () => {
  const found = await connector.search('Ferrars');
  expect(found.map((r) => r.id).sort()).toEqual([ids.edward, ids.robert].sort());
  expect(await connector.search('x')).toEqual([]);
});

describe('create', () => {
  it('creates a lead, a contact and a case and returns them with their Lightning URLs', async () => {
    const lead = await connector.create({ type: 'lead', fields: { firstName: 'Anne', lastName: 'Steele', company: 'Steele & Co', email: 'anne@steele.example', phone: '+15554443333' } });
    const contact = await connector.create({ type: 'contact', fields: { name: 'Marianne Dashwood', email: 'marianne@barton.example' } });
    const kase = await connector.create({ type: 'case', fields: { subject: 'Kettle still broken', description: 'Second call about it', email: 'marianne@barton.example' } });

    expect(lead).toMatchObject({ type: 'lead', name: 'Anne Steele', person: true });
    expect(lead.url).toMatch(new RegExp(`^${sf.url}/lightning/r/Lead/00Q[A-Za-z0-9]{15}/view$`));
    expect(contact).toMatchObject({ type: 'contact', name: 'Marianne Dashwood', url: `${sf.url}/lightning/r/Contact/${contact.id}/view` });
    expect(kase).toMatchObject({ type: 'case', name: 'Kettle still broken', person: false, url: `${sf.url}/lightning/r/Case/${kase.id}/view` });
    expect(kase.fields['Case Number']).toMatch(/^\d{8}$/);

    expect(sf.rows('Lead').find((r) => r.Id === lead.id)).toMatchObject({ FirstName: 'Anne', LastName: 'Steele', Company: 'Steele & Co', Email: 'anne@steele.example', Phone: '+15554443333' });
    expect(sf.rows('Contact').find((r) => r.Id === contact.id)).toMatchObject({ FirstName: 'Marianne', LastName: 'Dashwood', Email: 'marianne@barton.example' });
    expect(sf.rows('Case').find((r) => r.Id === kase.id)).toMatchObject({ Subject: 'Kettle still broken', Description: 'Second call about it', SuppliedEmail: 'marianne@barton.example' });
  });

  it('refuses a lead without a company before asking Salesforce', async () => {
    const error = await failure(connector.create({ type: 'lead', fields: { lastName: 'Brandon' } }));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/Company/);
    expect(sf.requests.filter((r) => r.method === 'POST' && r.url.includes('/sobjects/'))).toEqual([]);
  });

  it('passes on what Salesforce refuses, with its error code and message', async () => {
    // An activity about a contact this org does not have: Salesforce's FIELD_INTEGRITY_EXCEPTION.
    const error = await failure(connector.writeActivity(anActivity({ regarding: { type: 'contact', id: '003000000000000AAA' } })));
    expect(error.kind).toBe('rejected');
    expect(error.message).toBe('writing the activity to Salesforce: Salesforce FIELD_INTEGRITY_EXCEPTION: Name ID: id value of incorrect type: 003000000000000AAA');
  });
});

describe('related', () => {
  it('lists an account\'s contacts first, then its cases and opportunities', async () => {
    const related = await connector.related({ type: 'account', id: ids.account });
    expect(related.map((r) => [r.type, r.id])).toEqual([
      ['contact', ids.edward],
      ['contact', ids.robert],
      ['case', ids.kettle],
      ['opportunity', ids.renovation],
    ]);
  });

  it('lists a contact\'s account, the account\'s other contacts and the contact\'s cases', async () => {
    const related = await connector.related({ type: 'contact', id: ids.edward });
    expect(related.map((r) => [r.type, r.id])).toEqual([
      ['account', ids.account],
      ['contact', ids.robert],
      ['case', ids.kettle],
    ]);
  });
});

describe('writeActivity', () => {
  it('writes a call as a completed Call task on the contact, related to the case', async () => {
    const { id } = await connector.writeActivity(anActivity({ relatedTo: [{ type: 'case', id: ids.kettle }] }));

    const [task] = sf.rows('Task');
    expect(task).toMatchObject({
      Id: id,
      Subject: 'Call with Edward Ferrars',
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: 312,
      ActivityDate: '2025-03-14',
      Status: 'Completed',
      WhoId: ids.edward,
      WhatId: ids.kettle,
      CallObject: 'interaction-42:contact',
    });
    expect(task!.Description).toEqual(expect.stringContaining('Contact: Edward Ferrars'));
    expect(task!.Description).toEqual(expect.stringContaining('Channel: voice (inbound)'));
    expect(task!.Description).toEqual(expect.stringContaining('Started: 2025-03-14T09:30:00.000Z'));
    expect(task!.Description).toEqual(expect.stringContaining('Agent: Elinor Dashwood'));
  });

  it('writes an e-mail as an Email task on the account, with the transcript excerpt and no call fields', async () => {
    await connector.writeActivity(
      anActivity({
        idempotencyKey: 'interaction-43:account',
        channel: 'email',
        direction: 'outbound',
        subject: 'Re: your kettle',
        durationSeconds: null,
        transcriptExcerpt: 'Dear Mr Ferrars, a new kettle is on its way.',
        regarding: { type: 'account', id: ids.account },
      }),
    );

    const [task] = sf.rows('Task');
    expect(task).toMatchObject({ Subject: 'Re: your kettle', TaskSubtype: 'Email', Status: 'Completed', WhatId: ids.account });
    expect(task).not.toHaveProperty('WhoId');
    expect(task).not.toHaveProperty('CallType');
    expect(task).not.toHaveProperty('CallDurationInSeconds');
    expect(task!.Description).toEqual(expect.stringContaining('Channel: email (outbound)'));
    expect(task!.Description).toEqual(expect.stringContaining('Dear Mr Ferrars, a new kettle is on its way.'));
  });

  it('puts a lead in Name, and refuses a Related To record next to a lead without writing anything', async () => {
    await connector.writeActivity(anActivity({ idempotencyKey: 'k-lead', regarding: { type: 'lead', id: ids.lucy } }));
    expect(sf.rows('Task')[0]).toMatchObject({ WhoId: ids.lucy });
    expect(sf.rows('Task')[0]).not.toHaveProperty('WhatId');

    const error = await failure(connector.writeActivity(anActivity({ idempotencyKey: 'k-lead-case', regarding: { type: 'case', id: ids.kettle }, relatedTo: [{ type: 'lead', id: ids.lucy }] })));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/lead/);
    expect(error.message).toMatch(/Related To/);
    expect(sf.rows('Task')).toHaveLength(1);
    expect(taskPosts()).toHaveLength(1);
  });

  it('writes once for the same idempotency key', async () => {
    const first = await connector.writeActivity(anActivity());
    const second = await connector.writeActivity(anActivity());
    const concurrent = await Promise.all([connector.writeActivity(anActivity({ idempotencyKey: 'k2' })), connector.writeActivity(anActivity({ idempotencyKey: 'k2' }))]);

    expect(second).toEqual(first);
    expect(concurrent[0]).toEqual(concurrent[1]);
    expect(sf.rows('Task').map((t) => t.Id)).toEqual([first.id, concurrent[0].id]);
  });

  it('writes once when Salesforce committed the task but the answer was lost', async () => {
    sf.crashAfterCommit('Task');
    const lost = await failure(connector.writeActivity(anActivity()));
    expect(lost.kind).toBe('unavailable');
    expect(sf.rows('Task')).toHaveLength(1);

    const retried = await connector.writeActivity(anActivity());
    expect(sf.rows('Task').map((t) => t.Id)).toEqual([retried.id]);
    expect(taskPosts()).toHaveLength(1);
  });
});

describe('sessions and failures', () => {
  it('renews an expired session once and repeats the request', async () => {
    await connector.get({ type: 'contact', id: ids.edward });
    sf.expireTokens();
    const record = await connector.get({ type: 'contact', id: ids.edward });
    expect(record?.name).toBe('Edward Ferrars');
    expect(sf.tokensIssued).toBe(2);
  });

  it('gives up as unauthorized when even a fresh session is refused, after one renewal', async () => {
    await connector.get({ type: 'contact', id: ids.edward });
    sf.refuseSessions(true);
    const error = await failure(connector.get({ type: 'contact', id: ids.edward }));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/INVALID_SESSION_ID/);
    expect(sf.tokensIssued).toBe(2);
  });

  it('reports throttling with Retry-After, without retrying on its own', async () => {
    await connector.get({ type: 'contact', id: ids.edward });
    sf.throttle({ status: 429, retryAfterSeconds: 7 });
    const before = sf.requests.length;
    const error = await failure(connector.get({ type: 'lead', id: ids.lucy }));
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
    expect(sf.requests.length - before).toBe(1); // the outbox retries after Retry-After, jsforce does not retry blindly

    sf.throttle({ status: 403 });
    const limit = await failure(connector.get({ type: 'contact', id: ids.edward }));
    expect(limit.kind).toBe('throttled');
    expect(limit.message).toMatch(/REQUEST_LIMIT_EXCEEDED/);
  });

  it('reports an outage as unavailable, whether Salesforce answers 503 or nothing listens', async () => {
    await connector.get({ type: 'contact', id: ids.edward });
    await sf.setOutage('http503');
    expect(await failure(connector.get({ type: 'contact', id: ids.edward }))).toMatchObject({ kind: 'unavailable', retryAfterMs: 30_000 });

    await sf.setOutage('refused');
    const refused = await failure(connector.search('Ferrars'));
    expect(refused.kind).toBe('unavailable');
    expect(refused.message).toMatch(/cannot be reached/);

    await sf.setOutage(null);
    expect(await connector.search('Ferrars')).toHaveLength(2);
  });

  it('passes the connection check, and fails it as unauthorized for a wrong secret without showing the secret', async () => {
    await expect(connector.check()).resolves.toBeUndefined();

    const wrongSecret = 'wrong-secret-Zq8vX2';
    const error = await failure(new SalesforceConnector(sf.settings({ clientSecret: wrongSecret })).check());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/token endpoint refused the client credentials/);
    expect(error.message).not.toContain(wrongSecret);
    expect(error.message).not.toContain(sf.clientSecret);
  });
});

describe('JWT bearer flow', () => {
  it('signs in with the connected app\'s key as the configured user, and is refused with another key', async () => {
    const key = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const org = await startSalesforceServer({ jwt: { publicKey: key.publicKey, username: 'integration@norland.example' } });
    try {
      const jwt = { username: 'integration@norland.example', privateKeyPem: await exportPKCS8(key.privateKey) };
      await expect(new SalesforceConnector({ ...org.settings(), clientSecret: '', jwt }).check()).resolves.toBeUndefined();
      expect(org.tokensIssued).toBe(1);

      const pem = await exportPKCS8(other.privateKey);
      const error = await failure(new SalesforceConnector({ ...org.settings(), clientSecret: '', jwt: { ...jwt, privateKeyPem: pem } }).check());
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toMatch(/JWT bearer assertion: invalid assertion/);
      expect(error.message).not.toContain('PRIVATE KEY');
    } finally {
      await org.close();
    }
  });
});
