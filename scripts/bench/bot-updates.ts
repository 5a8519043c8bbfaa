import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { CardViews } from '../../bot/card-views';
import type { ChatAudience } from '../../bot/chat-audience';
import { botT } from '../../bot/i18n/bot-i18n';
import { teamsLimits } from '../../bot/rate-limits';
import { BuiltinConnector } from '../../src/crm/builtin/builtin-connector';
import { InteractionRecords } from '../../src/crm/interaction-records';
import { DEVELOPMENT_USER } from '../../src/domain/access/users';
import type { Db } from '../../src/store/db';
import { startApp, type RunningApp } from '../../test/support/app-server';
import { startBotConnector, type ReceivedActivity } from '../../test/support/bot-connector';
import { anInteractionEvent } from '../../test/support/events';
import { postEvent } from '../../test/support/webhook-client';
import { benchStores, percentile } from './stores';

const INTERACTIONS = 1000;
const CHATS = 100;
const BURST_PER_SECOND = 200;
const BURST_SECONDS = 30;
const CALM_PER_SECOND = 20;
const CALM_SECONDS = 10;
const TENANT_PER_SECOND = 50;
const GIVE_UP_MS = 120_000;
/** The naive sender tries an update this often (honouring Retry-After), then gives it up. */
const NAIVE_ATTEMPTS = 3;

type Connector = Awaited<ReturnType<typeof startBotConnector>>;

/**
 * BOT-2 under load: chat messages arrive through the signed webhook, 100 chats follow 1,000
 * interactions (ten each), and a local Bot Connector enforces Teams' limits (429 when over).
 * Measured: webhook-accept → Bot Connector latency while under the limits; during a 200 msg/s burst
 * of 30 s, the 429s and the time after the burst until every chat's card shows its last message, as
 * a ratio to the least the 50 requests/s tenant limit allows. The same burst through a naive sender
 * that updates on every message is the baseline.
 */
