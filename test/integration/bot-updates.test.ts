import { teamsLimits } from '../../bot/rate-limits';
import type { Db } from '../../src/store/db';
import { startApp, type RunningApp } from '../support/app-server';
import { startBotConnector } from '../support/bot-connector';
import { anInteractionEvent, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';
import { waitUntil } from '../support/wait';
import { postEvent } from '../support/webhook-client';

describeEachStore('cards followed in chats stay current, in place (BOT-1, BOT-2)', (store) => {
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startBotConnector>>;
  beforeAll(async () => {
    connector = await startBotConnector();
    app = await startApp(store());
  });
  afterAll(async () => {
    await app.close();
    await connector.close();
  });
  beforeEach(() => {
    connector.received.length = 0;
  });

  let n = 0;
  const say = (app: RunningApp, text: string, conversationId = 'chat-1') =>
    fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: `in-${++n}`, text, locale: 'en-US', channelId: 'msteams', serviceUrl: connector.serviceUrl,
        from: { id: 'user-1', name: 'Colonel Brandon', aadObjectId: 'brandon-oid' }, recipient: { id: 'bot-1', name: 'Customer Card' },
        conversation: { id: conversationId, conversationType: 'groupChat' },
      }),
    });
  const message = (interactionId: string, id: string, text: string) =>
    anInteractionEvent('interaction.message', { interactionId, channel: 'chat', contact: { name: 'Marianne Dashwood', email: 'm@barton.example' }, extra: { message: { id, direction: 'inbound', text } } });
  const cardText = (a: { activity: { attachments?: unknown[] } }) => JSON.stringify(a.activity.attachments ?? []);
  /** A new post carrying a card (proactive posts reach the connector as replies to the continuation). */
  const isCardPost = (a: { kind: string; activity: { attachments?: unknown[] } }) => a.kind !== 'update' && (a.activity.attachments?.length ?? 0) > 0;
  it('posts the card when a chat follows an interaction, then updates that card in place on each message', async () => {
    await ingest(store(), message('live-chat', 'm1', 'Is the Cowper collection in stock?'));
    expect((await say(app, 'follow interaction live-chat')).status).toBe(200);
    await waitUntil(() => connector.received.some(isCardPost));
    const posted = connector.received.find(isCardPost)!;
    expect(cardText(posted)).toContain('Is the Cowper collection in stock?');
    expect(connector.received.find((a) => a.activity.text)!.activity.text).toMatch(/now follows interaction live-chat/);

    expect((await postEvent(app.baseUrl, message('live-chat', 'm2', 'And as a gift set?'))).status).toBe(202);
    await waitUntil(() => connector.received.some((a) => a.kind === 'update' && cardText(a).includes('And as a gift set?')));
    expect(connector.received.filter(isCardPost)).toHaveLength(1); // updated in place, never a new post per message
    expect(connector.received.filter((a) => a.kind === 'update').map((a) => a.activityId)).toEqual([posted.activityId]); // the card that was posted
  });

  it('redraws a posted card in place when its contact is edited', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'edited', channel: 'chat', contact: { name: 'Lucy Steel', email: 'lucy@steele.example' } }));
    await say(app, 'follow interaction edited', 'chat-edit');
    await waitUntil(() => connector.received.some((a) => isCardPost(a) && a.conversationId === 'chat-edit'));
    const [row] = await store().query<{ contact_id: string }>("SELECT contact_id FROM interactions WHERE id = 'edited'");
    const edited = await fetch(`${app.baseUrl}/api/contacts/${row!.contact_id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lucy Steele' }) });
    expect(edited.status).toBe(200);
    await waitUntil(() => connector.received.some((a) => a.kind === 'update' && a.conversationId === 'chat-edit' && cardText(a).includes('Lucy Steele')));
    expect(connector.received.filter((a) => isCardPost(a) && a.conversationId === 'chat-edit')).toHaveLength(1);
  });

  it('a chat following a contact gets the interactions of the cards merged into it', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'survivor-call', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'alias-chat', channel: 'chat', contact: { name: 'Ed Ferrars', email: 'ed@norland.example' } }));
    const [survivor, alias] = await Promise.all(['survivor-call', 'alias-chat'].map(async (id) => (await store().query<{ contact_id: string }>('SELECT contact_id FROM interactions WHERE id = $1', [id]))[0]!.contact_id));
    expect((await fetch(`${app.baseUrl}/api/contacts/${survivor}/merge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contactId: alias }) })).status).toBe(200);
    await say(app, `follow contact +1 803-555-0142`, 'chat-contact');
    await postEvent(app.baseUrl, message('alias-chat', 'a1', 'Written from the merged card'));
    await waitUntil(() => connector.received.some((a) => a.conversationId === 'chat-contact' && cardText(a).includes('Written from the merged card')));
  });

  // The rate limits themselves are unit-tested in bot/rate-limits.test.ts (no timing here).
  it('coalesces a burst: few updates, the last one showing the last message', async () => {
    await ingest(store(), message('burst', 'b0', 'first'));
    await say(app, 'follow interaction burst', 'chat-burst');
    await waitUntil(() => connector.received.some((a) => isCardPost(a) && a.conversationId === 'chat-burst'));
    for (let i = 1; i <= 30; i++) await postEvent(app.baseUrl, message('burst', `b${i}`, `message ${i}`));
    await waitUntil(() => connector.received.filter((a) => a.kind === 'update').some((a) => cardText(a).includes('message 30')));
    const updates = connector.received.filter((a) => a.kind === 'update' && a.conversationId === 'chat-burst');
    expect(updates.length).toBeLessThan(30);
    expect(cardText(updates.at(-1)!)).toContain('message 30');
    // Once the card shows the newest state nothing is left to send: the chat's sender lets it go with
    // no update queued (an update that queued itself again would keep a row there for ever).
    await waitUntil(async () => (await store().query(
      `SELECT 1 FROM bot_conversations WHERE conversation_id = 'chat-burst' AND sender_until IS NULL
         AND NOT EXISTS (SELECT 1 FROM bot_updates WHERE conversation_id = 'chat-burst')`,
    )).length === 1);
  });

  it('retries after 429 honouring Retry-After, and the card ends current', async () => {
    await ingest(store(), message('throttled', 't0', 'hello'));
    await say(app, 'follow interaction throttled', 'chat-429');
    await waitUntil(() => connector.received.some((a) => isCardPost(a) && a.conversationId === 'chat-429'));
    connector.throttleNext(2, 1);
    const refusedBefore = connector.refused;
    await postEvent(app.baseUrl, message('throttled', 't1', 'after the throttle'));
    await waitUntil(() => connector.received.some((a) => a.kind === 'update' && a.conversationId === 'chat-429' && cardText(a).includes('after the throttle')));
    expect(connector.refused - refusedBefore).toBe(2);
  });

  it('follows survive a restart: a new app instance on the same store keeps the card current', async () => {
    await ingest(store(), message('durable', 'd0', 'before the restart'));
    await say(app, 'follow interaction durable', 'chat-durable');
    await waitUntil(() => connector.received.some((a) => isCardPost(a) && a.conversationId === 'chat-durable'));
    await app.close();
    app = await startApp(store() as Db);
    await postEvent(app.baseUrl, message('durable', 'd1', 'after the restart'));
    await waitUntil(() => connector.received.some((a) => a.kind === 'update' && a.conversationId === 'chat-durable' && cardText(a).includes('after the restart')));
  });

  it('lists and stops what a chat follows', async () => {
    await say(app, 'follow division support-emea', 'chat-list');
    await say(app, 'following', 'chat-list');
    await say(app, 'unfollow division support-emea', 'chat-list');
    await say(app, 'following', 'chat-list');
    const replies = connector.received.filter((a) => a.kind === 'reply' && a.conversationId === 'chat-list' && !isCardPost(a)).map((a) => a.activity.text);
    expect(replies).toEqual([
      'This chat now follows division support-emea. Its card stays current here.',
      'This chat follows: division support-emea',
      'This chat no longer follows division support-emea.',
      'This chat follows nothing yet.',
    ]);
  });
});

