/** Where a project's files go: the `.riskatlas` file, its data folder beside it, a free name in the workspace. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectContext } from '../context';

/** The project file extension. */
export const PROJECT_EXT = '.riskatlas';

/** The data folder of a project file: `<name>.riskatlas` → `<name>.data`. */
export function dataDirOf(projectPath: string): string {
  return projectPath.replace(/\.riskatlas$/i, '') + '.data';
}

/** `path` with the project extension added when it lacks one. */
export function withProjectExt(path: string): string {
  return path.toLowerCase().endsWith(PROJECT_EXT) ? path : path + PROJECT_EXT;
}

/** A free project path `<workspace>/<name>.riskatlas` (numbered when taken). */
export async function workspacePath(ctx: ProjectContext, name: string): Promise<string> {
  const ws = await ctx.workspace();
  let path = join(ws, name + PROJECT_EXT);
  for (let i = 2; existsSync(path) || existsSync(dataDirOf(path)); i++) path = join(ws, `${name} (${i})${PROJECT_EXT}`);
  return path;
}