export async function benchBotUpdates(): Promise<string[]> {
  const store = benchStores().at(-1)!;
  const lines = [`bot card updates (${store.name}): ${CHATS} chats following ${INTERACTIONS} interactions, Bot Connector enforcing Teams' limits`];

  {
    const { db, done } = await store.open();
    const connector = await startBotConnector({ enforce: teamsLimits(TENANT_PER_SECOND) });
    const app = await startApp(db);
    try {
      await seed(db, connector, true);
      const calm = await load(app, CALM_PER_SECOND, CALM_SECONDS, () => undefined);
      await untilCurrent(connector, calm.last);
      const latencies = calm.sent.map((m) => firstShown(connector.received, m) - m.postedAt).sort((a, b) => a - b);
      lines.push(
        `  under the limits (${CALM_PER_SECOND} msg/s for ${CALM_SECONDS} s): webhook post → card update at the Bot Connector ` +
          `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
      );
      lines.push(burstLine('dispatcher (coalescing, paced)', await burst(app, connector, () => undefined)));
    } finally {
      await app.close();
      await connector.close();
      await done();
    }
  }
  {
    const { db, done } = await store.open();
    const connector = await startBotConnector({ enforce: teamsLimits(TENANT_PER_SECOND) });
    const app = await startApp(db);
    try {
      await seed(db, connector, false); // no follows in the store: the dispatcher stays idle
      lines.push(burstLine('naive (update on every message)', await burst(app, connector, naiveSender(db, connector))));
    } finally {
      await app.close();
      await connector.close();
      await done();
    }
  }
  return lines;
}

interface Sent {
  interaction: number;
  text: string;
  /** When the event was posted to the webhook (its acceptance is a few milliseconds later). */
  postedAt: number;
}

interface BurstResult {
  refused: number;
  /** Webhook posts answered 503 (load shed) and delivered again after Retry-After. */
  shed: number;
  updates: number;
  staleAtEnd: number;
  catchUpMs: number | null;
}

function burstLine(name: string, r: BurstResult): string {
  const least = (r.staleAtEnd / TENANT_PER_SECOND) * 1000;
  const current = r.catchUpMs === null
    ? `still not all current ${GIVE_UP_MS / 1000} s later`
    : `all current ${(r.catchUpMs / 1000).toFixed(1)} s later = ${(r.catchUpMs / least).toFixed(2)} × the ${(least / 1000).toFixed(1)} s the tenant limit allows (target ≤ 1.2)`;
  return `  ${name}, ${BURST_PER_SECOND} msg/s for ${BURST_SECONDS} s: ${r.refused} × 429 (target 0), ${r.updates} updates sent, ${r.shed} events shed by the webhook (503, delivered after Retry-After); ${r.staleAtEnd} cards stale at the end, ${current}`;
}

/** 1,000 active chats; chat c holds the card of every interaction k with k mod 100 = c. */
async function seed(db: Db, connector: Connector, follow: boolean): Promise<void> {
  await db.query(
    `INSERT INTO interactions (id, channel, division, direction, state, state_changed_at, started_at, provided_contact)
     SELECT 'bench-chat-' || g, 'chat', 'support-emea', 'inbound', 'active', now(), now(), jsonb_build_object('name', 'Visitor ' || g)
     FROM generate_series(0, ${INTERACTIONS - 1}) g`,
  );
  await db.query(
    `INSERT INTO bot_conversations (conversation_id, reference)
     SELECT 'chat-' || c, jsonb_build_object('channelId', 'msteams', 'serviceUrl', $1::text, 'conversation', jsonb_build_object('id', 'chat-' || c),
       'bot', jsonb_build_object('id', 'bot'), 'user', jsonb_build_object('id', 'user'), 'locale', 'en-US')
     FROM generate_series(0, ${CHATS - 1}) c`,
    [connector.serviceUrl],
  );
  // The cards were posted before the bench began: the chats hold them, whoever updates them.
  for (let g = 0; g < INTERACTIONS; g++) connector.alreadyPosted(`chat-${g % CHATS}`, `card:bench-chat-${g}`);
  if (!follow) return;
  await db.query(
    `INSERT INTO bot_follows (conversation_id, kind, key, followed_by, followed_by_id)
     SELECT 'chat-' || (g % ${CHATS}), 'interaction', 'bench-chat-' || g, 'bench', 'bench-user' FROM generate_series(0, ${INTERACTIONS - 1}) g`,
  );
  await db.query(
    `INSERT INTO bot_cards (conversation_id, interaction_id, activity_id)
     SELECT 'chat-' || (g % ${CHATS}), 'bench-chat-' || g, 'card:bench-chat-' || g FROM generate_series(0, ${INTERACTIONS - 1}) g`,
  );
}

let sequence = 0;

/** Posts chat messages to the webhook at a steady rate; `accepted` sees each one the webhook took. */
async function load(app: RunningApp, perSecond: number, seconds: number, accepted: (m: Sent) => void) {
  const sent: Sent[] = [];
  const last = new Map<number, string>();
  const total = perSecond * seconds;
  const started = performance.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const interaction = (i * 7919) % INTERACTIONS; // every interaction in turn, spread over the chats
    const text = `message ${String(++sequence).padStart(7, '0')}`;
    last.set(interaction, text);
    const event = anInteractionEvent('interaction.message', {
      interactionId: `bench-chat-${interaction}`, channel: 'chat', contact: { name: `Visitor ${interaction}` },
      extra: { message: { id: `m-${sequence}`, direction: 'inbound', text } },
    });
    const postedAt = Date.now();
    posts.push(deliver(app, event).then((response) => {
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      const m = { interaction, text, postedAt };
      sent.push(m);
      accepted(m);
    }));
  }
  await Promise.all(posts);
  return { sent, last };
}

/** Events the webhook shed with 503 + Retry-After (its store's waiting line was full) and the sender delivered later. */
let shed = 0;

/**
 * Posts an event as a webhook sender does: again if the connection drops or times out under load,
 * and after Retry-After when the webhook sheds load with 503 (redelivery is a no-op).
 */
async function deliver(app: RunningApp, event: object, attempts = 10): Promise<Response> {
  let response: Response;
  try {
    response = await postEvent(app.baseUrl, event);
  } catch (error) {
    if (attempts <= 1) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return deliver(app, event, attempts - 1);
  }
  if (response.status !== 503 || attempts <= 1) return response;
  shed++;
  await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  return deliver(app, event, attempts - 1);
}

async function burst(app: RunningApp, connector: Connector, accepted: (m: Sent) => void): Promise<BurstResult> {
  const refusedBefore = connector.refused;
  const shedBefore = shed;
  const updatesBefore = connector.received.length;
  const { last } = await load(app, BURST_PER_SECOND, BURST_SECONDS, accepted);
  const end = Date.now();
  const staleAtEnd = staleCards(connector.received, last);
  const current = await untilCurrent(connector, last);
  return {
    refused: connector.refused - refusedBefore,
    shed: shed - shedBefore,
    updates: connector.received.length - updatesBefore,
    staleAtEnd,
    catchUpMs: current === null ? null : current - end,
  };
}

/** The card content per interaction as the chats show it now (the last update that arrived), read as updates arrive. */
const shownCards = new WeakMap<ReceivedActivity[], { read: number; shown: Map<number, string> }>();

function staleCards(received: ReceivedActivity[], last: Map<number, string>): number {
  const cards = shownCards.get(received) ?? { read: 0, shown: new Map<number, string>() };
  shownCards.set(received, cards);
  for (; cards.read < received.length; cards.read++) {
    const r = received[cards.read]!;
    if (r.activityId) cards.shown.set(Number(r.activityId.slice('card:bench-chat-'.length)), JSON.stringify(r.activity.attachments));
  }
  return [...last].filter(([k, text]) => !cards.shown.get(k)?.includes(text)).length;
}

/** When every card shows its interaction's last message; null if that takes longer than GIVE_UP_MS. */
async function untilCurrent(connector: Connector, last: Map<number, string>): Promise<number | null> {
  const giveUp = Date.now() + GIVE_UP_MS;
  while (staleCards(connector.received, last) > 0) {
    if (Date.now() > giveUp) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now();
}

function firstShown(received: ReceivedActivity[], m: Sent): number {
  const hit = received.find((r) => r.activityId === `card:bench-chat-${m.interaction}` && JSON.stringify(r.activity.attachments).includes(m.text));
  return hit?.at ?? Number.NaN;
}

/** The bench's app runs in development mode: its chats follow as the development user. */
const BENCH_AUDIENCE: ChatAudience = { viewer: DEVELOPMENT_USER, userIds: [] };

/**
 * The baseline: on every message, render the card and update it at once in its chat, with no
 * coalescing and no pacing; a 429 is tried again after its Retry-After, up to NAIVE_ATTEMPTS times.
 */
function naiveSender(db: Db, connector: Connector): (m: Sent) => void {
  const views = new CardViews({ db, records: new InteractionRecords(db, () => new BuiltinConnector(db)), log: pino({ level: 'silent' }) });
  const ctx = { t: botT('en-US'), locale: 'en-US', tabUrl: 'http://localhost/tab' };
  const update = async (interaction: number): Promise<void> => {
    const conversation = `chat-${interaction % CHATS}`;
    const url = `${connector.serviceUrl}v3/conversations/${conversation}/activities/card:bench-chat-${interaction}`;
    for (let attempt = 1; attempt <= NAIVE_ATTEMPTS; attempt++) {
      const card = await views.renderForChat(`bench-chat-${interaction}`, BENCH_AUDIENCE, ctx);
      const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', attachments: [card] }) })
        .catch(() => null); // a dropped connection is tried again at once
      if (response?.status === 200) return;
      if (response) await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
    }
  };
  return (m) => void update(m.interaction).catch(() => undefined); // a failed render is a dropped update
}
