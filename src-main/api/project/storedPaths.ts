/**
 * The paths a project file names — catalogue layers, the model's layers, run folders and the
 * files of a run — come from whoever made the file, so they are checked when read, as
 * strictly as a path from the API (engine/io/containedPath.ts): each must lie inside the
 * project's data folder (a run's files inside its run folder), symbolic links followed. An
 * entry that fails is listed ({@link RejectedEntry}) and never followed; the project then
 * opens read-only. Run ids are identifiers, not paths.
 */
import { join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { escapeOf } from '../../engine/io/containedPath';
import type { LoadedModel } from '../../engine/model/loadModel';
import { parseModel, type ModelDocument } from '../../engine/model/document';
import type { RejectedEntry } from './contract';

/** A run id as RiskAtlas makes them (`run-<hex>`), and what older files and tests use: letters, digits, - and _. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** At most this much of a hostile string is repeated in a listing. */
const SHOWN = 200;

/** A rejected entry, its stored strings cut to a readable length. */
export function rejected(kind: RejectedEntry['kind'], id: string, path: string, reason: string): RejectedEntry {
  return { kind, id: id.slice(0, SHOWN), path: path.slice(0, SHOWN), reason };
}

/** The model's layers whose paths do not stay inside the data folder. */
export function modelEscapes(dataDir: string, doc: ModelDocument): RejectedEntry[] {
  const out: RejectedEntry[] = [];
  for (const [id, ref] of Object.entries(doc.layers)) {
    const why = escapeOf(dataDir, ref.path);
    if (why) out.push(rejected('modelLayer', id, ref.path, why));
  }
  return out;
}

/**
 * `doc` as the engine takes it, its paths resolving in the data folder.
 * @throws RiskAtlasError E_PATH_FORBIDDEN when a layer path leaves the folder (never followed).
 */
export function modelIn(dataDir: string, doc: ModelDocument): LoadedModel {
  const bad = modelEscapes(dataDir, doc)[0];
  if (bad) throw new RiskAtlasError('E_PATH_FORBIDDEN', `layers.${bad.id}.path: "${bad.path}" ${bad.reason}`, { file: bad.path });
  return { path: join(dataDir, 'model.json'), dir: dataDir, doc };
}

/** The folder of run `id` inside the data folder, or why there is none to follow. */
export function runFolder(dataDir: string, id: string): { dir: string } | { rejected: RejectedEntry } {
  if (!RUN_ID.test(id)) return { rejected: rejected('run', id, `runs/${id}`, 'is not a run id') };
  const rel = `runs/${id}`;
  const why = escapeOf(dataDir, rel);
  return why ? { rejected: rejected('run', id, rel, why) } : { dir: join(dataDir, rel) };
}

/**
 * The model stored in a project file (`json`), or null when there is none. An invalid one is
 * refused as before: E_MODEL_INVALID (its paths with `..` or a root among the reasons), or
 * E_PROJECT_CORRUPT when it is no JSON. The layers of a valid model whose paths leave the data
 * folder through a symbolic link are listed in `out`; the model is kept to be seen, and the
 * engine never gets it ({@link modelIn}).
 */
export function storedModel(json: string | undefined, dataDir: string, projectPath: string, out: RejectedEntry[]): ModelDocument | null {
  if (json === undefined) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new RiskAtlasError('E_PROJECT_CORRUPT', `the stored model is not JSON: ${(err as Error).message}`, { file: projectPath });
  }
  const doc = parseModel(raw, projectPath);
  out.push(...modelEscapes(dataDir, doc));
  return doc;
}
