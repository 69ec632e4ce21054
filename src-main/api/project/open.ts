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
import { parseModel, type ModelDocument } from '../../engine/model/document';
import { ProjectFile } from '../../store/projectFile';
import type { OpenProject, ProjectContext } from '../context';
import { catalogueLayer, rebuildEntries } from '../layers/catalogue';
import { isSidecarOf } from '../layers/files';
import { UploadStore } from '../layers/uploads';
import { refreshExtent } from '../model/extent';
import { restoreLastRun } from '../jobs/results';
import { cancelRunningJobs } from '../jobs/run';
import { closeLive } from '../previews/live';
import { cancelAutosave } from './autosave';
import type { ProjectDraftView, ProjectView } from './contract';
import { dataDirOf, withProjectExt, workspacePath } from './paths';
import { remember } from './recent';
import { currentView, draftView, projectView } from './views';

/** Take `file` as the open project: close the previous one, load model, catalogue, last run. */
export async function adopt(ctx: ProjectContext, file: ProjectFile, readOnly: boolean, recoverable: boolean): Promise<void> {
  await closeProject(ctx);
  const dataDir = dataDirOf(file.path);
  if (file.layers().length > 0 && !existsSync(dataDir)) {
    file.close();
    throw new RiskAtlasError('E_FILE_NOT_FOUND', `the project's data folder is missing: keep "${basename(dataDir)}" next to the project file`, { file: dataDir });
  }
  const json = file.getModel();
  let doc: ModelDocument | null = null;
  if (json !== undefined) {
    try {
      doc = parseModel(JSON.parse(json) as unknown, file.path);
    } catch (err) {
      file.close();
      throw err instanceof RiskAtlasError ? err : new RiskAtlasError('E_PROJECT_CORRUPT', `the stored model is not JSON: ${(err as Error).message}`, { file: file.path });
    }
  }
  const p: OpenProject = { file, dataDir, readOnly, doc, revision: 0, entries: [], lastRun: null, recoverable };
  ctx.project = p;
  if (!readOnly) await remember(ctx, file.path);
  ctx.uploads = new UploadStore(join(dataDir, '.uploads'));
  try {
    rebuildEntries(ctx);
    await refreshExtent(ctx);
    await restoreLastRun(ctx);
  } catch (err) {
    ctx.project = null;
    file.close();
    throw err;
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
  p.file.close();
  ctx.project = null;
  await adopt(ctx, file, p.readOnly, false);
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
  await closeLive(ctx);
  await ctx.uploads?.clear();
  ctx.uploads = null;
  p.file.close();
  ctx.project = null;
  ctx.data.clear();
  return true;
}
