import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { fileSize } from '../io/fileAccess';
import { crsFromEpsg, isGeographic, transformer } from '../crs/registry';
import { gridCrsProblem, suggestProjected } from '../crs/gridCrs';
import { isInside, realLocation } from '../io/containedPath';
import { readVector } from '../io/openLayer';
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
  await checkGridCrs(model, path);
  refuseLinkEscapes(model, path);
  return model;
}

/**
 * The analysis grid's cells are square and measured in metres (areas, kernel radii and
 * distances depend on it): its CRS must be a projected CRS in metres. A grid in degrees is
 * refused with the projected CRS that suits the study area (read for that, when it can be).
 */
async function checkGridCrs(model: LoadedModel, file: string): Promise<void> {
  const epsg = model.doc.grid.epsg;
  const problem = gridCrsProblem(epsg);
  if (!problem) return;
  let advice = ', e.g. a CGCS2000 Gauss-Krüger zone (4491–4554) or a UTM zone';
  if (isGeographic(epsg)) {
    const ref = model.doc.layers[model.doc.grid.studyArea];
    const layer = ref && (await readVector(resolveModelPath(model, ref.path), { crs: ref.crs, encoding: ref.encoding }).catch(() => null));
    const ext = layer?.meta.extent;
    if (ext && layer.meta.crs?.epsg) {
      const [lon, lat] = transformer(layer.meta.crs, epsg)((ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2);
      const code = suggestProjected(epsg, lon, lat);
      advice = `; for the study area use EPSG:${code} (${crsFromEpsg(code).name})`;
    }
  }
  throw new RiskAtlasError('E_MODEL_INVALID', `grid.epsg: ${problem}${advice}`, { file });
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
 * @param width, height grid size in cells; cellSize in metres; file the model document.
 */
export function checkGridSize(width: number, height: number, cellSize: number, file?: string): void {
  if (width * height <= MAX_GRID_CELLS) return;
  const km = (cells: number): string => ((cells * cellSize) / 1000).toFixed(1);
  throw new RiskAtlasError(
    'E_MODEL_INVALID',
    `grid.cellSize: ${cellSize} m over the ${km(width)} km × ${km(height)} km study area gives ${width} × ${height} cells, more than ${MAX_GRID_CELLS}; choose a larger cell size`,
    { params: { width, height }, ...(file !== undefined ? { file } : {}) },
  );
}

/**
 * The schema refuses absolute paths and `..`; a symbolic link inside the model folder could
 * still point anywhere (a model handed over with `data -> /home/user`). Every layer path must
 * really lie inside the model folder once links are resolved. (A link swapped after this
 * check is outside what a file-based model can defend against.)
 */
function refuseLinkEscapes(model: LoadedModel, file: string): void {
  const root = realLocation(model.dir);
  for (const [id, layer] of Object.entries(model.doc.layers)) {
    const real = realLocation(resolve(model.dir, layer.path));
    if (real === root || !isInside(root, real)) {
      throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}.path: "${layer.path}" leads outside the model folder through a symbolic link (to ${real})`, { file });
    }
  }
}

/** Absolute path of a model-relative path (the schema already refused absolute paths and `..`). */
export function resolveModelPath(model: LoadedModel, rel: string): string {
  return resolve(model.dir, rel);
}
