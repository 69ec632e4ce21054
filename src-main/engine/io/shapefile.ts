/**
 * Shapefile reader: a `.shp` with its sidecars (`.shx .dbf .prj .cpg`, any letter case) or
 * a `.zip` holding them. Geometry decoding is shpjs's; around it this module does what
 * county data needs and shpjs does not: the structure of `.shp` and `.dbf` is checked first
 * (a truncated file is an error, not fewer features), DBF field types are kept, the text
 * encoding comes from `.cpg` or is detected (GBK is common in bureau data), a missing
 * `.shx` is tolerated with a warning (records are read sequentially), coordinates stay in
 * the file's own CRS, and a missing `.prj` is an error unless the user states the CRS.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { unzipSync } from 'fflate';
import { parseShp } from 'shpjs';
import { RiskAtlasError } from '../errors';
import { crsFromEpsg } from '../crs/registry';
import { crsFromWkt } from '../crs/wkt';
import { fileSize } from './fileAccess';
import type { CrsRef, FieldInfo, FieldType, VectorLayer } from './layer';
import { featureExtent, geometryKind } from './vectorMeta';

/** Zipped shapefiles may not unpack to more than this (zip-bomb guard). */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

interface Parts {
  shp: Uint8Array;
  shx?: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

async function readLoose(path: string): Promise<Parts> {
  const dir = dirname(path);
  const stem = basename(path, extname(path)).toLowerCase();
  const siblings = await readdir(dir);
  const find = (ext: string): string | undefined => siblings.find((f) => f.toLowerCase() === `${stem}.${ext}`);
  const load = async (ext: string): Promise<Uint8Array | undefined> => {
    const f = find(ext);
    return f ? new Uint8Array(await readFile(join(dir, f))) : undefined;
  };
  const text = async (ext: string): Promise<string | undefined> => {
    const b = await load(ext);
    return b ? new TextDecoder().decode(b) : undefined;
  };
  return { shp: new Uint8Array(await readFile(path)), shx: await load('shx'), dbf: await load('dbf'), prj: await text('prj'), cpg: await text('cpg') };
}

function readZip(data: Uint8Array, file: string, warnings: string[]): Parts {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data, {
      filter: (f) => {
        total += f.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new RiskAtlasError('E_ZIP_CORRUPT', `the archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MiB (zip bomb?)`, { file });
        return /\.(shp|shx|dbf|prj|cpg)$/i.test(f.name) && !/(^|\/)__MACOSX\//.test(f.name);
      },
    });
  } catch (err) {
    if (err instanceof RiskAtlasError) throw err;
    throw new RiskAtlasError('E_ZIP_CORRUPT', (err as Error).message, { file });
  }
  const names = Object.keys(entries);
  const shps = names.filter((n) => /\.shp$/i.test(n)).sort();
  if (!shps.length) throw new RiskAtlasError('E_ZIP_CORRUPT', 'the archive holds no .shp file', { file });
  if (shps.length > 1) warnings.push(`archive holds ${shps.length} shapefiles; read ${shps[0]}`);
  const stem = shps[0]!.slice(0, -4).toLowerCase();
  const get = (ext: string): Uint8Array | undefined => {
    const n = names.find((x) => x.toLowerCase() === `${stem}.${ext}`);
    return n ? entries[n] : undefined;
  };
  const txt = (ext: string): string | undefined => {
    const b = get(ext);
    return b ? new TextDecoder().decode(b) : undefined;
  };
  return { shp: get('shp')!, shx: get('shx'), dbf: get('dbf'), prj: txt('prj'), cpg: txt('cpg') };
}

