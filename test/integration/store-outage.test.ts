import { loadConfig } from '../../src/config';
import { WakeLoop } from '../../src/jobs/wake-loop';
import type { Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { openPostgres } from '../../src/store/postgres';
import { startApp, type RunningApp } from '../support/app-server';
import { startBotConnector } from '../support/bot-connector';
import { callApi, expectProblem } from '../support/api';
import { openCardStream } from '../support/card-stream';
import { anInteractionEvent, ingest, silentLog, type EventPayload } from '../support/events';
import { createFreshDatabase } from '../support/stores';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { waitUntil } from '../support/wait';
import { postEvent } from '../support/webhook-client';

/**
 * The app over PostgreSQL reached through a TCP proxy the test cuts and stalls. Timeouts are set to
 * 1 s, so every answer during an outage must come within a few seconds: a request that would hang
 * fails the test at ANSWER_BOUND_MS instead.
 */
const ENV = {
  STORE_CONNECT_TIMEOUT_SECONDS: '1',
  STORE_STATEMENT_TIMEOUT_SECONDS: '1',
  STORE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: '5',
  STORE_POOL_SIZE: '4',
  STORE_POOL_MAX_WAITING: '16',
};
/** Connect (1 s) or statement (1 s) plus the client's 1 s grace, with room for a loaded machine. */
const ANSWER_BOUND_MS = 6_000;

const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) console.warn('[notice] store-outage tests SKIPPED: they need PostgreSQL (TEST_DATABASE_URL)');

const figures: string[] = [];

