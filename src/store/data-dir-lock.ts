import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * PGlite takes no lock on its directory (as PostgreSQL's postmaster.pid does), and two processes
 * writing one directory leave it unreadable (`RuntimeError: Aborted()` on every later open). So the
 * embedded store holds this lock for the life of the process: `<dataDir>.lock`, beside the directory
 * so PGlite never sees a file it did not write.
 */
export interface DataDirLock {
  readonly file: string;
  /** Gives the directory up; safe to call twice, and removes the file only while it is still ours. */
  release(): void;
}

/** Another process (or this one) has the directory open; nothing was touched. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: LockHolder,
    reason: string,
  ) {
    super(`The embedded store ${dataDir} is already in use ${reason}. Stop that process first (or set DATABASE_URL to share PostgreSQL between instances); lock file: ${lockFile}`);
    this.name = 'DataDirInUse';
  }
}

const LockHolder = z.object({ pid: z.number().int().positive(), host: z.string(), nonce: z.string(), since: z.string() });
type LockHolder = z.infer<typeof LockHolder>;

/** Lock files this process holds: a second open of the same directory here is refused too. */
const heldHere = new Map<string, LockHolder>();

export function lockDataDir(dataDir: string): DataDirLock {
  const file = `${dataDir}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), nonce: randomUUID(), since: new Date().toISOString() };
  // A few rounds at most: each lost round means another process created or released the file meanwhile.
  for (let round = 0; round < 5; round++) {
    if (createExclusive(file, me)) return held(file, me);
    const holder = readHolder(file);
    if (holder === 'absent') continue;
    if (holder !== 'unreadable') refuseIfAlive(dataDir, file, holder);
    takeOverStale(file, holder);
  }
  throw new Error(`could not lock ${file}: other processes keep creating and removing it`);
}

/**
 * Written under a private name, then linked into place: link() fails if the lock exists, like
 * O_EXCL, and the lock never appears half-written to a process reading it at that instant.
 */
function createExclusive(file: string, me: LockHolder): boolean {
  const draft = `${file}.${me.pid}.${me.nonce}`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

function readHolder(file: string): LockHolder | 'absent' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const parsed = LockHolder.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function refuseIfAlive(dataDir: string, file: string, holder: LockHolder): void {
  if (heldHere.get(file)?.nonce === holder.nonce) throw new DataDirInUse(dataDir, file, holder, 'by this process (opened twice)');
  // A process id means nothing on another machine (a shared volume): whether it lives cannot be told.
  if (holder.host !== hostname()) {
    throw new DataDirInUse(dataDir, file, holder, `by process ${holder.pid} on host ${holder.host} (if it is gone, delete the lock file)`);
  }
  // Our own pid in a lock we do not hold is an earlier life of this pid (a restarted container).
  if (holder.pid !== process.pid && isRunning(holder.pid)) {
    throw new DataDirInUse(dataDir, file, holder, `by process ${holder.pid} (since ${holder.since})`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removing a dead holder's lock is not atomic with creating ours, so two processes starting together
 * after a crash could each remove the other's fresh lock. Takeovers therefore happen one at a time,
 * under a second exclusive file, and re-check that the lock is still the stale one they judged.
 */
function takeOverStale(file: string, stale: LockHolder | 'unreadable'): void {
  const guard = `${file}.takeover`;
  const me: LockHolder = { pid: process.pid, host: hostname(), nonce: randomUUID(), since: new Date().toISOString() };
  if (!createExclusive(guard, me)) {
    // Only a process killed in the instant between these lines leaves the guard behind: a person
    // must judge it, as guessing could let two processes in.
    throw new Error(`${file} is being taken over by another process; if none is starting, delete ${guard}`);
  }
  try {
    const current = readHolder(file);
    const unchanged = current === stale || (typeof current === 'object' && typeof stale === 'object' && current.nonce === stale.nonce);
    if (unchanged) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

function held(file: string, me: LockHolder): DataDirLock {
  heldHere.set(file, me);
  const release = () => {
    if (heldHere.get(file)?.nonce !== me.nonce) return;
    heldHere.delete(file);
    process.off('exit', release);
    const holder = readHolder(file);
    if (typeof holder === 'object' && holder.nonce === me.nonce) unlinkSync(file);
  };
  // A process that ends without closing the store (an uncaught error, process.exit) still lets go.
  process.on('exit', release);
  return { file, release };
}
