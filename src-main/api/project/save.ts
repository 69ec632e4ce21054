/** Saving the open project: in place (atomically), or under a new path with its data folder copied first. */
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { ProjectContext } from '../context';
import { rebuildEntries } from '../layers/catalogue';
import { UploadStore } from '../layers/uploads';
import { restoreLastRun } from '../jobs/results';
import { cancelAutosave } from './autosave';
import type { ProjectInfo } from './contract';
import { dataDirOf, withProjectExt, workspacePath } from './paths';
import { remember } from './recent';

/** Save the project file (atomically). */
export async function save(ctx: ProjectContext): Promise<ProjectInfo> {
  const p = ctx.open();
  await p.file.save();
  p.recoverable = false;
  cancelAutosave(ctx);
  return ctx.info()!;
}

/**
 * Save under a new path (or a new name in the workspace): the data folder is copied beside
 * the new file first, so the saved project is complete before it becomes the open one.
 */
export async function saveAs(ctx: ProjectContext, opts: { path?: string; name?: string }): Promise<ProjectInfo> {
  const p = ctx.open();
  const target = resolve(opts.path ? withProjectExt(opts.path) : await workspacePath(ctx, opts.name ?? p.file.getMeta('name') ?? 'project'));
  if (target === p.file.path) return save(ctx);
  const dataDir = dataDirOf(target);
  if (existsSync(dataDir)) throw new RiskAtlasError('E_WRITE', 'the data folder of the new project exists already; choose another name', { file: dataDir });
  await cp(p.dataDir, dataDir, { recursive: true, filter: (src) => !src.includes(`${sep}.uploads`) }).catch((err: Error) => {
    throw new RiskAtlasError('E_WRITE', err.message, { file: dataDir });
  });
  if (opts.name) p.file.setMeta('name', opts.name);
  await p.file.saveAs(target);
  await remember(ctx, target);
  p.dataDir = dataDir;
  p.recoverable = false;
  ctx.uploads = new UploadStore(join(dataDir, '.uploads'));
  rebuildEntries(ctx);
  if (p.lastRun) await restoreLastRun(ctx);
  cancelAutosave(ctx);
  return ctx.info()!;
}
