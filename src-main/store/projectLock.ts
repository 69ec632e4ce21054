/**
 * One writer per project. The desktop app, `riskatlas serve` and the command line take the
 * project's lock (`<project>.riskatlas.lock`, see fileLock.ts) to edit it; a second opener
 * gets the project read-only and is told who holds it. A stale lock (its process is gone, or
 * its heartbeat stopped) is taken over, and the taker is told whose it was.
 *
 * Beside it, a short-lived save lock (`<project>.riskatlas.saving`) is held while any process
 * writes the file — the writer saving, or a reviewer adding comments to a project someone else
 * edits — so that each write merges what the file on disk holds first (projectFile.ts).
 */
import { readFileSync, unlinkSync, utimesSync } from 'node:fs';
import { RiskAtlasError } from '../../src-shared/errors';
import { ownerHere, tryLock, unlock, type LockOwner } from './fileLock';

export type { LockOwner } from './fileLock';

/** The lock file of a project. */
export const lockPathOf = (projectPath: string): string => `${projectPath}.lock`;
/** The save lock of a project. */
export const saveLockPathOf = (projectPath: string): string => `${projectPath}.saving`;

/** How often a held lock's heartbeat is refreshed (ms). */
export const HEARTBEAT_MS = 60_000;
/** How long a save waits for another process's save to finish before giving up (ms). */
export const SAVE_WAIT_MS = 15_000;

/** Locks this process holds, released when it exits normally (a crash leaves them stale). */
const held = new Set<ProjectLock>();
let exitHook = false;

/** The lock of a project this process edits. */
export class ProjectLock {
  private heartbeat: NodeJS.Timeout;

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {
    this.heartbeat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(this.path, now, now);
      } catch {
        // The lock file went away (the folder was moved): nothing to refresh.
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    held.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const l of held) l.releaseSync();
      });
    }
  }

  /**
   * Take the lock of the project at `projectPath` for this process (`app`: 'desktop', 'serve',
   * 'cli'). Returns the lock — and the owner of a stale lock it took over — or the live holder
   * (null when its file could not be read).
   */
  static async acquire(projectPath: string, app: string): Promise<{ lock: ProjectLock; tookOverFrom: LockOwner | null } | { holder: LockOwner | null }> {
    const owner = ownerHere(app);
    const path = lockPathOf(projectPath);
    const got = await tryLock(path, owner);
    if (!got.held) return { holder: got.holder };
    return { lock: new ProjectLock(path, owner), tookOverFrom: got.tookOverFrom };
  }

  /** Give the lock up (only if it is still ours). */
  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    held.delete(this);
    await unlock(this.path, this.owner);
  }

  /** The same, synchronously, for process exit. */
  releaseSync(): void {
    clearInterval(this.heartbeat);
    held.delete(this);
    try {
      if ((JSON.parse(readFileSync(this.path, 'utf8')) as LockOwner).nonce === this.owner.nonce) unlinkSync(this.path);
    } catch {
      // Gone or replaced: not ours to remove.
    }
  }
}

/**
 * Run `write` holding the project's save lock: waits (up to {@link SAVE_WAIT_MS}) while another
 * process writes the file; takes over a stale one.
 * @throws RiskAtlasError E_WRITE naming the project when the other save does not end.
 */
export async function withSaveLock<T>(projectPath: string, write: () => Promise<T>): Promise<T> {
  const owner = ownerHere('save');
  const path = saveLockPathOf(projectPath);
  const deadline = Date.now() + SAVE_WAIT_MS;
  for (;;) {
    const got = await tryLock(path, owner);
    if (got.held) break;
    if (Date.now() > deadline) {
      const by = got.holder ? `${got.holder.user}@${got.holder.host} (process ${got.holder.pid})` : 'another process';
      throw new RiskAtlasError('E_WRITE', `the project is being saved by ${by}; try again`, { file: projectPath });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    return await write();
  } finally {
    await unlock(path, owner);
  }
}
