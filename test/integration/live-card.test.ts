import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openPostgres } from '../../src/store/postgres';
import { startApp, type RunningApp } from '../support/app-server';
import { anInteractionEvent, ingest } from '../support/events';
import { createFreshDatabase, describeEachStore } from '../support/stores';
import { openCardStream as openStream, openEventStream } from '../support/card-stream';
import { postEvent, postEventApplied } from '../support/webhook-client';

const message = (interactionId: string, id: string, text: string) =>
  anInteractionEvent('interaction.message', { interactionId, channel: 'chat', contact: { email: 'ed@norland.example' }, extra: { message: { id, text } } });

describeEachStore('live card over server-sent events', (store) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(store());
  });
  afterAll(() => app.close());

  it('sends the current card at once, then the new card after each message', async () => {
    await ingest(store(), message('live-1', 'm1', 'first'));
    const stream = await openStream(`${app.baseUrl}/api/interactions/live-1/live`);
    try {
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await stream.until((c) => c.messages.join() === 'first');
      expect((await postEvent(app.baseUrl, message('live-1', 'm2', 'second'))).status).toBe(202);
      await stream.until((c) => c.messages.join() === 'first,second');
    } finally {
      await stream.close();
    }
  });

  it('a reconnecting client that already shows the current card is not sent it again; one that is behind catches up', async () => {
    await ingest(store(), message('live-2', 'm1', 'first'));
    const first = await openStream(`${app.baseUrl}/api/interactions/live-2/live`);
    const current = await first.until(() => true);
    await first.close();

    const upToDate = await openStream(`${app.baseUrl}/api/interactions/live-2/live`, { 'Last-Event-ID': current.id });
    await ingest(store(), message('live-2', 'm2', 'missed while away'));
    const next = await upToDate.until(() => true);
    expect(next.messages).toEqual(['first', 'missed while away']); // the first card sent is the new one
    await upToDate.close();

    const behind = await openStream(`${app.baseUrl}/api/interactions/live-2/live`, { 'Last-Event-ID': current.id });
    await behind.until((c) => c.messages.length === 2);
    await behind.close();
  });

  it('an open card hears its CRM record being written, and a link made by someone else, though the card itself is unchanged', async () => {
    await ingest(store(), message('live-3', 'm1', 'first'));
    const [record] = await store().query<{ id: string }>(`INSERT INTO crm_records (type, name) VALUES ('contact', 'Edward Ferrars') RETURNING id`);
    const stream = await openStream(`${app.baseUrl}/api/interactions/live-3/live`);
    try {
      await stream.until((c) => c.crm.record.startsWith('waiting:'));
      const linked = await fetch(`${app.baseUrl}/api/interactions/live-3/crm/links`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'contact', id: record!.id }),
      });
      expect(linked.status).toBe(200);
      await stream.until((c) => c.crm.links.join() === `contact:${record!.id}:waiting`);
      await ingest(store(), anInteractionEvent('interaction.unassigned', { interactionId: 'live-3', channel: 'chat', contact: { email: 'ed@norland.example' } }));
      const written = await stream.until((c) => c.crm.record.startsWith('written:'));
      expect(written.crm.links).toEqual([`contact:${record!.id}:written`]);
      expect(written.messages).toEqual(['first']);
    } finally {
      await stream.close();
    }
  });

  it('a message updates the interaction in the card and the contact\'s last contact time; an edit of the contact reaches the open card too', async () => {
    const email = 'marianne@barton.example';
    const event = (type: string, at: string, options: Parameters<typeof anInteractionEvent>[1] = {}) =>
      anInteractionEvent(type, { interactionId: 'live-4', channel: 'chat', contact: { email }, occurredAt: at, ...options });
    await ingest(store(), event('interaction.started', '2026-03-01T10:00:00Z'));
    type Frame = { interaction: { agent: { name: string } | null }; messages: Array<{ text: string }>; card: { contact: { id: string; name: string | null; lastInteractionAt: string }; interactions: Array<{ id: string; agent: { name: string } | null }> } };
    const stream = await openEventStream(`${app.baseUrl}/api/interactions/live-4/live`);
    const frame = (test: (f: Frame) => boolean) => stream.until((e) => e.event === 'card' && test(e.data as Frame)).then((e) => e.data as Frame);
    try {
      const first = await frame(() => true);
      expect((await postEvent(app.baseUrl, event('interaction.assigned', '2026-03-01T10:01:00Z', { agent: { id: 'agent-1', name: 'Elinor' } }))).status).toBe(202);
      expect((await postEvent(app.baseUrl, event('interaction.message', '2026-03-01T10:02:00Z', { extra: { message: { id: 'm1', text: 'Any news?' } } }))).status).toBe(202);
      const after = await frame((f) => f.messages.length === 1);
      expect(after.interaction.agent?.name).toBe('Elinor');
      expect(after.card.interactions.find((i) => i.id === 'live-4')!.agent?.name).toBe('Elinor');
      expect(after.card.contact.lastInteractionAt).toBe('2026-03-01T10:02:00.000Z');

      const edited = await fetch(`${app.baseUrl}/api/contacts/${first.card.contact.id}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Marianne Dashwood' }),
      });
      expect(edited.status).toBe(200);
      expect((await frame((f) => f.card.contact.name === 'Marianne Dashwood')).messages.map((m) => m.text)).toEqual(['Any news?']);
    } finally {
      await stream.close();
    }
  });

  it('answers an unknown interaction with 404 problem details, not a stream', async () => {
    const response = await fetch(`${app.baseUrl}/api/interactions/nope/live`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

(process.env.TEST_DATABASE_URL ? describe : describe.skip)('live card across app instances sharing PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dbs: Db[];
  let instances: RunningApp[];
  beforeAll(async () => {
    database = await createFreshDatabase(process.env.TEST_DATABASE_URL!);
    dbs = [await openPostgres(database.url), await openPostgres(database.url)];
    await migrate(dbs[0]!);
    instances = [await startApp(dbs[0]!), await startApp(dbs[1]!)];
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    for (const db of dbs) await db.close();
    await database.drop();
  });

  it('a message accepted by one instance reaches a tab connected to the other', async () => {
    const [a, b] = instances as [RunningApp, RunningApp];
    expect((await postEventApplied(a, message('shared-1', 'm1', 'hello'))).status).toBe(202);
    const stream = await openStream(`${b.baseUrl}/api/interactions/shared-1/live`);
    try {
      await stream.until((c) => c.messages.join() === 'hello');
      expect((await postEvent(a.baseUrl, message('shared-1', 'm2', 'via instance A'))).status).toBe(202);
      await stream.until((c) => c.messages.join() === 'hello,via instance A');
    } finally {
      await stream.close();
    }
  });
});