describeEachStore('a burst on one interaction followed by 20 chats, two app instances, Teams enforcing its limits (BOT-2)', (store) => {
  let app: RunningApp;
  let other: RunningApp;
  let connector: Awaited<ReturnType<typeof startBotConnector>>;
  beforeAll(async () => {
    connector = await startBotConnector({ enforce: teamsLimits(), latencyMs: 20 });
    // Two instances on one store count the tenant's 50 requests/s together (in the store).
    app = await startApp(store());
    other = await startApp(store());
  });
  afterAll(async () => {
    await app.close();
    await other.close();
    await connector.close();
  });

  const CHATS = Array.from({ length: 20 }, (_, i) => `chat-${i}`);
  // A millisecond apart, so "the last of 100" is message 100 however fast they are made (messages sent
  // in the same millisecond are listed by id, and "hot-100" sorts before "hot-99").
  const firstAt = Date.now();
  const message = (i: number) =>
    anInteractionEvent('interaction.message', {
      interactionId: 'hot', channel: 'chat', contact: { name: 'Lucy Steele', email: 'lucy@steele.example' }, occurredAt: new Date(firstAt + i),
      extra: { message: { id: `hot-${i}`, direction: 'inbound', text: `message ${String(i).padStart(3, '0')}` } },
    });
  const shownIn = (conversationId: string) => {
    const last = connector.received.filter((a) => a.conversationId === conversationId && (a.activity.attachments?.length ?? 0) > 0).at(-1);
    return JSON.stringify(last?.activity.attachments ?? []);
  };

  it('ends with every chat\'s card showing the last of 100 messages sent at once: no 429, one sender per chat', async () => {
    await ingest(store(), message(0));
    for (const conversationId of CHATS) {
      await fetch(`${app.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: `follow-${conversationId}`, text: 'follow interaction hot', locale: 'en-US', channelId: 'msteams', serviceUrl: connector.serviceUrl,
          from: { id: 'user-1', name: 'Colonel Brandon' }, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: conversationId, conversationType: 'groupChat' },
        }),
      });
    }
    await waitUntil(() => CHATS.every((c) => shownIn(c).includes('message 000')));
    connector.resetInFlight();
    const posts = Array.from({ length: 100 }, (_, n) => postEvent((n % 2 ? app : other).baseUrl, message(n + 1)));
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual(Array(100).fill(202));

    await waitUntil(() => CHATS.every((c) => shownIn(c).includes('message 100')), 100_000);
    expect(connector.refused).toBe(0);
    expect(connector.mostInFlightPerConversation()).toBe(1); // both instances sent, never two to one chat at once
    const updates = connector.received.filter((a) => a.kind === 'update').length;
    expect(updates).toBeLessThan((100 * CHATS.length) / 2); // coalesced: far fewer than one per message per chat
  }, 120_000);
});
