/** Saving the open project: in place (atomically), or under a new path with its data folder copied first. */
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { readOnlyReason, type ProjectContext } from '../context';
import { ProjectLock } from '../../store/projectLock';
import { rebuildEntries } from '../layers/catalogue';
import { UploadStore } from '../layers/uploads';
import { restoreLastRun } from '../jobs/results';
import { cancelAutosave } from './autosave';
import type { ProjectInfo } from './contract';
import { dataDirOf, withProjectExt, workspacePath } from './paths';
import { remember } from './recent';

/**
 * Save the project file (atomically, merging the review records on disk first). A session
 * that is not the project's writer — in review, while another process holds the lock, or for
 * a project naming places outside itself — writes only its comments and decisions.
 */
export async function save(ctx: ProjectContext): Promise<ProjectInfo> {
  const p = ctx.open();
  if (readOnlyReason(p) !== null) {
    await p.file.saveReview();
    return ctx.info()!;
  }
  await p.file.save();
  p.recoverable = false;
  cancelAutosave(ctx);
  return ctx.info()!;
}

/**
 * Save under a new path (or a new name in the workspace): the data folder is copied beside
 * the new file first, so the saved project is complete before it becomes the open one. The
 * new file's lock is taken first (E_PROJECT_LOCKED when another process edits a project
 * there); this session then edits the copy — also the way out of a project someone else holds.
 */
export async function saveAs(ctx: ProjectContext, opts: { path?: string; name?: string }): Promise<ProjectInfo> {
  const p = ctx.open();
  const target = resolve(opts.path ? withProjectExt(opts.path) : await workspacePath(ctx, opts.name ?? p.file.getMeta('name') ?? 'project'));
  if (target === p.file.path) return save(ctx);
  const dataDir = dataDirOf(target);
  if (existsSync(dataDir)) throw new RiskAtlasError('E_WRITE', 'the data folder of the new project exists already; choose another name', { file: dataDir });
  const got = await ProjectLock.acquire(target, ctx.app);
  if (!('lock' in got)) {
    const h = got.holder;
    throw new RiskAtlasError('E_PROJECT_LOCKED', `${h ? `${h.user}@${h.host} (process ${h.pid})` : 'another process'} edits the project at this path`, { file: target });
  }
  try {
    await cp(p.dataDir, dataDir, { recursive: true, filter: (src) => !src.includes(`${sep}.uploads`) }).catch((err: Error) => {
      throw new RiskAtlasError('E_WRITE', err.message, { file: dataDir });
    });
    if (opts.name) p.file.setMeta('name', opts.name);
    await p.file.saveAs(target);
  } catch (err) {
    await got.lock.release();
    throw err;
  }
  await p.lock?.release();
  p.lock = got.lock;
  p.lockedBy = null;
  p.tookOverLockFrom = null;
  await remember(ctx, target);
  p.dataDir = dataDir;
  p.recoverable = false;
  ctx.uploads = new UploadStore(join(dataDir, '.uploads'));
  rebuildEntries(ctx);
  if (p.lastRun) await restoreLastRun(ctx);
  cancelAutosave(ctx);
  return ctx.info()!;
}
