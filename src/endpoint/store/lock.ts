// One endpoint process per data directory. Two built-in endpoints on the same data would each keep
// their own copy in memory and overwrite each other's files, so the second one must refuse.
//
// The lock is `<dataDir>/endpoint.lock`, created with O_EXCL and holding its owner: pid, the
// process's start time (Linux, so a pid reused by another program is told apart), and once the
// server listens, its address. A lock whose owner is gone is stale and is taken over at once —
// serialised by a second O_EXCL file, so two starters never both remove and recreate it.
//
// Hand-written rather than proper-lockfile: that library judges staleness only by the lock's mtime
// (a crashed endpoint blocks a restart until the stale period passes, a laptop that sleeps longer
// than it "compromises" a live lock), keeps a refresh timer in every process, records no owner (we
// must name the other's pid and port), and removes stale locks without serialising the takeover.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const LOCK_FILE = 'endpoint.lock';
const TAKEOVER_FILE = 'endpoint.lock.takeover';
/** A takeover marker older than this was left by a starter that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;
/** A lock file without an owner younger than this may be one being written right now. */
const UNWRITTEN_GRACE_MS = 2_000;
const ATTEMPTS = 40;

export interface LockOwner {
  pid: number;
  /** /proc/<pid>/stat start time (clock ticks since boot), Linux only: tells a reused pid apart. */
  startTime?: string;
  /** Set once the server listens. */
  url?: string;
  port?: number;
  /** Which command holds it: the foreground `endpoint`, or `--embedded` inside another command. */
  role: EndpointRole;
  since: string;
}

export type EndpointRole = 'endpoint' | 'embedded';

/** Another live process serves this data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(`The built-in endpoint's data in ${dataDir} is in use by process ${owner.pid}${owner.url ? ` (${owner.url})` : ''}.`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Records the address the server listens on, for whoever finds the lock next. */
  setAddress(url: string, port: number): void;
  release(): void;
}

/** Locks held by this process (a second lock from here on the same data is refused too). */
const held = new Map<string, LockOwner>();
let exitHookInstalled = false;

export function lockFileOf(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** The process's start time from /proc (Linux); undefined elsewhere or when it cannot be read. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19]; // field 22 of the whole line
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is the process that wrote this lock still the one running under its pid? */
export function ownerAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return [...held.values()].some((h) => h === owner || (h.pid === owner.pid && h.since === owner.since));
  if (!processAlive(owner.pid)) return false;
  if (owner.startTime === undefined) return true;
  const now = processStartTime(owner.pid);
  // Unreadable (another user's process under hidepid): cannot tell, so assume it is the owner.
  return now === undefined || now === owner.startTime;
}

function readOwner(file: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as LockOwner;
    return typeof parsed.pid === 'number' ? parsed : { pid: -1, role: 'endpoint', since: '' };
  } catch {
    // Half-written by a process killed between create and write: nobody owns it.
    return { pid: -1, role: 'endpoint', since: '' };
  }
}

/** The live owner of the data directory's lock, if any (for messages and for `--embedded`). */
export function liveLockOwner(dataDir: string): LockOwner | undefined {
  const owner = readOwner(lockFileOf(dataDir));
  return owner && owner.pid > 0 && ownerAlive(owner) ? owner : undefined;
}

function createExclusive(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeFileSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** A short synchronous wait while another starter finishes (locking happens once, at start-up). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a stale lock, but only the one that was judged stale, and one starter at a time.
 * False when another starter is taking over right now.
 */
function removeStale(dataDir: string, stale: LockOwner): boolean {
  const marker = join(dataDir, TAKEOVER_FILE);
  const token = `${process.pid} ${randomBytes(6).toString('hex')}`;
  let fd: number;
  try {
    fd = openSync(marker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Someone else is taking over; a marker left by a starter that died is cleared for next time.
    if (ageMs(marker) > TAKEOVER_STALE_MS) rmSync(marker, { force: true });
    return false;
  }
  try {
    writeFileSync(fd, token);
    closeSync(fd);
    const file = lockFileOf(dataDir);
    const now = readOwner(file);
    // Still the same stale lock? (Another starter may have replaced it before we got the marker.)
    if (now && now.pid === stale.pid && now.since === stale.since && now.startTime === stale.startTime) {
      const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
      renameSync(file, aside);
      rmSync(aside, { force: true });
    }
  } finally {
    rmSync(marker, { force: true });
  }
  return true;
}

/**
 * Takes the data directory's lock, or throws DataDirLockedError naming the live owner.
 * The lock is released by `release()`, and at the latest when this process exits.
 */
export function lockDataDir(dataDir: string, role: EndpointRole): DataDirLock {
  const file = lockFileOf(dataDir);
  const startTime = processStartTime(process.pid);
  const owner: LockOwner = { pid: process.pid, ...(startTime ? { startTime } : {}), role, since: new Date().toISOString() };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(file, owner)) {
      held.set(file, owner);
      installExitHook();
      return {
        file,
        setAddress: (url, port) => {
          owner.url = url;
          owner.port = port;
          if (held.get(file) === owner) writeFileSync(file, JSON.stringify(owner));
        },
        release: () => releaseLock(file, owner),
      };
    }
    const current = readOwner(file);
    if (!current) continue; // released meanwhile: try again
    if (current.pid > 0 && ownerAlive(current)) throw new DataDirLockedError(dataDir, current);
    if (current.pid < 0 && ageMs(file) < UNWRITTEN_GRACE_MS) {
      pause(50);
      continue;
    }
    if (!removeStale(dataDir, current)) pause(50);
  }
  // Lost every race (others kept taking it): whoever holds it now is named.
  const now = readOwner(file);
  throw new DataDirLockedError(dataDir, now && now.pid > 0 ? now : owner);
}

function releaseLock(file: string, owner: LockOwner): void {
  if (held.get(file) !== owner) return;
  held.delete(file);
  const now = readOwner(file);
  if (now && now.pid === owner.pid && now.since === owner.since) rmSync(file, { force: true });
}

/** process.exit() and a normal end release the locks; a kill leaves a lock that the next start finds stale. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, owner] of [...held]) releaseLock(file, owner);
  });
}