/** Fails when the answer takes longer than the bound: the outage must never make a request hang. */
async function answered(request: Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS);
  });
  try {
    const response = await Promise.race([request, hang]);
    return { response, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

const message = (interactionId: string, text: string) =>
  anInteractionEvent('interaction.message', { interactionId, channel: 'chat', contact: { name: 'Elinor Dashwood', email: 'elinor@norland.example' }, extra: { message: { id: `m-${text}`, text } } });

(adminUrl ? describe : describe.skip)('a store that is down or slow (PostgreSQL through a TCP proxy)', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let direct: Db;
  let proxy: TcpProxy;
  let db: Db;
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startBotConnector>>;
  let contactId: string;
  /** A chat message to the bot (development mode: no token), from a conversation its Bot Connector serves. */
  const aBotMessage = () => ({
    type: 'message', id: `in-${Date.now()}`, text: 'help', channelId: 'msteams', serviceUrl: connector.serviceUrl,
    conversation: { id: 'outage-chat' }, from: { id: 'u-1', name: 'Elinor Dashwood' }, recipient: { id: 'bot' },
  });
  const acknowledged: string[] = [];

  beforeAll(async () => {
    database = await createFreshDatabase(adminUrl!);
    direct = await openPostgres(database.url);
    await migrate(direct);
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const env = { ...ENV, DATABASE_URL: proxy.through(database.url) };
    const store = loadConfig(env).store;
    if (store.kind !== 'postgres') throw new Error('DATABASE_URL must select PostgreSQL');
    db = await openPostgres(store.url, { limits: store.limits, listenerHeartbeatMs: 500 });
    app = await startApp(db, env);
    connector = await startBotConnector();
    await ingest(direct, message('outage-1', 'before'));
    contactId = (await direct.query<{ contact_id: string }>(`SELECT contact_id FROM interactions WHERE id = 'outage-1'`))[0]!.contact_id;
  });

  afterAll(async () => {
    await app?.close();
    await connector?.close();
    await db?.close();
    await proxy?.close();
    await direct?.close();
    await database?.drop();
    if (figures.length > 0) console.log(`store outage figures (timeouts 1 s):\n  ${figures.join('\n  ')}`);
  });

  /** Every route that touches the store: the tab's data, a write, the webhook, readiness. */
  const storeRoutes = (): Array<[string, () => Promise<Response>]> => [
    ['GET /api/interactions/:id', () => callApi(app.baseUrl, undefined, 'GET', '/interactions/outage-1')],
    ['GET /api/contacts/:id', () => callApi(app.baseUrl, undefined, 'GET', `/contacts/${contactId}`)],
    ['GET /api/contacts?q=', () => callApi(app.baseUrl, undefined, 'GET', '/contacts?q=Dashwood')],
    ['POST /api/contacts/:id/notes', () => callApi(app.baseUrl, undefined, 'POST', `/contacts/${contactId}/notes`, { text: 'called back' })],
    ['POST /api/events', () => postEvent(app.baseUrl, message('outage-1', `during-${Date.now()}`))],
    ['POST /api/messages', () => fetch(`${app.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aBotMessage()) })],
    ['GET /healthz/ready', () => fetch(`${app.baseUrl}/healthz/ready`)],
    ['GET /healthz', () => fetch(`${app.baseUrl}/healthz`)],
  ];

  async function expectUnavailableEverywhere(outage: string): Promise<void> {
    let slowest = 0;
    for (const [route, call] of storeRoutes()) {
      const { response, ms } = await answered(call());
      const problem = await expectProblem(response, 503).catch((error: Error) => {
        throw new Error(`${route} during ${outage}: ${error.message}`);
      });
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(problem.detail).toMatch(/store/);
      slowest = Math.max(slowest, ms);
    }
    const live = await answered(fetch(`${app.baseUrl}/healthz/live`));
    expect(live.response.status).toBe(200);
    figures.push(`${outage}: every store route 503 with Retry-After, slowest in ${slowest} ms; /healthz/live 200 in ${live.ms} ms`);
  }

  /** Back to normal without a restart: readiness first, then every route, events included. */
  async function expectRecovered(outage: string): Promise<void> {
    const started = Date.now();
    await waitUntil(async () => (await fetch(`${app.baseUrl}/healthz/ready`)).status === 200, 15_000);
    figures.push(`${outage}: ready again ${Date.now() - started} ms after the store came back`);
    for (const [route, call] of storeRoutes()) {
      const { response } = await answered(call());
      if (response.status >= 300) throw new Error(`${route} after ${outage}: ${response.status} ${await response.text()}`);
    }
    await acknowledge(message('outage-1', `after-${outage}`));
  }

  async function acknowledge(event: EventPayload): Promise<void> {
    const response = await postEvent(app.baseUrl, event);
    expect(response.status).toBe(202);
    acknowledged.push(event.id);
  }

  it('answers 503 with Retry-After on every route while PostgreSQL refuses connections, and recovers by itself', async () => {
    await acknowledge(message('outage-1', 'before-refusal'));
    await proxy.refuse();
    await expectUnavailableEverywhere('refused');
    // The bot's user is told, through the Bot Connector that still answers.
    expect(connector.received.map((r) => r.activity.text)).toContainEqual(expect.stringMatching(/cannot reach its data/));
    const german = await fetch(`${app.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...aBotMessage(), locale: 'de-DE' }) });
    expect(german.status).toBe(503);
    expect(connector.received.map((r) => r.activity.text)).toContainEqual(expect.stringMatching(/Kundenkarte kann ihre Daten gerade nicht erreichen/));
    await proxy.pass();
    await expectRecovered('refused');
  });

  it('answers 503 with Retry-After on every route while PostgreSQL accepts but never answers, and recovers by itself', async () => {
    await acknowledge(message('outage-1', 'before-stall'));
    proxy.stall();
    await expectUnavailableEverywhere('stalled');
    // Requests arriving together are not queued without bound: each is answered within the bound.
    const burst = await Promise.all(Array.from({ length: 20 }, () => answered(callApi(app.baseUrl, undefined, 'GET', '/interactions/outage-1'))));
    expect(burst.map(({ response }) => response.status)).toEqual(Array(20).fill(503));
    figures.push(`stalled: 20 requests at once all 503, slowest in ${Math.max(...burst.map(({ ms }) => ms))} ms`);
    await proxy.pass();
    await expectRecovered('stalled');
  });

  it('a transaction cut off by a stall leaves no open transaction behind on its connection', async () => {
    // One connection, so the statement after the stall runs on the one the transaction had.
    const store = loadConfig({ ...ENV, DATABASE_URL: proxy.through(database.url), STORE_POOL_SIZE: '1' }).store;
    if (store.kind !== 'postgres') throw new Error('DATABASE_URL must select PostgreSQL');
    const lone = await openPostgres(store.url, { limits: store.limits });
    try {
      proxy.stall();
      await expect(lone.transaction((tx) => tx.query('SELECT 1'))).rejects.toThrow(/timeout/i);
      await proxy.pass(); // the held BEGIN reaches the server now
      const [statement] = await lone.query<{ in_transaction: boolean }>('SELECT now() <> statement_timestamp() AS in_transaction');
      expect(statement!.in_transaction).toBe(false);
    } finally {
      await lone.close();
    }
  });

  it('loses no acknowledged event: every 202 is stored and applied', async () => {
    expect(acknowledged.length).toBeGreaterThanOrEqual(4);
    await waitUntil(async () => {
      const rows = await direct.query<{ applied: number }>('SELECT count(*) AS applied FROM events WHERE id = ANY($1) AND applied_at IS NOT NULL', [acknowledged]);
      return rows[0]!.applied === acknowledged.length;
    });
  });

  it('a live card re-reads after the change feed reconnects: a change made while it was cut is pushed without another event', async () => {
    await waitUntil(async () => (await fetch(`${app.baseUrl}/healthz/ready`)).status === 200);
    await ingest(direct, message('resync-1', 'first'));
    const stream = await openCardStream(`${app.baseUrl}/api/interactions/resync-1/live`);
    try {
      await stream.until((c) => c.messages.join() === 'first');
      await proxy.refuse(); // the listener's connection is reset, and it cannot come back yet
      await ingest(direct, message('resync-1', 'while-cut')); // its notification reaches no listener of ours
      await proxy.pass();
      await stream.until((c) => c.messages.join() === 'first,while-cut');
    } finally {
      await stream.close();
    }
  });

  it('a wake loop runs a round once the change feed is back, without waiting for its poll', async () => {
    let rounds = 0;
    const loop = new WakeLoop({ db, channel: 'outage_test_work', pollMs: 3_600_000, round: async () => (rounds++, 0), log: silentLog, name: 'outage test' });
    await loop.start();
    try {
      await waitUntil(() => rounds === 1); // the round every start runs
      await proxy.refuse(); // work notified now would never be heard
      await proxy.pass();
      await waitUntil(() => rounds === 2);
    } finally {
      await loop.stop();
    }
  });

  it('a live card re-reads after a silent change feed connection is replaced (no error, just no answer)', async () => {
    await ingest(direct, message('resync-2', 'first'));
    const stream = await openCardStream(`${app.baseUrl}/api/interactions/resync-2/live`);
    try {
      await stream.until((c) => c.messages.join() === 'first');
      proxy.freezeOpenConnections(); // the notification below is held on the old connection for good
      await ingest(direct, message('resync-2', 'while-silent'));
      await stream.until((c) => c.messages.join() === 'first,while-silent');
    } finally {
      await stream.close();
      proxy.cut();
    }
  });
});
