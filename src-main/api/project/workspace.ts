/**
 * The workspace: the one folder where projects are made, listed and opened by name — the
 * way into projects that needs no native dialog (serve mode: `riskatlas serve --workspace`;
 * the desktop app's is Documents/RiskAtlas). Names cross the API, never paths: a name is
 * one file name (validated by the contract), so `<workspace>/<name>.riskatlas` cannot
 * lead out of the folder; this module checks that once more before touching the disk.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { ProjectContext } from '../context';
import type { ProjectDraftView, ProjectView } from './contract';
import { openProject } from './open';
import { PROJECT_EXT } from './paths';
import { recentProjects } from './recent';
import type { WorkspaceListing, WorkspaceProject } from './workspaceContract';

/** `<workspace>/<name>.riskatlas`, refused when it would not lie directly in the workspace. */
export async function workspaceProjectPath(ctx: ProjectContext, name: string): Promise<string> {
  const ws = resolve(await ctx.workspace());
  const path = resolve(ws, name + PROJECT_EXT);
  if (dirname(path) !== ws || basename(path) !== name + PROJECT_EXT) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'a project name names one file of the workspace', { file: name });
  return path;
}

/** The project's name in the workspace (its file name without the extension), or null when it lies elsewhere. */
export async function nameInWorkspace(ctx: ProjectContext, path: string): Promise<string | null> {
  const ws = resolve(await ctx.workspace());
  const abs = resolve(path);
  return dirname(abs) === ws && abs.toLowerCase().endsWith(PROJECT_EXT) ? basename(abs).slice(0, -PROJECT_EXT.length) : null;
}

/**
 * The projects of the workspace, the most recently opened first (in the order of the recent
 * list), then the others by modification time, newest first.
 */
export async function listWorkspace(ctx: ProjectContext): Promise<WorkspaceListing> {
  const ws = resolve(await ctx.workspace());
  const recent = await recentProjects(ctx);
  const rank = new Map<string, number>();
  recent.forEach((r, i) => rank.set(resolve(r.path), i));
  const openPath = ctx.project ? resolve(ctx.project.file.path) : null;
  const projects: WorkspaceProject[] = [];
  for (const entry of await readdir(ws, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith(PROJECT_EXT) || entry.name.startsWith('.')) continue;
    const path = join(ws, entry.name);
    const [main, auto] = await Promise.all([stat(path).catch(() => null), stat(`${path}.autosave`).catch(() => null)]);
    if (!main) continue;
    const r = rank.get(path);
    projects.push({
      name: entry.name.slice(0, -PROJECT_EXT.length),
      modified: main.mtime.toISOString(),
      ...(r !== undefined ? { recent: r } : {}),
      recoverable: auto !== null && auto.mtimeMs > main.mtimeMs,
      open: path === openPath,
    });
  }
  projects.sort((a, b) => (a.recent ?? Infinity) - (b.recent ?? Infinity) || b.modified.localeCompare(a.modified) || a.name.localeCompare(b.name));
  return { folder: basename(ws), projects };
}

/**
 * Open the workspace project `name` (E_FILE_NOT_FOUND when there is none; a symbolic link
 * is no project of the workspace: it could lead anywhere).
 */
export async function openInWorkspace(ctx: ProjectContext, name: string): Promise<ProjectView | ProjectDraftView> {
  const path = await workspaceProjectPath(ctx, name);
  const st = await lstat(path).catch(() => null);
  if (!st?.isFile()) throw new RiskAtlasError('E_FILE_NOT_FOUND', `no project "${name}" in the workspace`, { file: name + PROJECT_EXT });
  return openProject(ctx, path);
}
