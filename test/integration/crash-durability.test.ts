import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import type { Db } from '../../src/store/db';
import { PROJECT_ROOT } from '../../src/paths';
import { TEST_EVENTS_SECRET } from '../support/app-server';
import { anInteractionEvent } from '../support/events';
import { createFreshDatabase } from '../support/stores';
import { postEvent } from '../support/webhook-client';

/** Starts the real app (src/main.ts) in its own process and waits for the port it listens on. */
async function startAppProcess(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('src', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', EVENTS_SECRET: TEST_EVENTS_SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running on (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening:\n${output}`)));
  });
  return { child, baseUrl };
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * An acknowledged event survives the process being killed the instant after 202: the store is
 * reopened by a fresh process and the event and its effects are there.
 */
async function expectAcknowledgedEventsSurviveKill(env: Record<string, string>, reopen: () => Promise<Db>) {
  const { child, baseUrl } = await startAppProcess(env);
  const events = Array.from({ length: 5 }, (_, i) =>
    anInteractionEvent('interaction.message', { interactionId: 'crash-1', channel: 'chat', contact: { email: 'ed@norland.example' }, extra: { message: { id: `m${i}`, text: `message ${i}` } } }),
  );
  for (const event of events) expect((await postEvent(baseUrl, event)).status).toBe(202);
  await killHard(child);

  const db = await reopen();
  try {
    const stored = await db.query<{ id: string }>('SELECT id FROM events ORDER BY seq');
    expect(stored.map((r) => r.id)).toEqual(events.map((e) => e.id));
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
