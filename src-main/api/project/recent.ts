/**
 * The list of recently opened projects (`recent.json` in the state folder, else the
 * workspace), for the start screen — with whether each still exists and has unsaved work.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../engine/export/atomicFile';
import type { ProjectContext } from '../context';
import type { RecentProject } from './contract';

/** Recent projects remembered. */
export const RECENT_LIMIT = 10;

async function recentFile(ctx: ProjectContext): Promise<string> {
  return join(ctx.stateDir ?? (await ctx.workspace()), 'recent.json');
}

async function readRecent(ctx: ProjectContext): Promise<string[]> {
  try {
    const list = JSON.parse(await readFile(await recentFile(ctx), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Put `path` first in the recent list (best effort: a list that cannot be written is no reason to fail an open). */
export async function remember(ctx: ProjectContext, path: string): Promise<void> {
  const list = [path, ...(await readRecent(ctx)).filter((p) => p !== path)].slice(0, RECENT_LIMIT);
  try {
    const file = await recentFile(ctx);
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(list, null, 2));
  } catch {
    // Ignored on purpose: see above.
  }
}

/**
 * Recently opened projects, newest first, with whether each still exists and whether it
 * has an autosave newer than the file — after a crash the start screen offers recovery.
 */
export async function recentProjects(ctx: ProjectContext): Promise<RecentProject[]> {
  const out: RecentProject[] = [];
  for (const path of await readRecent(ctx)) {
    const [main, auto] = await Promise.all([stat(path).catch(() => null), stat(`${path}.autosave`).catch(() => null)]);
    out.push({ path, exists: main !== null, recoverable: auto !== null && (main === null || auto.mtimeMs > main.mtimeMs) });
  }
  return out;
}
