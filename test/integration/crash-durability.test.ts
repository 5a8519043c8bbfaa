import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import type { Db } from '../../src/store/db';
import { killHard, startAppProcess } from '../support/app-process';
import { anInteractionEvent } from '../support/events';
import { createFreshDatabase } from '../support/stores';
import { postEvent } from '../support/webhook-client';
import { waitUntil } from '../support/wait';

/**
 * An acknowledged event survives the process being killed the instant after 202: the event is in the
 * store (202 means stored; it may not be applied yet), and the next process applies it at start.
 */
async function expectAcknowledgedEventsSurviveKill(env: Record<string, string>, reopen: () => Promise<Db>) {
  const { child, baseUrl } = await startAppProcess(env);
  const events = Array.from({ length: 5 }, (_, i) =>
    anInteractionEvent('interaction.message', { interactionId: 'crash-1', channel: 'chat', contact: { email: 'ed@norland.example' }, extra: { message: { id: `m${i}`, text: `message ${i}` } } }),
  );
  for (const event of events) expect((await postEvent(baseUrl, event)).status).toBe(202);
  await killHard(child);

  let db = await reopen();
  try {
    const stored = await db.query<{ id: string }>('SELECT id FROM events ORDER BY seq');
    expect(stored.map((r) => r.id)).toEqual(events.map((e) => e.id));
  } finally {
    await db.close();
  }
  await killHard((await startAppProcess(env)).child); // it applies what is pending before it listens
  db = await reopen();
  try {
    const messages = await db.query<{ id: string }>('SELECT id FROM messages WHERE interaction_id = $1 ORDER BY id', ['crash-1']);
    expect(messages.map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  } finally {
    await db.close();
  }
}

describe('acknowledged events survive a crash', () => {
  it('on the embedded store (PGlite)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-crash-'));
    await expectAcknowledgedEventsSurviveKill({ DATA_DIR: dataDir }, () => openPglite(path.join(dataDir, 'pglite')));
  }, 60_000);

  (process.env.TEST_DATABASE_URL ? it : it.skip)('on PostgreSQL', async () => {
    const database = await createFreshDatabase(process.env.TEST_DATABASE_URL!);
    try {
      await expectAcknowledgedEventsSurviveKill({ DATABASE_URL: database.url }, () => openPostgres(database.url));
    } finally {
      await database.drop();
    }
  }, 60_000);
});

interface StreamFigures {
  acknowledged: number;
  /** Sends tried again: the connection was refused (no process) or the answer was lost with the process. */
  resent: number;
  /** Retries of events the dead process had stored before its answer was lost. */
  duplicatesAnswered: number;
  kills: number;
}

/**
 * A webhook sender streaming events (four at a time, retrying what got no answer, as Standard
 * Webhooks senders do) while the process is SIGKILLed and restarted several times: every event
 * acknowledged is stored once and applied once, whatever moment each kill hit.
 */
async function streamThroughKills(env: Record<string, string>, reopen: () => Promise<Db>, { total = 240, kills = 3 } = {}): Promise<StreamFigures> {
  let app = await startAppProcess(env);
  const interactions = Array.from({ length: 8 }, (_, i) => `stream-${i}`);
  const events = Array.from({ length: total }, (_, i) =>
    anInteractionEvent('interaction.message', {
      interactionId: interactions[i % interactions.length],
      channel: 'chat',
      contact: { email: `stream-${i % interactions.length}@norland.example` },
      extra: { message: { id: `m${i}`, direction: 'inbound', text: `message ${i}` } },
    }),
  );
  const figures: StreamFigures = { acknowledged: 0, resent: 0, duplicatesAnswered: 0, kills: 0 };
  let restarting: Promise<void> | null = null;
  const queue = [...events];
  const sender = async () => {
    for (let event = queue.shift(); event; event = queue.shift()) {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) figures.resent++;
        await restarting;
        const answer = await postEvent(app.baseUrl, event).catch(() => null);
        if (answer && (answer.status === 202 || answer.status === 200)) {
          if (answer.status === 200) figures.duplicatesAnswered++;
          figures.acknowledged++;
          break;
        }
        // Only a kill goes unanswered, and the send is retried once the next process listens (awaited above).
        if (answer) throw new Error(`event ${event.id} answered ${answer.status} ${await answer.text()}`);
      }
    }
  };
  const killer = async () => {
    for (let k = 1; k <= kills; k++) {
      await waitUntil(() => figures.acknowledged >= (k * total) / (kills + 1), 60_000);
      let restarted!: () => void;
      restarting = new Promise((resolve) => (restarted = resolve));
      await killHard(app.child);
      figures.kills++;
      app = await startAppProcess(env);
      restarted();
      restarting = null;
    }
  };
  await Promise.all([killer(), ...Array.from({ length: 4 }, sender)]);

  // The last process applies everything it or its predecessors acknowledged.
  const messagesOn = async (id: string) => ((await (await fetch(`${app.baseUrl}/api/interactions/${id}`)).json()) as { messages: unknown[] }).messages.length;
  await waitUntil(async () => (await Promise.all(interactions.map(messagesOn))).reduce((a, b) => a + b, 0) === total, 30_000);
  await killHard(app.child);

  const db = await reopen();
  try {
    const [stored] = await db.query<{ events: number; distinct_events: number; applied: number }>(
      'SELECT count(*)::int AS events, count(DISTINCT id)::int AS distinct_events, count(applied_at)::int AS applied FROM events',
    );
    expect(stored).toEqual({ events: total, distinct_events: total, applied: total });
    const [messages] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    expect(messages!.n).toBe(total);
  } finally {
    await db.close();
  }
  console.log(`events through ${figures.kills} SIGKILLs (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${total} sent, ${figures.acknowledged} acknowledged, ` +
    `${figures.resent} retries (${figures.duplicatesAnswered} answered "duplicate": stored before the kill), 0 lost, 0 applied twice`);
  return figures;
}

describe('a stream of events through repeated SIGKILLs', () => {
  it('on the embedded store (PGlite)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-stream-'));
    const figures = await streamThroughKills({ DATA_DIR: dataDir }, () => openPglite(path.join(dataDir, 'pglite')));
    expect(figures.kills).toBe(3);
  }, 120_000);

  (process.env.TEST_DATABASE_URL ? it : it.skip)('on PostgreSQL', async () => {
    const database = await createFreshDatabase(process.env.TEST_DATABASE_URL!);
    try {
      const figures = await streamThroughKills({ DATABASE_URL: database.url }, () => openPostgres(database.url));
      expect(figures.kills).toBe(3);
    } finally {
      await database.drop();
    }
  }, 120_000);
});
