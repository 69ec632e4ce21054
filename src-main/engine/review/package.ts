/**
 * What a reviewer looks at in a delivered package: the maps, rasters, tables, vector layers
 * and documents in its folder (a run's output folder is a package too). Only files inside
 * the folder are ever listed or read.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';

export type ReviewItemKind = 'map' | 'raster' | 'table' | 'vector' | 'document';

/** One deliverable file of a package. `id` is its path relative to the package, with `/`. */
export interface PackageItem {
  id: string;
  kind: ReviewItemKind;
  name: string;
  file: string;
  bytes: number;
}

/** Kind and MIME type by extension; files of other types (sidecars, temporary files) are not deliverables. */
const TYPES: Record<string, { kind: ReviewItemKind; mime: string }> = {
  '.png': { kind: 'map', mime: 'image/png' },
  '.jpg': { kind: 'map', mime: 'image/jpeg' },
  '.jpeg': { kind: 'map', mime: 'image/jpeg' },
  '.pdf': { kind: 'map', mime: 'application/pdf' },
  '.tif': { kind: 'raster', mime: 'image/tiff' },
  '.tiff': { kind: 'raster', mime: 'image/tiff' },
  '.csv': { kind: 'table', mime: 'text/csv' },
  '.xlsx': { kind: 'table', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  '.shp': { kind: 'vector', mime: 'application/octet-stream' },
  '.gpkg': { kind: 'vector', mime: 'application/geopackage+sqlite3' },
  '.geojson': { kind: 'vector', mime: 'application/geo+json' },
  '.json': { kind: 'document', mime: 'application/json' },
  '.html': { kind: 'document', mime: 'text/html' },
  '.txt': { kind: 'document', mime: 'text/plain' },
  '.md': { kind: 'document', mime: 'text/markdown' },
};

/** Folder depth searched below the package root (packages put maps and tables in sub-folders). */
const MAX_DEPTH = 3;
/** Files listed at most (a package is a handful of deliverables, not a data dump). */
const MAX_ITEMS = 2_000;
/** Largest item sent to the reviewer's browser in one piece. */
export const MAX_ITEM_BYTES = 64 * 1024 * 1024;

/**
 * The deliverables in `dir`, sorted by path; dot-files, `.uploads` and project files are left
 * out. Errors: E_FILE_NOT_FOUND when `dir` is not a folder.
 */
export async function listPackage(dir: string): Promise<PackageItem[]> {
  const root = resolve(dir);
  const st = await stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'not a folder', { file: dir });
  const items: PackageItem[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    for (const ent of (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (ent.name.startsWith('.') || items.length >= MAX_ITEMS) continue;
      const abs = join(folder, ent.name);
      if (ent.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(abs, depth + 1);
        continue;
      }
      const type = TYPES[extname(ent.name).toLowerCase()];
      if (!ent.isFile() || !type) continue;
      const rel = relative(root, abs).split(sep).join('/');
      items.push({ id: rel, kind: type.kind, name: ent.name.replace(/\.[^.]*$/, ''), file: rel, bytes: (await stat(abs)).size });
    }
  };
  await walk(root, 0);
  return items;
}

/**
 * The file of package item `id` and its kind and MIME type. Refuses ids that leave the package
 * or are not deliverables, and links that lead out of it (E_PATH_FORBIDDEN); E_FILE_NOT_FOUND.
 */
export async function packageItemFile(dir: string, id: string): Promise<{ path: string; size: number; kind: ReviewItemKind; mime: string }> {
  const root = resolve(dir);
  const abs = resolve(root, id);
  const type = TYPES[extname(abs).toLowerCase()];
  if (!abs.startsWith(root + sep) || id.split(/[\\/]/).some((p) => p.startsWith('.')) || !type) {
    throw new RiskAtlasError('E_PATH_FORBIDDEN', 'not a deliverable of the package under review', { file: id });
  }
  const st = await stat(abs).catch(() => null);
  if (!st?.isFile()) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'no such item in the package', { file: id });
  // A link inside the package must not lead out of it.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(abs)]);
  if (!realFile.startsWith(realRoot + sep)) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'the item links to a file outside the package', { file: id });
  return { path: realFile, size: st.size, ...type };
}

/**
 * The bytes and MIME type of package item `id` ({@link packageItemFile}'s refusals), and
 * E_FILE_TOO_LARGE above {@link MAX_ITEM_BYTES}.
 */
export async function readPackageItem(dir: string, id: string): Promise<{ mime: string; bytes: Uint8Array }> {
  const item = await packageItemFile(dir, id);
  if (item.size > MAX_ITEM_BYTES) throw new RiskAtlasError('E_FILE_TOO_LARGE', `${item.size} bytes; open it from the package folder`, { file: id });
  return { mime: item.mime, bytes: new Uint8Array(await readFile(item.path)) };
}

/**
 * Where a package's maps lie: the analysis CRS and grid extent recorded in its
 * `provenance.json` (a run's quick-look PNG covers exactly this extent), so comments can be
 * pinned in map coordinates. Null when the package has no readable provenance.
 */
export async function packageGeoreference(dir: string, items: PackageItem[]): Promise<{ epsg: number; extent: [number, number, number, number] } | null> {
  const prov = items.find((i) => i.file === 'provenance.json') ?? items.find((i) => i.file.endsWith('/provenance.json'));
  if (!prov) return null;
  try {
    const grid = (JSON.parse(await readFile(join(resolve(dir), prov.file), 'utf8')) as { grid?: Record<string, unknown> }).grid;
    const n = (k: string): number => {
      const v = grid?.[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(k);
      return v;
    };
    const [epsg, x0, y0, size, w, h] = [n('epsg'), n('originX'), n('originY'), n('cellSize'), n('width'), n('height')];
    return { epsg, extent: [x0, y0 - h * size, x0 + w * size, y0] };
  } catch {
    return null;
  }
}
