/**
 * Lock files: a small JSON file created exclusively (O_EXCL) beside what it guards, naming its
 * owner — process id, host, user, which RiskAtlas (desktop, serve, cli) and since when. A lock
 * whose owner is gone is stale and is taken over: on the same host when the process no longer
 * exists, on any host when its heartbeat (the file's modification time, refreshed while it is
 * held) is older than {@link STALE_AFTER_MS}. Works on every filesystem Node can create a file
 * on exclusively, network shares included; no advisory locks.
 */
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { processAlive } from '../engine/export/leftovers';

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  user: string;
  /** Which RiskAtlas: 'desktop', 'serve', 'cli'. */
  app: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Tells two holders with the same pid apart (a takeover checks it). */
  nonce: string;
}

/** A lock older than this without a heartbeat is stale, whatever host holds it (ms). */
export const STALE_AFTER_MS = 10 * 60_000;
/** A lock file still empty this long after it was created was left by a crash between create and write (ms). */
const UNWRITTEN_GRACE_MS = 5_000;

/** The owner record of this process for a new lock. */
export function ownerHere(app: string): LockOwner {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user name (some containers): the pid and host still tell the owner.
  }
  return { pid: process.pid, host: hostname(), user, app, since: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
}

/** The owner written in a lock file, or null when it holds none (empty, damaged, not ours). */
function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string' || typeof o.nonce !== 'string') return null;
    return { pid: o.pid, host: o.host, user: String(o.user ?? ''), app: String(o.app ?? ''), since: String(o.since ?? ''), nonce: o.nonce };
  } catch {
    return null;
  }
}

/** The lock at `path` as it is now: its owner (null when unreadable) and its age, or null when there is no lock. */
async function readLock(path: string): Promise<{ owner: LockOwner | null; ageMs: number } | null> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { owner: parseOwner(text), ageMs: Date.now() - st.mtimeMs };
  } catch {
    return null;
  }
}

/** Whether a lock so read has an owner who may still use it. */
function isLive(lock: { owner: LockOwner | null; ageMs: number }): boolean {
  if (!lock.owner) return lock.ageMs < UNWRITTEN_GRACE_MS;
  if (lock.ageMs > STALE_AFTER_MS) return false;
  return lock.owner.host !== hostname() || processAlive(lock.owner.pid);
}

/** What one attempt at a lock gave. */
export type LockAttempt = { held: true; tookOverFrom: LockOwner | null } | { held: false; holder: LockOwner | null };

async function create(path: string, owner: LockOwner): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(JSON.stringify(owner));
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/** A takeover marker older than this was left by a taker that died mid-takeover (ms). */
const TAKEOVER_STALE_MS = 30_000;
/** How long a reader waits for a just-created lock file to be written, and its step (ms). */
const SETTLE_MS = 500;
const STEP_MS = 10;

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * The lock at `path`, waiting a moment while it is empty and young: between its exclusive
 * creation and its write, a lock file is briefly empty, and its holder is about to be named.
 */
async function readSettled(path: string): Promise<Awaited<ReturnType<typeof readLock>>> {
  let found = await readLock(path);
  for (let waited = 0; found && !found.owner && found.ageMs < UNWRITTEN_GRACE_MS && waited < SETTLE_MS; waited += STEP_MS) {
    await pause(STEP_MS);
    found = await readLock(path);
  }
  return found;
}

/**
 * Replace the stale lock `found` at `path` with `owner`'s. Only the taker that creates the
 * takeover marker (exclusively, like the lock) may remove a lock that is not its own, and only
 * after reading it again under the marker: a lock someone took meanwhile is never touched.
 * (Moving the stale file aside instead let a second taker move the first one's new lock and
 * a third take the empty place: two holders.) Null: someone else is taking over or took it.
 */
async function takeOver(path: string, found: { owner: LockOwner | null }, owner: LockOwner): Promise<LockAttempt | null> {
  const marker = `${path}.takeover`;
  if (!(await create(marker, owner))) {
    const other = await readLock(marker);
    if (other && other.ageMs > TAKEOVER_STALE_MS) await unlink(marker).catch(() => undefined);
    return null;
  }
  try {
    const again = await readLock(path);
    if (again && again.owner?.nonce !== found.owner?.nonce) return null;
    if (again) await unlink(path).catch(() => undefined);
    return (await create(path, owner)) ? { held: true, tookOverFrom: found.owner } : null;
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

/**
 * Try to take the lock at `path` for `owner`. A stale lock is taken over (its owner is
 * reported); a live one is left alone and its holder returned. Several takers of one stale
 * lock at once: exactly one holds it afterwards, the others are told who.
 */
export async function tryLock(path: string, owner: LockOwner): Promise<LockAttempt> {
  // A takeover lasts milliseconds; a taker that finds one under way looks again shortly.
  for (let attempt = 0; attempt < SETTLE_MS / STEP_MS; attempt++) {
    if (await create(path, owner)) return { held: true, tookOverFrom: null };
    const found = await readSettled(path);
    if (!found) continue; // released meanwhile
    if (isLive(found)) return { held: false, holder: found.owner };
    const took = await takeOver(path, found, owner);
    if (took) return took;
    await pause(STEP_MS);
  }
  const now = await readLock(path);
  return { held: false, holder: now?.owner ?? null };
}

/** Remove the lock at `path` if it is still `owner`'s (never someone else's). */
export async function unlock(path: string, owner: LockOwner): Promise<void> {
  const found = await readLock(path);
  if (found?.owner?.nonce === owner.nonce) await unlink(path).catch(() => undefined);
}