/** Walk the .shp records; returns the record count. Throws E_SHP_CORRUPT on any inconsistency. */
function checkShp(shp: Uint8Array, file: string): { count: number; shapeType: number } {
  const v = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.length < 100 || v.getInt32(0, false) !== 9994) throw new RiskAtlasError('E_SHP_CORRUPT', 'not a .shp file (bad header)', { file });
  const declared = v.getInt32(24, false) * 2;
  if (declared > shp.length) throw new RiskAtlasError('E_SHP_CORRUPT', `the header declares ${declared} bytes, the file has ${shp.length} (truncated)`, { file });
  const shapeType = v.getInt32(32, true);
  if (![0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28].includes(shapeType)) throw new RiskAtlasError('E_SHP_CORRUPT', `unsupported shape type ${shapeType}`, { file });
  let off = 100;
  let count = 0;
  const end = Math.min(declared, shp.length);
  while (off < end) {
    if (off + 8 > end) throw new RiskAtlasError('E_SHP_CORRUPT', `record header at byte ${off} is cut off`, { file });
    const len = v.getInt32(off + 4, false) * 2;
    if (len < 4 || off + 8 + len > end) throw new RiskAtlasError('E_SHP_CORRUPT', `record ${count + 1} at byte ${off} runs past the end of the file (truncated)`, { file });
    const t = v.getInt32(off + 8, true);
    if (t !== 0 && t !== shapeType) throw new RiskAtlasError('E_SHP_CORRUPT', `record ${count + 1} has shape type ${t}, the file ${shapeType}`, { file });
    off += 8 + len;
    count++;
  }
  return { count, shapeType };
}

const GBK_CPG = /^(gbk|gb2312|gb18030|cp936|936|ansi 936|ms936|windows-936|euc-cn)$/i;
const UTF8_CPG = /^(utf-?8|65001)$/i;
/** DBF language-driver ids for Chinese code pages (0x4D = 936 GBK, 0x7A = PRC GBK). */
const GBK_LDID = new Set([0x4d, 0x7a]);

function encodingOf(cpg: string | undefined, dbf: Uint8Array, textBytes: Uint8Array[]): string {
  const c = cpg?.trim();
  if (c) {
    if (UTF8_CPG.test(c)) return 'utf-8';
    if (GBK_CPG.test(c)) return 'gbk';
    try {
      new TextDecoder(c);
      return c.toLowerCase();
    } catch {
      // an unknown .cpg value: fall through to detection
    }
  }
  if (GBK_LDID.has(dbf[29]!)) return 'gbk';
  // No declaration: valid UTF-8 everywhere means UTF-8; otherwise it is almost surely GBK.
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const b of textBytes) strict.decode(b);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

interface DbfField {
  name: Uint8Array;
  type: string;
  length: number;
  decimals: number;
  offset: number;
}

function readDbf(dbf: Uint8Array, expected: number, cpg: string | undefined, file: string): { fields: FieldInfo[]; rows: Record<string, unknown>[]; encoding: string } {
  if (dbf.length < 33) throw new RiskAtlasError('E_DBF_CORRUPT', 'the .dbf is shorter than its header', { file });
  const v = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const count = v.getUint32(4, true);
  const headerLen = v.getUint16(8, true);
  const recordLen = v.getUint16(10, true);
  if (headerLen < 33 || headerLen > dbf.length || recordLen < 1) throw new RiskAtlasError('E_DBF_CORRUPT', 'the .dbf header is malformed', { file });
  if (count !== expected) throw new RiskAtlasError('E_DBF_CORRUPT', `the .dbf has ${count} records, the .shp ${expected}`, { file });
  if (headerLen + count * recordLen > dbf.length) throw new RiskAtlasError('E_DBF_CORRUPT', `the .dbf is truncated (${dbf.length} bytes, needs ${headerLen + count * recordLen})`, { file });
  const fields: DbfField[] = [];
  let offset = 1; // byte 0 of each record is the deletion flag
  for (let p = 32; p + 32 <= headerLen && dbf[p] !== 0x0d; p += 32) {
    const raw = dbf.subarray(p, p + 11);
    const nul = raw.indexOf(0);
    const f: DbfField = { name: nul >= 0 ? raw.subarray(0, nul) : raw, type: String.fromCharCode(dbf[p + 11]!), length: dbf[p + 16]!, decimals: dbf[p + 17]!, offset };
    offset += f.length;
    fields.push(f);
  }
  if (offset > recordLen) throw new RiskAtlasError('E_DBF_CORRUPT', 'the .dbf fields are longer than its records', { file });
  const textSamples: Uint8Array[] = fields.map((f) => f.name);
  for (let r = 0; r < count; r++)
    for (const f of fields) if (f.type === 'C') textSamples.push(dbf.subarray(headerLen + r * recordLen + f.offset, headerLen + r * recordLen + f.offset + f.length));
  const encoding = encodingOf(cpg, dbf, textSamples);
  const decoder = new TextDecoder(encoding === 'gbk' ? 'gb18030' : encoding);
  const ascii = new TextDecoder('latin1');
  const names = fields.map((f) => decoder.decode(f.name).trim());
  const types: FieldType[] = fields.map((f) => (f.type === 'C' ? 'string' : f.type === 'L' ? 'boolean' : f.type === 'D' ? 'date' : (f.type === 'N' || f.type === 'F') && f.decimals === 0 ? 'integer' : 'number'));
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen;
    const row: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const bytes = dbf.subarray(base + f.offset, base + f.offset + f.length);
      if (f.type === 'C') {
        row[names[i]!] = decoder.decode(bytes).replace(/\0+$/, '').trimEnd();
        return;
      }
      const s = ascii.decode(bytes).replace(/\0/g, '').trim();
      if (f.type === 'L') row[names[i]!] = /^[YyTt]$/.test(s) ? true : /^[NnFf]$/.test(s) ? false : null;
      else if (f.type === 'D') row[names[i]!] = /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : null;
      else if (f.type === 'N' || f.type === 'F' || f.type === 'O' || f.type === 'I') {
        const n = s === '' || /^\*+$/.test(s) ? NaN : Number(s);
        row[names[i]!] = Number.isFinite(n) ? n : null;
      } else row[names[i]!] = s;
    });
    rows.push(row);
  }
  return { fields: names.map((name, i) => ({ name, type: types[i]! })), rows, encoding };
}

