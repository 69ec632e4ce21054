/**
 * Which files make one layer — a .zip, a .shp with its sidecars, or one data file — and the
 * catalogue id a layer gets from its file name.
 */
import { extname } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';

/** Shapefile parts that travel with a `.shp` (or any file with the same stem). */
const SIDECARS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg', '.qix', '.sbn', '.sbx', '.shp.xml', '.qmd']);
/** Files that are a layer on their own. */
const LAYER_FILES = new Set(['.tif', '.tiff', '.geojson', '.json', '.gpkg', '.csv', '.kml', '.kmz', '.zip', '.shp']);

/** True when file `name` is a sidecar of `main` (same stem, a shapefile part's extension), in any letter case. */
export function isSidecarOf(name: string, main: string): boolean {
  const lower = name.toLowerCase();
  const stem = main.replace(/\.[^.]*$/, '').toLowerCase();
  return lower.startsWith(stem + '.') && SIDECARS.has(lower.slice(stem.length));
}

/** The file of a set that is the layer (the .zip, the .shp, or the one data file); E_ARG_INVALID when there is not exactly one. */
export function mainFileOf(names: string[]): string {
  const lower = (n: string): string => n.toLowerCase();
  const shp = names.filter((n) => lower(n).endsWith('.shp'));
  const others = names.filter((n) => LAYER_FILES.has(extname(lower(n))) && !lower(n).endsWith('.shp'));
  if (shp.length === 1 && others.length === 0) {
    const stem = lower(shp[0]!).slice(0, -4);
    const stray = names.find((n) => !lower(n).startsWith(stem + '.') || !SIDECARS.has(lower(n).slice(stem.length)));
    if (stray) throw new RiskAtlasError('E_ARG_INVALID', `"${stray}" is not a part of ${shp[0]} (.shx, .dbf, .prj, .cpg)`, { file: stray });
    return shp[0]!;
  }
  if (shp.length === 0 && others.length === 1 && names.length === 1) return others[0]!;
  if (names.length === 1) throw new RiskAtlasError('E_FORMAT_UNKNOWN', `"${names[0]}" is not a layer file (.tif, .shp, .zip, .geojson, .gpkg, .csv, .kml)`, { file: names[0] });
  throw new RiskAtlasError('E_ARG_INVALID', 'import one layer at a time: one .zip, one .shp with its sidecar files, or one other data file');
}

/** A catalogue id from a file name: letters, digits and _ starting with a letter (model ids), unique in `taken`. */
export function layerIdFor(fileName: string, taken: Set<string>): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  let base = stem.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48);
  if (!/^[A-Za-z]/.test(base)) base = `layer${base ? '_' + base : ''}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  return id;
}
