/**
 * Opening and closing projects: a new empty project, a project made from a model document
 * (the demo), an existing project file (with the recovery of a newer autosave), and closing.
 * Everything that becomes the open project goes through {@link adopt}.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { loadModel, resolveModelPath } from '../../engine/model/loadModel';
import type { ModelDocument } from '../../engine/model/document';
import { ProjectFile } from '../../store/projectFile';
import { ProjectLock, withSaveLock, type LockOwner } from '../../store/projectLock';
import { removeDeadTempFiles } from '../../engine/export/leftovers';
import { escapeOf } from '../../engine/io/containedPath';
import type { OpenProject, ProjectContext } from '../context';
import { catalogueLayer, rebuildEntries } from '../layers/catalogue';
import { isSidecarOf } from '../layers/files';
import { UploadStore } from '../layers/uploads';
import { refreshExtent } from '../model/extent';
import { restoreLastRun } from '../jobs/results';
import { cancelRunningJobs } from '../jobs/run';
import { cancelAutosave } from './autosave';
import type { LockHolder, ProjectDraftView, ProjectView, RejectedEntry } from './contract';
import { dataDirOf, withProjectExt, workspacePath } from './paths';
import { remember } from './recent';
import { RUN_ID, storedModel } from './storedPaths';
import { currentView, draftView, projectView } from './views';

/**
 * What killed sessions left: temporary siblings of the project file and its autosave (removed
 * under the save lock, so no save in progress is touched) and half-written outputs in its run
 * folders — of processes that no longer exist (engine/export/leftovers.ts). The project's
 * writer does it when it opens the project.
 */
async function removeLeftovers(projectPath: string, dataDir: string): Promise<void> {
  await withSaveLock(projectPath, () => removeDeadTempFiles(dirname(projectPath), basename(projectPath)));
  const runs = await readdir(join(dataDir, 'runs')).catch(() => [] as string[]);
  for (const run of runs) if (RUN_ID.test(run) && !escapeOf(dataDir, `runs/${run}`)) await removeDeadTempFiles(join(dataDir, 'runs', run));
}

/** A lock owner as the API names it to the user (an unreadable lock file: "unknown"). */
function holderOf(o: LockOwner | null): LockHolder {
  return o ? { user: o.user, host: o.host, app: o.app, pid: o.pid, since: o.since } : { user: 'unknown', host: 'unknown', app: 'unknown', pid: 0, since: '' };
}

/**
 * Take `file` as the open project: close the previous one, take the project's lock (or note
 * who holds it: the project is then read-only here), check every path the file names
 * (storedPaths.ts: what leaves the project is listed and disabled, and the project is
 * read-only), load model, catalogue and last run. `lock`: a lock this session already holds
 * for the file (recovering from its autosave keeps it). Everything that becomes the open
 * project goes through here.
 */
export async function adopt(ctx: ProjectContext, file: ProjectFile, readOnly: boolean, recoverable: boolean, opts: { lock?: ProjectLock } = {}): Promise<void> {
  await closeProject(ctx);
  const dataDir = dataDirOf(file.path);
  const fail = async (err: unknown, lock: ProjectLock | null): Promise<never> => {
    await lock?.release();
    file.close();
    throw err;
  };
  if (file.layers().length > 0 && !existsSync(dataDir)) {
    await fail(new RiskAtlasError('E_FILE_NOT_FOUND', `the project's data folder is missing: keep "${basename(dataDir)}" next to the project file`, { file: dataDir }), opts.lock ?? null);
  }
  const rejected: RejectedEntry[] = [];
  let doc: ModelDocument | null = null;
  try {
    doc = storedModel(file.getModel(), dataDir, file.path, rejected);
  } catch (err) {
    await fail(err, opts.lock ?? null);
  }
  let lock = opts.lock ?? null;
  let lockedBy: LockHolder | null = null;
  let tookOverLockFrom: LockHolder | null = null;
  if (!readOnly && !lock) {
    const got = await ProjectLock.acquire(file.path, ctx.app);
    if ('lock' in got) {
      lock = got.lock;
      if (got.tookOverFrom) tookOverLockFrom = holderOf(got.tookOverFrom);
    } else lockedBy = holderOf(got.holder);
  }
  if (lock) await removeLeftovers(file.path, dataDir).catch(() => undefined); // best effort: never a reason to fail an open
  const p: OpenProject = { file, dataDir, readOnly, lock, lockedBy, tookOverLockFrom, rejected, doc, revision: 0, entries: [], lastRun: null, recoverable };
  ctx.project = p;
  if (!readOnly) await remember(ctx, file.path);
  ctx.uploads = new UploadStore(join(dataDir, '.uploads'));
  try {
    rebuildEntries(ctx);
    if (!rejected.some((r) => r.kind === 'modelLayer')) await refreshExtent(ctx);
    await restoreLastRun(ctx);
  } catch (err) {
    ctx.project = null;
    await fail(err, lock);
  }
  // A project naming places outside itself is only looked at: it needs no writer's lock.
  if (p.rejected.length > 0 && p.lock) {
    await p.lock.release();
    p.lock = null;
  }
}

