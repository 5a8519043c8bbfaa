import { createHash } from 'node:crypto';
import { exportPKCS8, generateKeyPair } from 'jose';
import { startSalesforceServer, TASK_KEY_FIELD, type SalesforceServerOptions } from '../../../test/support/crm/salesforce-server';
import { CrmError, type ActivityRecord, type AgentOfRecord, type InteractionActivity } from '../connector';
import { SalesforceConnector } from './salesforce-connector';
import { SHARED_ACTIVITIES_OFF } from './salesforce-task-plan';

type Org = Awaited<ReturnType<typeof startSalesforceServer>>;

let sf: Org;
let connector: SalesforceConnector;
let ids: ReturnType<typeof seedNorland>;

async function startOrg(options: SalesforceServerOptions = {}, settings: { apiVersion?: string; externalIdField?: string } = {}) {
  await sf?.close();
  sf = await startSalesforceServer(options);
  connector = new SalesforceConnector(sf.settings(settings));
  ids = seedNorland(sf);
}

beforeEach(() => startOrg());
afterEach(() => sf.close());

/** The Ferrars household at Norland Park, with numbers stored the way people type them, and the agents' users. */
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
  const ball = org.seed('Campaign', { Name: 'Barton ball' });
  const elinorUser = org.seed('User', { FirstName: 'Elinor', LastName: 'Dashwood', Email: 'elinor.dashwood@norland.example', Username: 'elinor@norland.example' });
  const brandonUser = org.seed('User', { FirstName: 'Christopher', LastName: 'Brandon', Email: 'brandon@delaford.example', Username: 'brandon@delaford.example' });
  return { account, edward, robert, lucy, stranger, kettle, renovation, ball, elinorUser, brandonUser };
}

const elinor: AgentOfRecord = { id: 'elinor.dashwood@norland.example', name: 'Elinor Dashwood', email: 'elinor.dashwood@norland.example' };
const brandon: AgentOfRecord = { id: 'brandon@delaford.example', name: 'Colonel Brandon', email: 'brandon@delaford.example' };

const link = (type: string, id: string): ActivityRecord => ({ type, id, source: 'link' });
const relation = (type: string, id: string, slot: 'who' | 'what'): ActivityRecord => ({ type, id, source: 'relation', slot });
const byDefault = (type: string, id: string, slot: 'who' | 'what'): ActivityRecord => ({ type, id, source: 'default', slot });

function anActivity(overrides: Partial<InteractionActivity> = {}): InteractionActivity {
  return {
    idempotencyKey: 'crm.interaction:interaction-42',
    interactionId: 'interaction-42',
    channel: 'voice',
    direction: 'inbound',
    subject: 'Call from Edward Ferrars',
    contactName: 'Edward Ferrars',
    customer: { phone: '+15551234567', email: null },
    agent: elinor,
    agents: [elinor],
    startedAt: new Date('2025-03-14T09:30:00Z'),
    endedAt: new Date('2025-03-14T09:35:12Z'),
    durationSeconds: 312,
    transcriptExcerpt: null,
    records: [link('contact', ids.edward)],
    ...overrides,
  };
}

/** "A call with Edward (contact) linked, case Broken kettle related, Robert (contact) also linked." */
const kettleCall = () => anActivity({ records: [link('contact', ids.edward), relation('case', ids.kettle, 'what'), link('contact', ids.robert)] });

const keyOf = (key: string) => createHash('sha256').update(key).digest('hex');

async function failure(promise: Promise<unknown>): Promise<CrmError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CrmError)) throw new Error(`expected a CrmError, got ${String(error)}`);
  return error;
}

const taskWrites = () => sf.requests.filter((r) => ['POST', 'PATCH'].includes(r.method) && /\/sobjects\/Task(\/|$)/.test(r.url));
const taskRelations = (taskId: string) => sf.rows('TaskRelation').filter((r) => r.TaskId === taskId);

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

