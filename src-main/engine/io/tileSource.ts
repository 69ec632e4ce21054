/**
 * Offline basemap tiles for the app's map: an MBTiles file (SQLite, read with sql.js) or a
 * folder of XYZ tiles (`<dir>/<z>/<x>/<y>.png|jpg|jpeg|webp`). Tiles are Web Mercator
 * (EPSG:3857) in the XYZ scheme (y = 0 at the north edge); MBTiles stores rows in TMS
 * (y = 0 at the south), flipped here. Raster tiles only: vector tiles (pbf) are refused.
 * Nothing is fetched from the network.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { RiskAtlasError } from '../../../src-shared/errors';
import { fileSize, MAX_WHOLE_FILE_BYTES } from './fileAccess';
import { loadSqlJs } from './sqlite';

export type TileFormat = 'png' | 'jpg' | 'webp';

export interface TileSourceInfo {
  kind: 'mbtiles' | 'xyz';
  /** Name from the MBTiles metadata, or the folder's name. */
  name: string;
  format: TileFormat;
  minZoom: number;
  maxZoom: number;
  /** Extent in lon/lat degrees [west, south, east, north], when known. */
  bounds: [number, number, number, number] | null;
}

export interface TileSource {
  info: TileSourceInfo;
  /** The tile's bytes at XYZ (z, x, y), or null where there is none. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  close(): void;
}

const FORMATS: Record<string, TileFormat> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp' };
export const TILE_MIME: Record<TileFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** Open a tile source: a folder is read as XYZ tiles, a file as MBTiles. */
export async function openTileSource(path: string): Promise<TileSource> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ';
    throw new RiskAtlasError(code, (err as Error).message, { file: path, cause: err });
  }
  return isDir ? openXyzFolder(path) : openMbtiles(path);
}

function bad(path: string, why: string): RiskAtlasError {
  return new RiskAtlasError('E_FORMAT_UNKNOWN', why, { file: path });
}

/** Whole, non-negative integers only: a tile address never names a path outside the folder. */
function checkAddress(z: number, x: number, y: number): boolean {
  return [z, x, y].every((v) => Number.isInteger(v) && v >= 0) && z <= 30 && x < 2 ** z && y < 2 ** z;
}

async function openMbtiles(path: string): Promise<TileSource> {
  // sql.js holds the database in memory: a county basemap (tens to a few hundred MB) fits; a national one does not.
  await fileSize(path, MAX_WHOLE_FILE_BYTES);
  const bytes = new Uint8Array(await readFile(path));
  if (new TextDecoder().decode(bytes.subarray(0, 15)) !== 'SQLite format 3') throw bad(path, 'not an MBTiles file (not an SQLite database)');
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (err) {
    throw bad(path, `not an MBTiles file (${(err as Error).message})`);
  }
  try {
    const meta = new Map<string, string>();
    try {
      for (const row of db.exec('SELECT name, value FROM metadata')[0]?.values ?? []) meta.set(String(row[0]), String(row[1]));
      db.exec('SELECT 1 FROM tiles LIMIT 1');
    } catch {
      throw bad(path, 'not an MBTiles file (no metadata or tiles table)');
    }
    const fmt = (meta.get('format') ?? 'png').toLowerCase();
    const format = FORMATS[fmt];
    if (!format) throw bad(path, `MBTiles tiles in "${fmt}" are not raster images (vector tiles cannot be drawn as a basemap)`);
    const zr = db.exec('SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles')[0]?.values[0];
    if (!zr || zr[0] === null) throw bad(path, 'the MBTiles file holds no tiles');
    const b = (meta.get('bounds') ?? '').split(',').map(Number);
    const info: TileSourceInfo = {
      kind: 'mbtiles',
      name: meta.get('name') ?? path.split(/[\\/]/).pop()!,
      format,
      minZoom: Number(zr[0]),
      maxZoom: Number(zr[1]),
      bounds: b.length === 4 && b.every(Number.isFinite) ? (b as [number, number, number, number]) : null,
    };
    const stmt = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    return {
      info,
      async tile(z, x, y) {
        if (!checkAddress(z, x, y)) return null;
        try {
          stmt.bind([z, x, 2 ** z - 1 - y]);
          return stmt.step() ? (stmt.get()[0] as Uint8Array) : null;
        } finally {
          stmt.reset();
        }
      },
      close() {
        stmt.free();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

async function openXyzFolder(dir: string): Promise<TileSource> {
  const zooms = (await readdir(dir)).filter((d) => /^\d+$/.test(d)).map(Number).sort((a, b) => a - b);
  if (!zooms.length) throw bad(dir, 'the folder holds no XYZ tiles (expected <z>/<x>/<y>.png folders)');
  // The tile format: the extension of the first tile found at the lowest zoom.
  let format: TileFormat | undefined;
  const z0 = join(dir, String(zooms[0]));
  for (const x of await readdir(z0)) {
    const files = await readdir(join(z0, x)).catch(() => [] as string[]);
    const ext = files.map((f) => /\.(\w+)$/.exec(f)?.[1]?.toLowerCase()).find((e) => e && FORMATS[e]);
    if (ext) {
      format = FORMATS[ext];
      break;
    }
  }
  if (!format) throw bad(dir, 'no PNG, JPEG or WebP tiles in the folder');
  const exts = Object.entries(FORMATS).filter(([, f]) => f === format).map(([e]) => e);
  return {
    info: { kind: 'xyz', name: dir.split(/[\\/]/).filter(Boolean).pop()!, format, minZoom: zooms[0]!, maxZoom: zooms[zooms.length - 1]!, bounds: null },
    async tile(z, x, y) {
      if (!checkAddress(z, x, y)) return null;
      for (const e of exts) {
        try {
          return new Uint8Array(await readFile(join(dir, String(z), String(x), `${y}.${e}`)));
        } catch {
          // Not in this extension; a missing tile is normal at the edges.
        }
      }
      return null;
    },
    close() {},
  };
}