/**
 * Read a shapefile (`.shp` path or `.zip`). Coordinates stay in the file's CRS.
 * @param opts.crs EPSG code to use when the shapefile has no `.prj` (the CLI's `--crs`).
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_ZIP_CORRUPT, E_SHP_CORRUPT, E_SHP_MISSING_PART,
 * E_DBF_CORRUPT, E_CRS_MISSING, E_CRS_UNKNOWN.
 */
export async function readShapefile(path: string, opts: { crs?: number } = {}): Promise<VectorLayer> {
  await fileSize(path);
  const warnings: string[] = [];
  const parts = /\.zip$/i.test(path) ? readZip(new Uint8Array(await readFile(path)), path, warnings) : await readLoose(path);
  const { count } = checkShp(parts.shp, path);
  if (!parts.shx) warnings.push('.shx missing: index rebuilt by reading the .shp sequentially');
  if (!parts.dbf) throw new RiskAtlasError('E_SHP_MISSING_PART', 'the .dbf attribute table is missing', { file: path });
  const { fields, rows, encoding } = readDbf(parts.dbf, count, parts.cpg, path);
  let crs: CrsRef;
  if (parts.prj !== undefined && parts.prj.trim()) crs = crsFromWkt(parts.prj);
  else if (opts.crs !== undefined) crs = crsFromEpsg(opts.crs);
  else throw new RiskAtlasError('E_CRS_MISSING', 'the .prj file is missing; state the CRS', { file: path });
  let geometries: (Feature['geometry'] | null)[];
  try {
    geometries = parseShp(new DataView(parts.shp.buffer, parts.shp.byteOffset, parts.shp.byteLength)) as (Feature['geometry'] | null)[];
  } catch (err) {
    throw new RiskAtlasError('E_SHP_CORRUPT', (err as Error).message, { file: path });
  }
  if (geometries.length !== count) throw new RiskAtlasError('E_SHP_CORRUPT', `decoded ${geometries.length} of ${count} records`, { file: path });
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: geometries.map((geometry, i) => ({ type: 'Feature', properties: rows[i]!, geometry: geometry as Feature['geometry'] })),
  };
  return {
    meta: {
      kind: 'vector',
      format: 'Shapefile',
      path,
      crs,
      featureCount: count,
      geometryType: geometryKind(features),
      fields,
      extent: featureExtent(features),
      encoding,
      warnings,
    },
    features,
  };
}
