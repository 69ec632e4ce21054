/**
 * A RiskAtlas project on the command line: `riskatlas run` and `export` take a project file
 * (`.riskatlas`) or the folder holding it (what `riskatlas new` made) wherever they take a
 * model document. The project is opened read-only; its model runs from a copy written into its
 * data folder (its layer paths are relative to it), removed afterwards — as the app runs it.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RiskAtlasError } from '../../src-shared/errors';
import { Session } from '../api/session';
import { PROJECT_EXT } from '../api/project/paths';
import { tempFolderPrefix } from '../engine/export/leftovers';

/**
 * The project file `arg` names: itself when it ends in `.riskatlas`, the one `.riskatlas` file
 * of a folder; null for anything else (a model document, a folder of model documents).
 * Errors: E_ARG_INVALID for a folder holding several projects.
 */
export async function projectOf(arg: string): Promise<string | null> {
  const abs = resolve(arg);
  if (abs.toLowerCase().endsWith(PROJECT_EXT)) return abs;
  const st = await stat(abs).catch(() => null);
  if (!st?.isDirectory()) return null;
  const projects = (await readdir(abs)).filter((f) => f.toLowerCase().endsWith(PROJECT_EXT));
  if (projects.length > 1) throw new RiskAtlasError('E_ARG_INVALID', `the folder holds ${projects.length} projects (${projects.join(', ')}); name the .riskatlas file`, { file: abs });
  return projects.length ? join(abs, projects[0]!) : null;
}

/**
 * Open the project at `projectPath` read-only and call `fn` with the session and `modelFile`,
 * which writes a copy of its model document in its data folder and gives its path
 * (E_MODEL_INVALID when it has no model yet) — asked for only when needed, so that what `fn`
 * checks first (a refused run) is what the user hears. The copy and the session are gone afterwards.
 */
export async function withProjectModel<T>(projectPath: string, fn: (modelFile: () => Promise<string>, session: Session) => Promise<T>): Promise<T> {
  const workspace = await mkdtemp(tempFolderPrefix('export'));
  const session = new Session({ workspace });
  let modelPath: string | undefined;
  const modelFile = async (): Promise<string> => (modelPath ??= await session.context.writeModelFile(session.context.loadedModel().doc, `cli-${process.pid}`));
  try {
    await session.openProject(projectPath, { readOnly: true });
    return await fn(modelFile, session);
  } finally {
    if (modelPath) await rm(modelPath, { force: true });
    await session.close();
    await rm(workspace, { recursive: true, force: true });
  }
}