describe('the REST API: the instance the token names, at the version the org offers', () => {
  it('sends every REST call to instance_url, not to the login host configured, at the highest version offered', async () => {
    const record = await connector.get({ type: 'contact', id: ids.edward });

    expect(record?.url).toBe(`${sf.url}/lightning/r/Contact/${ids.edward}/view`);
    expect(sf.loginUrl).not.toBe(sf.url);
    expect(sf.requests.filter((r) => r.host === 'login')).toEqual([{ method: 'POST', url: '/services/oauth2/token', host: 'login' }]);
    expect(sf.requests.filter((r) => r.host === 'instance').map((r) => r.url.split('?')[0])).toEqual(['/services/data/', '/services/data/v66.0/query']);

    await connector.search('Ferrars');
    expect(sf.requests.filter((r) => r.url === '/services/data/')).toHaveLength(1); // asked once
  });

  it('takes the highest version an older org offers, and a configured version over any', async () => {
    await startOrg({ apiVersions: ['58.0', '59.0', '60.0'] });
    await connector.get({ type: 'contact', id: ids.edward });
    expect(sf.requests.at(-1)!.url).toMatch(/^\/services\/data\/v60\.0\/query/);

    await startOrg({}, { apiVersion: '64.0' });
    await connector.get({ type: 'contact', id: ids.edward });
    expect(sf.requests.filter((r) => r.host === 'instance').map((r) => r.url.split('?')[0])).toEqual(['/services/data/v64.0/query']);
  });

  it('fails the connection check for a configured version the org does not offer', async () => {
    await startOrg({}, { apiVersion: '70.0' });
    const error = await failure(connector.check());
    expect(error.kind).toBe('rejected');
    expect(error.message).toBe('Salesforce connection check: this Salesforce org does not offer REST API v70.0; it offers v66.0 and earlier');
  });
});