/** Create an empty project (catalogue only) at `path`, or in the workspace. Closes the open one. */
export async function newProject(ctx: ProjectContext, name: string, path?: string): Promise<ProjectDraftView> {
  const target = resolve(path ? withProjectExt(path) : await workspacePath(ctx, name));
  if (existsSync(target)) throw new RiskAtlasError('E_WRITE', 'a file of this name exists already; choose another name or open it', { file: target });
  await mkdir(dataDirOf(target), { recursive: true });
  const file = await ProjectFile.create(target, name);
  await adopt(ctx, file, false, false);
  return draftView(ctx)!;
}

/**
 * Make a project from a model document: its layer files (with their sidecars) are copied
 * into the new project's data folder, the model becomes the project's model. Used for the
 * demo county (`serve --demo`, project.openDemo); without `projectPath` it goes into the workspace.
 */
export async function projectFromModel(ctx: ProjectContext, modelPath: string, projectPath?: string): Promise<ProjectView> {
  const model = await loadModel(modelPath);
  const target = resolve(projectPath ? withProjectExt(projectPath) : await workspacePath(ctx, model.doc.name));
  const dataDir = dataDirOf(target);
  await mkdir(dataDir, { recursive: true });
  for (const ref of Object.values(model.doc.layers)) {
    const src = resolveModelPath(model, ref.path);
    const dst = join(dataDir, ref.path);
    await mkdir(dirname(dst), { recursive: true });
    const main = basename(src);
    for (const f of await readdir(dirname(src))) {
      if (f.toLowerCase() === main.toLowerCase() || isSidecarOf(f, main)) await copyFile(join(dirname(src), f), join(dirname(dst), f));
    }
  }
  const file = await ProjectFile.create(target, model.doc.name);
  try {
    for (const [id, ref] of Object.entries(model.doc.layers)) await catalogueLayer(file, dataDir, id, ref.path, { ...ref });
    file.setModel(JSON.stringify(model.doc));
    await file.save();
  } catch (err) {
    file.close();
    throw err;
  }
  await adopt(ctx, file, false, false);
  return currentView(ctx)!;
}

/** Open a project file. A newer autosave is reported in `project.recoverable`; see {@link recover}. */
export async function openProject(ctx: ProjectContext, path: string, opts: { readOnly?: boolean } = {}): Promise<ProjectView | ProjectDraftView> {
  const file = await ProjectFile.open(resolve(path));
  await adopt(ctx, file, opts.readOnly ?? false, file.recoverable);
  return projectView(ctx);
}

/** Accept the autosave offered at open (reload from it) or decline it (delete it). */
export async function recover(ctx: ProjectContext, accept: boolean): Promise<ProjectView | ProjectDraftView> {
  const p = ctx.open();
  if (!p.recoverable) throw new RiskAtlasError('E_ARG_INVALID', 'there is no autosave to recover');
  if (!accept) {
    await p.file.discardAutosave();
    p.recoverable = false;
    return projectView(ctx);
  }
  const file = await ProjectFile.open(p.file.path, { fromAutosave: true });
  // The lock stays this session's through the reload: nobody may take the project in between.
  const lock = p.lock;
  p.lock = null;
  await closeProject(ctx);
  await adopt(ctx, file, p.readOnly, false, lock ? { lock } : {});
  // The recovered state is not in the project file yet.
  file.setMeta('recovered', new Date().toISOString());
  return projectView(ctx);
}

/** Close the open project without saving (the UI asks first); false when none was open. */
export async function closeProject(ctx: ProjectContext): Promise<boolean> {
  const p = ctx.project;
  if (!p) return false;
  // A preview reads the project's catalogue and files: let it finish first.
  await ctx.preview.running;
  if (ctx.project !== p) return false;
  cancelAutosave(ctx);
  cancelRunningJobs(ctx);
  await ctx.uploads?.clear();
  ctx.uploads = null;
  p.file.close();
  ctx.project = null;
  ctx.data.clear();
  await p.lock?.release();
  return true;
}
