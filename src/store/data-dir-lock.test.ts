import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirInUse, lockDataDir } from './data-dir-lock';

const freshDataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'cc-lock-')), 'pglite');

/** A lock file as another process would have left it. */
function lockLeftBy(dataDir: string, holder: { pid: number; host?: string }): void {
  writeFileSync(`${dataDir}.lock`, JSON.stringify({ host: hostname(), nonce: 'theirs', since: '2026-01-01T00:00:00.000Z', ...holder }));
}

const lockOwnerPid = (dataDir: string) => (JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')) as { pid: number }).pid;

/** The id of a process that has run and ended. */
function deadPid(): number {
  const { pid, status } = spawnSync(process.execPath, ['-e', '']);
  expect(status).toBe(0);
  return pid;
}

describe('lockDataDir', () => {
  it('writes this process id beside the directory and removes it on release', () => {
    const dataDir = freshDataDir();
    const lock = lockDataDir(dataDir);
    expect(lock.file).toBe(`${dataDir}.lock`);
    expect(lockOwnerPid(dataDir)).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lock.release();
  });

  it('refuses a second lock of the same directory in this process, and the first keeps it', () => {
    const dataDir = freshDataDir();
    const first = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(/in use by this process/);
    expect(lockOwnerPid(dataDir)).toBe(process.pid);
    first.release();
    lockDataDir(dataDir).release();
  });

  it('refuses a directory held by a running process, naming the directory and the process', () => {
    const dataDir = freshDataDir();
    lockLeftBy(dataDir, { pid: process.ppid });
    let refusal: unknown;
    try {
      lockDataDir(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirInUse);
    expect((refusal as Error).message).toContain(dataDir);
    expect((refusal as Error).message).toContain(`process ${process.ppid}`);
    expect(lockOwnerPid(dataDir)).toBe(process.ppid);
  });

  it('refuses a lock taken on another host, whose process it cannot check', () => {
    const dataDir = freshDataDir();
    lockLeftBy(dataDir, { pid: deadPid(), host: 'elsewhere.example' });
    expect(() => lockDataDir(dataDir)).toThrow(/on host elsewhere\.example/);
  });

  it('takes over a lock left by a process that has ended', () => {
    const dataDir = freshDataDir();
    lockLeftBy(dataDir, { pid: deadPid() });
    const lock = lockDataDir(dataDir);
    expect(lockOwnerPid(dataDir)).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock carrying its own pid from an earlier life (a restarted container)', () => {
    const dataDir = freshDataDir();
    lockLeftBy(dataDir, { pid: process.pid });
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).not.toMatchObject({ nonce: 'theirs' });
    lock.release();
  });

  it('takes over a lock file that is not one it could have written', () => {
    const dataDir = freshDataDir();
    writeFileSync(`${dataDir}.lock`, 'garbage');
    lockDataDir(dataDir).release();
  });

  it('refuses rather than guesses while another takeover seems under way', () => {
    const dataDir = freshDataDir();
    lockLeftBy(dataDir, { pid: deadPid() });
    writeFileSync(`${dataDir}.lock.takeover`, '{}');
    expect(() => lockDataDir(dataDir)).toThrow(/being taken over by another process; if none is starting, delete .*\.lock\.takeover/);
  });

  it('on release leaves alone a lock that is no longer its own', () => {
    const dataDir = freshDataDir();
    const lock = lockDataDir(dataDir);
    lockLeftBy(dataDir, { pid: process.ppid });
    lock.release();
    expect(lockOwnerPid(dataDir)).toBe(process.ppid);
  });
});