describe('planActivity', () => {
  it('puts the linked contact in Name and the related case in Related To; without Shared Activities a second contact is left out, saying why', async () => {
    const plan = await connector.planActivity(kettleCall());

    expect(plan).toEqual({
      placed: [
        { type: 'contact', id: ids.edward, as: 'WhoId' },
        { type: 'case', id: ids.kettle, as: 'WhatId' },
      ],
      dropped: [{ type: 'contact', id: ids.robert, reason: `${SHARED_ACTIVITIES_OFF}, and that is the contact ${ids.edward}` }],
    });
    expect(taskWrites()).toEqual([]);
  });

  it('relates further contacts through TaskRelation when the org has Shared Activities, found out once from the Task describe', async () => {
    await startOrg({ sharedActivities: true });
    const plan = await connector.planActivity(kettleCall());
    await connector.planActivity(kettleCall());

    expect(plan.placed).toEqual([
      { type: 'contact', id: ids.edward, as: 'WhoId' },
      { type: 'case', id: ids.kettle, as: 'WhatId' },
      { type: 'contact', id: ids.robert, as: 'TaskRelation' },
    ]);
    expect(plan.dropped).toEqual([]);
    expect(sf.requests.filter((r) => r.url.endsWith('/sobjects/Task/describe'))).toHaveLength(1);
  });

  it('names the person chosen in relates-to over the first linked, and uses the default only for an empty field', async () => {
    const plan = await connector.planActivity(
      anActivity({ records: [link('contact', ids.edward), link('opportunity', ids.renovation), relation('contact', ids.robert, 'who'), byDefault('case', ids.kettle, 'what')] }),
    );

    expect(plan.placed).toEqual([
      { type: 'opportunity', id: ids.renovation, as: 'WhatId' },
      { type: 'contact', id: ids.robert, as: 'WhoId' },
    ]);
    expect(plan.dropped).toEqual([
      { type: 'contact', id: ids.edward, reason: expect.stringContaining(SHARED_ACTIVITIES_OFF) },
      { type: 'case', id: ids.kettle, reason: expect.stringMatching(/^relates-to's default .* is used only when nothing else is Related To/) },
    ]);
  });

  it('keeps a linked lead in Name and drops the campaign merely opened last, instead of losing the activity', async () => {
    const plan = await connector.planActivity(anActivity({ records: [link('lead', ids.lucy), byDefault('campaign', ids.ball, 'what')] }));

    expect(plan.placed).toEqual([{ type: 'lead', id: ids.lucy, as: 'WhoId' }]);
    expect(plan.dropped).toEqual([{ type: 'campaign', id: ids.ball, reason: expect.stringMatching(/^Salesforce doesn't relate a task to another record when its Name is a lead/) }]);
  });

  it('keeps a linked case in Related To over a lead merely opened last, which Name then goes without', async () => {
    const plan = await connector.planActivity(anActivity({ records: [link('case', ids.kettle), byDefault('lead', ids.lucy, 'who')] }));

    expect(plan.placed).toEqual([{ type: 'case', id: ids.kettle, as: 'WhatId' }]);
    expect(plan.dropped).toEqual([
      { type: 'lead', id: ids.lucy, reason: `Salesforce doesn't let a task name a lead when it is related to a record, and the case ${ids.kettle} linked takes Related To: link a contact instead` },
    ]);
  });

  it('never puts a lead and contacts on one task, even with Shared Activities', async () => {
    await startOrg({ sharedActivities: true });
    const leadFirst = await connector.planActivity(anActivity({ records: [link('lead', ids.lucy), link('contact', ids.edward)] }));
    const contactFirst = await connector.planActivity(anActivity({ records: [link('contact', ids.edward), link('lead', ids.lucy)] }));

    expect(leadFirst.placed).toEqual([{ type: 'lead', id: ids.lucy, as: 'WhoId' }]);
    expect(leadFirst.dropped).toEqual([{ type: 'contact', id: ids.edward, reason: `Salesforce relates a task to one lead or to contacts, and its Name is the lead ${ids.lucy}` }]);
    expect(contactFirst.placed).toEqual([{ type: 'contact', id: ids.edward, as: 'WhoId' }]);
    expect(contactFirst.dropped).toEqual([{ type: 'lead', id: ids.lucy, reason: `Salesforce relates a task to one lead or to contacts, not both: its Name is the contact ${ids.edward}` }]);
  });

  it('drops what no task can hold, each with its reason: a second record, a bad id, an unknown type, an object without activities', async () => {
    const plan = await connector.planActivity(
      anActivity({
        records: [
          link('contact', ids.edward),
          link('case', ids.kettle),
          link('opportunity', ids.renovation),
          link('contact', 'not-an-id'),
          link('household', '0015g00000000ZZAAA'),
          link('case', ids.edward),
          link('Household__c', 'a0B5g00000000ZZAAA'),
        ],
      }),
    );

    expect(plan.placed).toEqual([
      { type: 'contact', id: ids.edward, as: 'WhoId' },
      { type: 'case', id: ids.kettle, as: 'WhatId' },
    ]);
    expect(plan.dropped).toEqual([
      { type: 'opportunity', id: ids.renovation, reason: `a Salesforce task is related to one record (Related To), and that is the case ${ids.kettle}` },
      { type: 'contact', id: 'not-an-id', reason: '"not-an-id" is not a Salesforce record id' },
      { type: 'household', id: '0015g00000000ZZAAA', reason: 'Salesforce has no record type "household" that the card knows' },
      { type: 'case', id: ids.edward, reason: `${ids.edward} is not the id of a Salesforce Case` },
      { type: 'Household__c', id: 'a0B5g00000000ZZAAA', reason: 'Salesforce tasks cannot be related to Household__c records: an admin can turn on Allow Activities for the object' },
    ]);
  });
});

describe('writeActivity', () => {
  it('writes one completed Call task: the contact in Name, the case in Related To, owned by the agent\'s user, keyed by the interaction', async () => {
    const written = await connector.writeActivity(kettleCall());

    const tasks = sf.rows('Task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      Id: written.id,
      Subject: 'Call from Edward Ferrars',
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: 312,
      ActivityDate: '2025-03-14',
      Status: 'Completed',
      WhoId: ids.edward,
      WhatId: ids.kettle,
      OwnerId: ids.elinorUser,
      [TASK_KEY_FIELD]: keyOf('crm.interaction:interaction-42'),
    });
    expect(tasks[0]).not.toHaveProperty('CallObject'); // the CTI adapter's field stays free
    expect(tasks[0]!.Description).toBe(
      [
        'Contact: Edward Ferrars (+15551234567)',
        'Channel: voice (inbound)',
        'Started: 2025-03-14T09:30:00.000Z',
        'Ended: 2025-03-14T09:35:12.000Z',
        'Duration: 312 s',
        'Agent: Elinor Dashwood (elinor.dashwood@norland.example)',
        'Interaction: interaction-42',
        `Also linked in the Customer Card, not related here: contact ${ids.robert}`,
      ].join('\n'),
    );
    expect(written).toEqual({
      id: tasks[0]!.Id,
      url: `${sf.url}/lightning/r/Task/${written.id}/view`,
      plan: {
        placed: [
          { type: 'contact', id: ids.edward, as: 'WhoId' },
          { type: 'case', id: ids.kettle, as: 'WhatId' },
        ],
        dropped: [{ type: 'contact', id: ids.robert, reason: `${SHARED_ACTIVITIES_OFF}, and that is the contact ${ids.edward}` }],
      },
    });
    expect(taskWrites()).toEqual([expect.objectContaining({ method: 'PATCH', url: `/services/data/v66.0/sobjects/Task/${TASK_KEY_FIELD}/${keyOf('crm.interaction:interaction-42')}` })]);
  });

  it('relates the second contact through Shared Activities when the org has it', async () => {
    await startOrg({ sharedActivities: true });
    const written = await connector.writeActivity(kettleCall());

    const [task] = sf.rows('Task');
    expect(task).toMatchObject({ Id: written.id, WhoId: ids.edward, WhatId: ids.kettle, WhoCount: 2, WhatCount: 1 });
    expect(taskRelations(written.id).map((r) => [r.RelationId, r.IsWhat])).toEqual([
      [ids.edward, false],
      [ids.kettle, true],
      [ids.robert, false],
    ]);
    expect(task!.Description).not.toMatch(/not related here/);
    expect(written.plan.placed).toContainEqual({ type: 'contact', id: ids.robert, as: 'TaskRelation' });
  });

  it('brings the same task up to date at a later write-back point: new links, all agents named, the first agent still the owner', async () => {
    await startOrg({ sharedActivities: true });
    const first = await connector.writeActivity(anActivity({ endedAt: null, durationSeconds: null }));
    const later = await connector.writeActivity(anActivity({ agent: brandon, agents: [elinor, brandon], records: kettleCall().records }));

    expect(later.id).toBe(first.id);
    const tasks = sf.rows('Task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: ids.edward, WhatId: ids.kettle, OwnerId: ids.elinorUser, CallDurationInSeconds: 312, TaskSubtype: 'Call' });
    expect(tasks[0]!.Description).toContain('Agents: Elinor Dashwood (elinor.dashwood@norland.example), then Colonel Brandon (brandon@delaford.example)');
    expect(taskRelations(first.id).filter((r) => r.IsWhat === false).map((r) => r.RelationId)).toEqual([ids.edward, ids.robert]);
    // Salesforce refuses TaskSubtype on an update, and a TaskRelation that exists: neither was sent.
    expect(taskWrites().map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(sf.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/sobjects/TaskRelation'))).toHaveLength(1);
  });

  it('takes a record off the task when it is unlinked before a later write-back point', async () => {
    const first = await connector.writeActivity(kettleCall());
    await connector.writeActivity(anActivity({ records: [link('contact', ids.edward)] }));

    expect(sf.rows('Task')).toEqual([expect.objectContaining({ Id: first.id, WhoId: ids.edward, WhatId: null })]);
  });

  it('writes one task when Salesforce committed it but the answer was lost, and adds the people the retry finds missing', async () => {
    await startOrg({ sharedActivities: true });
    sf.crashAfterCommit('Task');
    const lost = await failure(connector.writeActivity(kettleCall()));
    expect(lost.kind).toBe('unavailable');
    expect(sf.rows('Task')).toHaveLength(1);
    expect(sf.rows('TaskRelation').map((r) => r.RelationId)).not.toContain(ids.robert);

    sf.crashAfterCommit('TaskRelation');
    expect((await failure(connector.writeActivity(kettleCall()))).kind).toBe('unavailable');
    const retried = await connector.writeActivity(kettleCall());

    expect(sf.rows('Task').map((t) => t.Id)).toEqual([retried.id]);
    expect(taskRelations(retried.id).filter((r) => r.IsWhat === false).map((r) => r.RelationId)).toEqual([ids.edward, ids.robert]);
  });

  it('writes once for concurrent writes of the same interaction', async () => {
    const [a, b] = await Promise.all([connector.writeActivity(anActivity()), connector.writeActivity(anActivity())]);
    expect(a.id).toBe(b.id);
    expect(sf.rows('Task')).toHaveLength(1);
  });

  it('finds the updated task by its key when the API version answers an update with 204 and no id', async () => {
    await startOrg({ apiVersions: ['45.0', '66.0'] }, { apiVersion: '45.0' });
    const first = await connector.writeActivity(anActivity());
    const second = await connector.writeActivity(anActivity({ subject: 'Call from Edward Ferrars (transferred)' }));

    expect(second.id).toBe(first.id);
    expect(sf.rows('Task')).toEqual([expect.objectContaining({ Id: first.id, Subject: 'Call from Edward Ferrars (transferred)' })]);
  });

  it('uses the key field the connection names', async () => {
    await startOrg({ taskKey: { field: 'Interaction_Key__c' } }, { externalIdField: 'Interaction_Key__c' });
    await connector.writeActivity(anActivity());
    expect(sf.rows('Task')[0]).toMatchObject({ Interaction_Key__c: keyOf('crm.interaction:interaction-42') });
  });

  describe('the owner', () => {
    it('is the first agent\'s user, found by e-mail whatever its case, asked once per agent', async () => {
      const shouting = { ...elinor, email: 'Elinor.Dashwood@Norland.example' };
      await connector.writeActivity(anActivity({ idempotencyKey: 'k1', agent: shouting, agents: [shouting] }));
      await connector.writeActivity(anActivity({ idempotencyKey: 'k2' }));

      expect(sf.rows('Task').map((t) => t.OwnerId)).toEqual([ids.elinorUser, ids.elinorUser]);
      expect(sf.requests.filter((r) => decodeURIComponent(r.url).includes('FROM User'))).toHaveLength(1);
    });

    it('is the integration user when the agent has no Salesforce user, or no e-mail', async () => {
      const stranger = { id: 'agent-7', name: 'Mrs Jennings', email: null };
      await connector.writeActivity(anActivity({ idempotencyKey: 'k1', agent: stranger, agents: [stranger] }));
      const marianne = { id: 'marianne@barton.example', name: 'Marianne', email: 'marianne@barton.example' };
      await connector.writeActivity(anActivity({ idempotencyKey: 'k2', agent: marianne, agents: [marianne] }));

      expect(sf.rows('Task').map((t) => t.OwnerId)).toEqual([sf.integrationUser, sf.integrationUser]);
    });

    it('is the integration user, without failing the write, when the integration user may not read users', async () => {
      await startOrg({ hiddenObjects: ['User'] });
      const written = await connector.writeActivity(anActivity());

      expect(sf.rows('Task')).toEqual([expect.objectContaining({ Id: written.id, OwnerId: sf.integrationUser, WhoId: ids.edward })]);
    });

    it('is the integration user, without failing the write, when the agent\'s user was deactivated since it was found', async () => {
      await connector.writeActivity(anActivity({ idempotencyKey: 'k1' }));
      sf.deactivate(ids.elinorUser);
      const written = await connector.writeActivity(anActivity({ idempotencyKey: 'k2' }));

      expect(sf.rows('Task').find((t) => t.Id === written.id)).toMatchObject({ OwnerId: sf.integrationUser });
    });
  });

  it('writes an e-mail as an Email task on the account, with the transcript excerpt and no call fields', async () => {
    await connector.writeActivity(
      anActivity({
        channel: 'email',
        direction: 'outbound',
        subject: 'Re: your kettle',
        durationSeconds: null,
        transcriptExcerpt: 'Dear Mr Ferrars, a new kettle is on its way.',
        records: [link('account', ids.account)],
      }),
    );

    const [task] = sf.rows('Task');
    expect(task).toMatchObject({ Subject: 'Re: your kettle', TaskSubtype: 'Email', Status: 'Completed', WhatId: ids.account, WhoId: null });
    expect(task).not.toHaveProperty('CallType');
    expect(task).not.toHaveProperty('CallDurationInSeconds');
    expect(task!.Description).toEqual(expect.stringContaining('Channel: email (outbound)'));
    expect(task!.Description).toEqual(expect.stringContaining('Dear Mr Ferrars, a new kettle is on its way.'));
  });

  it('writes a lead\'s task without the default Related To that Salesforce would refuse', async () => {
    const written = await connector.writeActivity(anActivity({ records: [link('lead', ids.lucy), byDefault('campaign', ids.ball, 'what')] }));

    expect(sf.rows('Task')).toEqual([expect.objectContaining({ Id: written.id, WhoId: ids.lucy, WhatId: null })]);
    expect(written.plan.dropped).toEqual([expect.objectContaining({ type: 'campaign', id: ids.ball })]);
  });

  it('passes on what Salesforce refuses in its own words, writing nothing', async () => {
    const missing = '0035g00000099ZZAAA';
    const error = await failure(connector.writeActivity(anActivity({ records: [link('contact', missing)] })));

    expect(error.kind).toBe('rejected');
    expect(error.message).toBe(`Salesforce refused the task: Name ID: id value of incorrect type: ${missing} (FIELD_INTEGRITY_EXCEPTION)`);
    expect(sf.rows('Task')).toEqual([]);
  });

  it('names the field an admin must add, in the connection check and when writing, until it is there', async () => {
    await startOrg({ taskKey: null });
    const check = await failure(connector.check());
    const write = await failure(connector.writeActivity(anActivity()));

    for (const error of [check, write]) {
      expect(error.kind).toBe('rejected');
      expect(error.message).toMatch(/^Salesforce's Task has no field "CustomerCard_Interaction_Key__c" that the integration user can see: .* add it to Activity .* Text field of length 64 or more, with External ID and Unique/);
    }
    expect(taskWrites()).toEqual([]);

    await startOrg({ taskKey: { externalId: false } });
    expect((await failure(connector.check())).message).toMatch(/"CustomerCard_Interaction_Key__c" is not marked External ID/);
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

  it('renews an expired session in the middle of writing a task, and writes it once', async () => {
    await connector.get({ type: 'contact', id: ids.edward });
    sf.expireTokens();
    await connector.writeActivity(kettleCall());
    expect(sf.tokensIssued).toBe(2);
    expect(sf.rows('Task')).toHaveLength(1);
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

    for (const status of [403, 503] as const) {
      sf.throttle({ status });
      const limit = await failure(connector.writeActivity(anActivity()));
      expect(limit.kind).toBe('throttled');
      expect(limit.message).toMatch(/REQUEST_LIMIT_EXCEEDED/);
    }
    expect(sf.rows('Task')).toEqual([]);
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
