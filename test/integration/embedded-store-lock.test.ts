import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { DataDirInUse } from '../../src/store/data-dir-lock';
import { openPglite } from '../../src/store/pglite';
import { TEST_EVENTS_SECRET } from '../support/app-server';

/** The real app (src/main.ts) in its own process over DATA_DIR; resolves with how it ended or when it listens. */
function startAppProcess(dataDir: string): { child: ChildProcess; outcome: Promise<{ code: number | null; output: string; listening: boolean }> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('src', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', EVENTS_SECRET: TEST_EVENTS_SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const outcome = new Promise<{ code: number | null; output: string; listening: boolean }>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/running on http:\/\/localhost:\d+/.test(output)) resolve({ code: null, output, listening: true });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => resolve({ code, output, listening: false }));
  });
  return { child, outcome };
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const keptValues = async (db: Awaited<ReturnType<typeof openPglite>>) => (await db.query<{ v: string }>('SELECT v FROM kept ORDER BY v')).map((r) => r.v);

describe('the embedded store (PGlite) is used by one process at a time', () => {
  it('refuses a second open in the same process; the first keeps working', async () => {
    const storeDir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-store-lock-')), 'pglite');
    const db = await openPglite(storeDir);
    try {
      await expect(openPglite(storeDir)).rejects.toBeInstanceOf(DataDirInUse);
      await db.exec('CREATE TABLE kept (v text)');
      await db.query("INSERT INTO kept VALUES ('still writable')");
      expect(await keptValues(db)).toEqual(['still writable']);
    } finally {
      await db.close();
    }
    expect(existsSync(`${storeDir}.lock`)).toBe(false);
  });

  it('refuses the app started as a second process, naming the directory and the holder, and loses nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-store-lock-'));
    const storeDir = path.join(dataDir, 'pglite');
    const db = await openPglite(storeDir);
    try {
      await db.exec('CREATE TABLE kept (v text)');
      await db.query("INSERT INTO kept VALUES ('written by the first process')");

      const { outcome } = startAppProcess(dataDir);
      const second = await outcome;
      expect(second.listening).toBe(false);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`The embedded store ${storeDir} is already in use by process ${process.pid}`);
      expect(second.output).not.toMatch(/Aborted|\n\s+at /);

      await db.query("INSERT INTO kept VALUES ('written after the refusal')");
      expect(await keptValues(db)).toEqual(['written after the refusal', 'written by the first process']);
    } finally {
      await db.close();
    }
    const reopened = await openPglite(storeDir);
    try {
      expect(await keptValues(reopened)).toEqual(['written after the refusal', 'written by the first process']);
    } finally {
      await reopened.close();
    }
  }, 60_000);

  it('takes over the lock of an app process that was killed, with its data', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-store-lock-'));
    const storeDir = path.join(dataDir, 'pglite');
    const { child, outcome } = startAppProcess(dataDir);
    const first = await outcome;
    expect(first).toMatchObject({ listening: true });
    expect(JSON.parse(readFileSync(`${storeDir}.lock`, 'utf8'))).toMatchObject({ pid: child.pid });
    await killHard(child);

    const db = await openPglite(storeDir);
    try {
      expect(JSON.parse(readFileSync(`${storeDir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
      const migrations = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM schema_migrations');
      expect(migrations[0]!.count).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
