import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { fileSize } from '../io/fileAccess';
import { isGeographic, isKnownEpsg } from '../crs/registry';
import { parseModel, type ModelDocument } from './document';

/** A model document with the folder its relative paths resolve against. */
export interface LoadedModel {
  path: string;
  dir: string;
  doc: ModelDocument;
}

/** The most a model document may weigh (a real one is a few kilobytes), in bytes. */
const MAX_MODEL_BYTES = 4 * 1024 * 1024;

/**
 * Read and validate a model document (UTF-8 JSON). Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY,
 * E_FILE_TOO_LARGE, E_JSON_INVALID, E_MODEL_INVALID (including a layer path that leaves the
 * model folder through a symbolic link) — each naming the file.
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  const abs = resolve(path);
  await fileSize(path, MAX_MODEL_BYTES);
  const text = await readFile(abs, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RiskAtlasError('E_JSON_INVALID', (err as Error).message, { file: path });
  }
  const model: LoadedModel = { path: abs, dir: dirname(abs), doc: parseModel(json, path) };
  await checkLoadedModel(model, path);
  return model;
}

/**
 * The checks of {@link loadModel} beyond the schema, for a model document that did not come
 * from a file (an edit the live recompute is given): a projected grid CRS RiskAtlas knows, and
 * no layer path leaving the model folder through a symbolic link. `file` names the model in errors.
 */
export async function checkLoadedModel(model: LoadedModel, file: string): Promise<void> {
  checkGridCrs(model.doc, file);
  await refuseLinkEscapes(model, file);
}

/**
 * The analysis grid's cells are square and measured in metres (areas, kernel radii and
 * distances depend on it): its CRS must be one RiskAtlas knows and a projected one.
 */
function checkGridCrs(doc: ModelDocument, file: string): void {
  const epsg = doc.grid.epsg;
  if (!isKnownEpsg(epsg)) throw new RiskAtlasError('E_MODEL_INVALID', `grid.epsg: EPSG:${epsg} is not a CRS RiskAtlas knows (use a CGCS2000 Gauss-Krüger zone, e.g. 4546)`, { file });
  if (isGeographic(epsg)) throw new RiskAtlasError('E_MODEL_INVALID', `grid.epsg: EPSG:${epsg} is geographic (degrees); the analysis grid needs a projected CRS in metres, e.g. a CGCS2000 Gauss-Krüger zone (4491–4554)`, { file });
}

/**
 * The most cells an analysis grid may have (the same bound as a GeoTIFF the readers accept).
 * A cell size far too small for the study area (0.001 m over a county) would otherwise make a
 * run that never ends.
 */
export const MAX_GRID_CELLS = 2 ** 31;

/**
 * Refuse an analysis grid of more than {@link MAX_GRID_CELLS} cells, before anything is
 * allocated or computed: E_MODEL_INVALID naming grid.cellSize and what it leads to.
 * @param width, height grid size in cells; cellSize in metres.
 */
export function checkGridSize(width: number, height: number, cellSize: number): void {
  if (width * height <= MAX_GRID_CELLS) return;
  const km = (cells: number): string => ((cells * cellSize) / 1000).toFixed(1);
  throw new RiskAtlasError(
    'E_MODEL_INVALID',
    `grid.cellSize: ${cellSize} m over the ${km(width)} km × ${km(height)} km study area gives ${width} × ${height} cells, more than ${MAX_GRID_CELLS}; choose a larger cell size`,
    { params: { width, height } },
  );
}

/**
 * The real location of `p` with every symbolic link resolved; for a path that does not exist
 * (yet), the real location of its nearest existing ancestor joined with the rest.
 */
async function realLocation(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(await realLocation(parent), basename(p));
  }
}

/**
 * The schema refuses absolute paths and `..`; a symbolic link inside the model folder could
 * still point anywhere (a model handed over with `data -> /home/user`). Every layer path must
 * really lie inside the model folder once links are resolved. (A link swapped after this
 * check is outside what a file-based model can defend against.)
 */
async function refuseLinkEscapes(model: LoadedModel, file: string): Promise<void> {
  const root = await realLocation(model.dir);
  for (const [id, layer] of Object.entries(model.doc.layers)) {
    const real = await realLocation(resolve(model.dir, layer.path));
    const rel = relative(root, real);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}.path: "${layer.path}" leads outside the model folder through a symbolic link (to ${real})`, { file });
    }
  }
}

/** Absolute path of a model-relative path (the schema already refused absolute paths and `..`). */
export function resolveModelPath(model: LoadedModel, rel: string): string {
  return resolve(model.dir, rel);
}
