import type { ConversationReference } from 'botbuilder';
import { createAdapter } from '../../bot/adapter';
import { CardDispatcher } from '../../bot/card-dispatcher';
import { type TeamsLimits, teamsLimits, TeamsRateLimiter } from '../../bot/rate-limits';
import { countTurnSends } from '../../bot/turn-send-counter';
import { loadConfig } from '../../src/config';
import { enqueueCardUpdate, follow, saveConversation } from '../../bot/chat-follows';
import type { Db } from '../../src/store/db';
import { startApp, TEST_EVENTS_SECRET, type RunningApp } from '../support/app-server';
import { startBotConnector, type ReceivedActivity } from '../support/bot-connector';
import { anInteractionEvent, ingest, silentLog } from '../support/events';
import { describeEachStore } from '../support/stores';
import { waitUntil } from '../support/wait';
import { postEvent } from '../support/webhook-client';

type Connector = Awaited<ReturnType<typeof startBotConnector>>;

/** The most requests that reached the connector within any `windowMs`. */
function mostInAnyWindow(received: ReceivedActivity[], windowMs: number): number {
  const times = received.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** A chat where the bot can post, as the bot stores it on a turn. */
const referenceTo = (connector: Connector, conversationId: string): Partial<ConversationReference> => ({
  channelId: 'msteams', serviceUrl: connector.serviceUrl, conversation: { id: conversationId, conversationType: 'groupChat', isGroup: true, name: conversationId },
  bot: { id: 'bot-1', name: 'Customer Card' }, user: { id: 'user-1', name: 'Colonel Brandon' }, locale: 'en-US',
});

describeEachStore('Teams\' tenant limit holds across three app instances (issue 13)', (store) => {
  const TENANT_PER_SECOND = 10;
  let apps: RunningApp[];
  let connector: Connector;
  beforeAll(async () => {
    connector = await startBotConnector({ enforce: teamsLimits(TENANT_PER_SECOND) });
    // Every instance is configured with the whole tenant's rate: they count it together in the store.
    apps = [];
    for (let i = 0; i < 3; i++) apps.push(await startApp(store(), { BOT_TENANT_REQUESTS_PER_SECOND: String(TENANT_PER_SECOND) }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await connector.close();
  });

  // More chats than one instance serves at once (20): all three instances send.
  const CHATS = Array.from({ length: 45 }, (_, i) => `tenant-chat-${i}`);
  const MESSAGES = 3;
  const message = (i: number) =>
    anInteractionEvent('interaction.message', {
      interactionId: 'busy', channel: 'chat', contact: { name: 'Lucy Steele', email: 'lucy@steele.example' },
      extra: { message: { id: `busy-${i}`, direction: 'inbound', text: `message ${String(i).padStart(3, '0')}` } },
    });
  const shownIn = (conversationId: string) =>
    JSON.stringify(connector.received.filter((a) => a.conversationId === conversationId && (a.activity.attachments?.length ?? 0) > 0).at(-1)?.activity.attachments ?? []);

  it('45 chats following a card that changes 3 times at once, through three instances: every card ends current, never over 10 requests in a second, no 429', async () => {
    await ingest(store(), message(0));
    for (const chat of CHATS) {
      await saveConversation(store(), chat, referenceTo(connector, chat));
      await follow(store(), chat, 'interaction', 'busy', { id: 'user-1', name: 'Colonel Brandon' });
    }
    const posted = await Promise.all(Array.from({ length: MESSAGES }, (_, i) => postEvent(apps[i % 3]!.baseUrl, message(i + 1))));
    expect(posted.map((r) => r.status)).toEqual(Array(MESSAGES).fill(202));

    const last = `message ${String(MESSAGES).padStart(3, '0')}`;
    await waitUntil(() => CHATS.every((c) => shownIn(c).includes(last)), 60_000);
    expect(connector.refused).toBe(0);
    expect(mostInAnyWindow(connector.received, 1_000)).toBeLessThanOrEqual(TENANT_PER_SECOND);
    expect(connector.received.length).toBeGreaterThanOrEqual(CHATS.length); // a card posted in every chat, at least
  }, 90_000);
});

describeEachStore('a chat\'s long-window limit holds when its sender changes instance (issue 13)', (store) => {
  // Teams' 1,800 per hour, scaled down: 70 in 10 s (long enough that the first sender, once the window is
  // full, gives the chat back rather than wait). More than the 60 recent sends a sender once handed to the next.
  const LONG: TeamsLimits = { perConversation: [{ count: 70, windowMs: 10_000 }], perTenant: [{ count: 1_000, windowMs: 1_000 }] };
  const CHAT = 'long-window-chat';
  const CARDS = 100;
  let connector: Connector;
  const instances: Array<ReturnType<typeof anInstance>> = [];
  /** Who rendered each card: which instance sent it. */
  const sentBy = new Map<string, string>();

  /** An app instance's bot parts: its adapter counting turn replies, its limiter and its dispatcher, over the shared store. */
  function anInstance(name: string, db: Db) {
    const adapter = createAdapter(loadConfig({ NODE_ENV: 'development', EVENTS_SECRET: TEST_EVENTS_SECRET }).bot, silentLog);
    const limiter = new TeamsRateLimiter({ db, limits: LONG, log: silentLog });
    adapter.use(countTurnSends(limiter));
    const dispatcher = new CardDispatcher({
      db, adapter, appId: '', limiter, log: silentLog, pollMs: 100,
      render: async (interactionId) => {
        sentBy.set(interactionId, name);
        return { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: interactionId }] } };
      },
    });
    return { name, adapter, dispatcher };
  }

  beforeAll(async () => {
    connector = await startBotConnector({ enforce: LONG });
  });
  afterAll(async () => {
    for (const instance of instances) await instance.dispatcher.stop();
    await connector.close();
  });

  it('the next sender counts what the last one sent and the replies of a third: no 429, never over 70 in any 10 s, every card posted', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => anInstance(name, store()));
    instances.push(a!, b!, c!);
    const reference = referenceTo(connector, CHAT);
    await saveConversation(store(), CHAT, reference);
    for (let i = 0; i < CARDS; i++) await enqueueCardUpdate(store(), CHAT, `card-${i}`);
    const cardsPosted = () => connector.received.filter((r) => (r.activity.attachments?.length ?? 0) > 0).length;

    // Instance a sends until the window is full (67 of 70: the rest is for replies), then stops.
    await a!.dispatcher.start();
    await waitUntil(() => cardsPosted() >= 67);
    await a!.dispatcher.stop();
    // A reply in a turn on instance c, while the window is full: it cannot wait, and fits the room left.
    await c!.adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('This chat now follows interaction card-0.');
    });
    await b!.dispatcher.start();
    await c!.dispatcher.start();
    await waitUntil(() => cardsPosted() === CARDS, 30_000);

    expect(connector.refused).toBe(0);
    expect(mostInAnyWindow(connector.received, 10_000)).toBeLessThanOrEqual(70);
    expect(new Set(sentBy.values()).size).toBeGreaterThan(1); // the sender did change instance
    expect(connector.received.some((r) => r.activity.text === 'This chat now follows interaction card-0.')).toBe(true);
  }, 60_000);
});
