import { DEVELOPMENT_USER } from '../../src/domain/access/users';
import { Webhook } from 'standardwebhooks';
import { loadInteractionCard } from '../../src/domain/cards/customer-card';
import { startApp, TEST_EVENTS_SECRET, type RunningApp } from '../support/app-server';
import { anInteractionEvent, aWebVisit } from '../support/events';
import { describeEachStore } from '../support/stores';
import { postEventApplied } from '../support/webhook-client';

const ELINOR = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' };

describeEachStore('events webhook over HTTP', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  async function problemOf(response: Response, status: number): Promise<{ status: number; detail: string; title: string }> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { status: number; detail: string; title: string; type: string };
    expect(problem).toMatchObject({ status, type: 'about:blank' });
    expect(problem.detail.length).toBeGreaterThan(0);
    return problem;
  }

  async function storedEventCount(): Promise<number> {
    const [row] = await store().query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    return row!.n;
  }

  it('accepts a signed event with 202 once it is stored, and applies it', async () => {
    const event = anInteractionEvent('interaction.message', {
      interactionId: 'int_7731',
      channel: 'email',
      agent: ELINOR,
      contact: { name: 'Edward Ferrars', email: 'Edward.Ferrars@example.com' },
      extra: { message: { id: 'msg_88', direction: 'inbound', subject: 'My order', text: 'Hello, I wrote yesterday…' } },
    });
    const response = await postEventApplied(app, event);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: event.id, status: 'accepted' });

    const [stored] = await store().query<{ id: string; applied: boolean }>('SELECT id, applied_at IS NOT NULL AS applied FROM events');
    expect(stored).toEqual({ id: event.id, applied: true });
    const card = await loadInteractionCard(store(), 'int_7731', DEVELOPMENT_USER);
    expect(card.interaction).toMatchObject({ channel: 'email', state: 'active', agent: ELINOR });
    expect(card.messages).toEqual([expect.objectContaining({ id: 'msg_88', subject: 'My order', text: 'Hello, I wrote yesterday…' })]);
    expect(card.card?.contact.identifiers).toEqual([{ kind: 'email', value: 'edward.ferrars@example.com', display: 'edward.ferrars@example.com' }]);
  });

  it('answers a redelivered event 200 duplicate and applies nothing twice', async () => {
    const event = anInteractionEvent('interaction.message', { interactionId: 'dup', channel: 'chat' });
    expect((await postEventApplied(app, event)).status).toBe(202);
    const again = await postEventApplied(app, event);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: event.id, status: 'duplicate' });
    const rows = await store().query('SELECT id FROM messages WHERE interaction_id = $1', ['dup']);
    expect(rows).toHaveLength(1);
  });

  it('follows the lifecycle: a call ends, goes to after-call work, then ends', async () => {
    const call = { interactionId: 'call-lifecycle', channel: 'voice', agent: ELINOR };
    const base = Date.now() - 60_000;
    const at = (s: number) => new Date(base + s * 1000);
    for (const [type, s] of [['interaction.started', 0], ['interaction.assigned', 1], ['interaction.ended', 30]] as const) {
      expect((await postEventApplied(app, anInteractionEvent(type, { ...call, occurredAt: at(s) }))).status).toBe(202);
    }
    expect((await loadInteractionCard(store(), 'call-lifecycle', DEVELOPMENT_USER)).interaction.state).toBe('after_call_work');
    await postEventApplied(app, anInteractionEvent('interaction.acw_completed', { ...call, occurredAt: at(45) }));
    expect((await loadInteractionCard(store(), 'call-lifecycle', DEVELOPMENT_USER)).interaction).toMatchObject({ state: 'ended', endedAt: at(30) });
  });

  it('applies events of an interaction in occurredAt order: a message that arrives before its start waits for it', async () => {
    const early = anInteractionEvent('interaction.message', { interactionId: 'early', occurredAt: new Date(Date.now() - 1000) });
    const bare = { ...early, interaction: { id: 'early' } }; // no channel or division yet
    expect((await postEventApplied(app, bare)).status).toBe(202);
    expect(await store().query('SELECT id FROM interactions WHERE id = $1', ['early'])).toHaveLength(0);

    const started = anInteractionEvent('interaction.started', { interactionId: 'early', channel: 'chat', occurredAt: new Date(Date.now() - 5000) });
    expect((await postEventApplied(app, started)).status).toBe(202);
    const card = await loadInteractionCard(store(), 'early', DEVELOPMENT_USER);
    expect(card.messages).toHaveLength(1);
    const pending = await store().query('SELECT id FROM events WHERE applied_at IS NULL');
    expect(pending).toEqual([]);
  });

  it('a late event never rolls the state back', async () => {
    const chat = { interactionId: 'late', channel: 'chat' };
    await postEventApplied(app, anInteractionEvent('interaction.started', { ...chat, occurredAt: new Date(Date.now() - 60_000) }));
    await postEventApplied(app, {
      ...anInteractionEvent('interaction.transferred', { ...chat, occurredAt: new Date(Date.now() - 10_000) }),
      toAgent: { id: 'margaret', name: 'Margaret Dashwood' },
    });
    await postEventApplied(app, anInteractionEvent('interaction.assigned', { ...chat, agent: ELINOR, occurredAt: new Date(Date.now() - 30_000) }));
    expect((await loadInteractionCard(store(), 'late', DEVELOPMENT_USER)).interaction).toMatchObject({
      state: 'transferred',
      agent: { id: 'margaret', name: 'Margaret Dashwood' },
    });
  });

  it('accepts a signature list in which one signature matches (secret rotation)', async () => {
    const event = anInteractionEvent('interaction.started');
    const raw = JSON.stringify(event);
    const now = new Date();
    const id = 'msg_rotation';
    const oldSecret = new Webhook('whsec_' + Buffer.from('an older secret of 24 bytes').toString('base64'));
    const signatures = `${oldSecret.sign(id, now, raw)} ${new Webhook(TEST_EVENTS_SECRET).sign(id, now, raw)}`;
    const response = await fetch(`${app.baseUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signatures },
      body: raw,
    });
    expect(response.status).toBe(202);
  });

  describe('refuses bad requests with problem details, storing nothing', () => {
    afterEach(async () => {
      expect(await storedEventCount()).toBe(0);
    });

    it('401 without signature headers', async () => {
      const problem = await problemOf(await postEventApplied(app, anInteractionEvent('interaction.started'), { signature: null }), 401);
      expect(problem.detail).toMatch(/webhook-signature/);
    });

    it('401 for a signature made with another secret', async () => {
      const other = 'whsec_' + Buffer.from('not the configured secret!').toString('base64');
      const problem = await problemOf(await postEventApplied(app, anInteractionEvent('interaction.started'), { secret: other }), 401);
      expect(problem.detail).toMatch(/does not match/);
    });

    it('401 for a body changed after signing', async () => {
      const event = anInteractionEvent('interaction.started');
      const raw = JSON.stringify(event);
      const id = 'msg_tamper';
      const now = new Date();
      const signature = new Webhook(TEST_EVENTS_SECRET).sign(id, now, raw);
      const response = await fetch(`${app.baseUrl}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature },
        body: raw.replace('Edward', 'Edwina'),
      });
      await problemOf(response, 401);
    });

    it.each([
      ['stale', -6],
      ['future', 6],
    ])('401 for a %s timestamp (more than 5 minutes away)', async (_name, minutes) => {
      const timestamp = new Date(Date.now() + minutes * 60_000);
      const problem = await problemOf(await postEventApplied(app, anInteractionEvent('interaction.started'), { timestamp }), 401);
      expect(problem.detail).toMatch(/5 minutes/);
    });

    it('400 for malformed JSON', async () => {
      const problem = await problemOf(await postEventApplied(app, '{"id": "evt_1", "type": '), 400);
      expect(problem.detail).toMatch(/not valid JSON/);
    });

    it('400 naming the field for a schema violation', async () => {
      const event = anInteractionEvent('interaction.started');
      delete (event.interaction as Record<string, unknown>).division;
      const problem = await problemOf(await postEventApplied(app, { ...event, occurredAt: 'yesterday' }), 400);
      expect(problem.detail).toMatch(/interaction\.division/);
      expect(problem.detail).toMatch(/occurredAt/);
    });

    it('400 listing the allowed values for an unknown type', async () => {
      const problem = await problemOf(await postEventApplied(app, { ...anInteractionEvent('interaction.started'), type: 'interaction.paused' }), 400);
      expect(problem.detail).toMatch(/interaction\.started/);
      expect(problem.detail).toMatch(/web\.visit/);
    });

    it('400 when interaction.started carries no identifier', async () => {
      const problem = await problemOf(await postEventApplied(app, anInteractionEvent('interaction.started', { contact: { name: 'Nobody' } })), 400);
      expect(problem.detail).toMatch(/interaction\.contact.*at least one of phone, email, social, cookie/);
    });

    it('400 naming the field for a phone number that cannot be read', async () => {
      const problem = await problemOf(await postEventApplied(app, anInteractionEvent('interaction.started', { contact: { phone: 'call me maybe' } })), 400);
      expect(problem.detail).toMatch(/interaction\.contact\.phone/);
    });

    it('400 for a message event without its message', async () => {
      const event = anInteractionEvent('interaction.message');
      delete event.message;
      const problem = await problemOf(await postEventApplied(app, event), 400);
      expect(problem.detail).toMatch(/message/);
    });

    // Every string of the contract, and one it does not know: the inbox keeps the event as sent.
    const STRING_FIELDS = [
      'id', 'interaction.id', 'interaction.division', 'interaction.agent.id', 'interaction.agent.name',
      'interaction.contact.name', 'interaction.contact.phone', 'interaction.contact.email', 'interaction.contact.cookie',
      'interaction.contact.social.network', 'interaction.contact.social.id', 'interaction.contact.fields.city',
      'message.id', 'message.subject', 'message.text', 'integration.note',
    ];
    const fullMessageEvent = () =>
      anInteractionEvent('interaction.message', {
        agent: { ...ELINOR },
        contact: { name: 'Edward', phone: '+1 803-123-0000', email: 'ed@example.com', cookie: 'gc_1', social: { network: 'facebook', id: '1' }, fields: { city: 'Barton' } },
        extra: { message: { id: 'msg_1', subject: 'Hi', text: 'Hello' }, integration: { note: 'ok' } },
      });
    const withText = (event: Record<string, unknown>, path: string, text: string) => {
      const keys = path.split('.');
      const parent = keys.slice(0, -1).reduce((at, key) => at[key] as Record<string, unknown>, event);
      parent[keys.at(-1)!] = `${String(parent[keys.at(-1)!])}${text}`;
      return event;
    };

    it.each(STRING_FIELDS.flatMap((field) => [[field, 'a NUL', '\u0000'], [field, 'a lone surrogate', '\ud800']]))(
      '400 naming %s when it holds %s',
      async (field, what, text) => {
        const problem = await problemOf(await postEventApplied(app, withText(fullMessageEvent(), field, text)), 400);
        expect(problem.detail).toContain(`${field}: contains ${what}`);
      },
    );

    it('400 naming the field for a NUL in the name of a custom field', async () => {
      const event = anInteractionEvent('interaction.started', { contact: { phone: '+1 803-123-0000', fields: { 'ci\u0000ty': 'Barton' } } });
      const problem = await problemOf(await postEventApplied(app, event), 400);
      expect(problem.detail).toMatch(/interaction\.contact\.fields.*NUL/);
    });

    it.each(['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)', 'ftp://classics.example/'])(
      '400 naming visit.url for the journey URL %s (http and https only)',
      async (url) => {
        const problem = await problemOf(await postEventApplied(app, aWebVisit('gc_1', url)), 400);
        expect(problem.detail).toBe('visit.url: must be an http or https URL');
      },
    );

    it('413 for a body over 256 KiB', async () => {
      const event = anInteractionEvent('interaction.message', { extra: { message: { id: 'big', text: 'x'.repeat(300 * 1024) } } });
      await problemOf(await postEventApplied(app, event), 413);
    });

    it('415 for another content type', async () => {
      const problem = await problemOf(await postEventApplied(app, anInteractionEvent('interaction.started'), { contentType: 'text/plain' }), 415);
      expect(problem.detail).toMatch(/application\/json/);
    });
  });
});

describeEachStore('events webhook rate limit', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store(), { EVENTS_RATE_LIMIT_PER_SECOND: '3' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After beyond the limit', async () => {
    const responses = [];
    for (let i = 0; i < 5; i++) responses.push(await postEventApplied(app, anInteractionEvent('interaction.started')));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    const limited = responses.find((r) => r.status === 429)!;
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
