/**
 * What a killed process leaves behind: temporary siblings of files it was writing atomically
 * (`<file>.tmp-<pid>-<tag>`: project saves, autosaves, output GeoTIFFs) and its temporary
 * folders in the system's temporary folder (`riskatlas-<kind>-<pid>-<random>`: kept tiles of
 * a run, previews, exports) — a kill during a big run left 1.7 GB there. Every such name
 * carries the process id, and the next start removes those whose process no longer exists on
 * this host — never a live process's.
 */
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The suffix of a temporary sibling this process writes for its target (`tag` tells two apart). */
export const tempSuffix = (tag: string | number): string => `.tmp-${process.pid}-${tag}`;

/** The prefix (for `mkdtemp`) of a temporary folder of this process in the system's temporary folder. */
export const tempFolderPrefix = (kind: string): string => join(tmpdir(), `riskatlas-${kind}-${process.pid}-`);

/** The temporary folders of RiskAtlas processes: kind and owner. */
const TEMP_FOLDER = /^riskatlas-(tiles|preview|export)-(\d+)-/;
/** A temporary sibling and its owner. */
const TEMP_FILE = /\.tmp-(\d+)-[^/\\]*$/;

/** True when process `pid` exists on this host (a process of another user counts: EPERM). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return []; // no folder, nothing left over
  }
}

/**
 * Remove the temporary siblings in `dir` whose name starts with `namePrefix` and whose
 * process is gone. Returns the names removed.
 */
export async function removeDeadTempFiles(dir: string, namePrefix = ''): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await entries(dir)) {
    const m = TEMP_FILE.exec(name);
    if (!m || !name.startsWith(namePrefix) || processAlive(Number(m[1]))) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Remove the temporary folders of RiskAtlas processes that are gone from `root` (default: the system's). Returns the names removed. */
export async function removeOrphanedTempFolders(root = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await entries(root)) {
    const m = TEMP_FOLDER.exec(name);
    if (!m || processAlive(Number(m[2]))) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
