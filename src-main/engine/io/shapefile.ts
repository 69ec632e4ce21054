/**
 * Shapefile reader: a `.shp` with its sidecars (`.shx .dbf .prj .cpg`, any letter case) or
 * a `.zip` holding them. Decoded here rather than with shpjs, which reprojects when given a
 * .prj, assigns holes by bounding box and stops quietly at a truncated record: every record is
 * checked against the file (a truncated file is an error, not fewer features), holes go to
 * the outer ring that contains them, DBF field types are kept, the text
 * encoding is decided by evidence (dbfEncoding.ts), a missing `.shx` is tolerated with a
 * warning (records are read sequentially), coordinates stay in the file's own CRS, the `.prj`
 * is identified against the EPSG dataset (crs/identify.ts), and a missing `.prj` is an error
 * unless the user states the CRS.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { identifyWkt } from '../crs/identify';
import { settleLayerCrs } from '../crs/layerCrs';
import { unzipEntries } from './zipArchive';
import { fileSize, MAX_WHOLE_FILE_BYTES, refuseTooLarge } from './fileAccess';
import type { EncodingEvidence, FieldInfo, FieldType, VectorLayer } from '../../../src-shared/layer';
import { featureExtent, geometryKind } from './vectorMeta';
import { decideEncoding } from './dbfEncoding';
import type { ReadOptions } from './readOptions';

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
    if (!f) return undefined;
    // Each sidecar is capped like the .shp: a multi-gigabyte .dbf is refused before it is read.
    refuseTooLarge(join(dir, f), (await stat(join(dir, f))).size, MAX_WHOLE_FILE_BYTES);
    return new Uint8Array(await readFile(join(dir, f)));
  };
  const text = async (ext: string): Promise<string | undefined> => {
    const b = await load(ext);
    return b ? new TextDecoder().decode(b) : undefined;
  };
  return { shp: new Uint8Array(await readFile(path)), shx: await load('shx'), dbf: await load('dbf'), prj: await text('prj'), cpg: await text('cpg') };
}

function readZip(data: Uint8Array, file: string, warnings: string[]): Parts {
  const entries = unzipEntries(data, file, (name) => /\.(shp|shx|dbf|prj|cpg)$/i.test(name));
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

const SHAPE_TYPES = new Set([0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28]);

/** Signed area of a ring (shoelace, y up): negative for clockwise, which the shapefile spec uses for outer rings. */
function signedArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return a / 2;
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/** A vertex of `inner` that is not on `outer`'s boundary decides containment (shared vertices are ambiguous). */
function ringInside(inner: Position[], outer: Position[]): boolean {
  const onOuter = new Set(outer.map((p) => `${p[0]},${p[1]}`));
  const probe = inner.find((p) => !onOuter.has(`${p[0]},${p[1]}`)) ?? inner[0]!;
  return inRing(probe[0]!, probe[1]!, outer);
}

/**
 * Assemble shapefile polygon parts into GeoJSON polygons. Per the ESRI spec outer rings are
 * clockwise and holes counter-clockwise; each hole goes to the smallest outer ring that holds
 * it (by point-in-ring, not by bounding box, so a hole beside an L-shaped part lands right).
 * A hole inside no outer ring is kept as an outer ring, as GDAL does. Output follows RFC 7946
 * (outer counter-clockwise, holes clockwise).
 */
function assemblePolygon(parts: Position[][]): Geometry | null {
  const rings = parts
    .map((r) => (r.length && (r[0]![0] !== r[r.length - 1]![0] || r[0]![1] !== r[r.length - 1]![1]) ? [...r, r[0]!] : r))
    .filter((r) => r.length >= 4);
  if (!rings.length) return null;
  const outers: { ring: Position[]; area: number; holes: Position[][] }[] = [];
  const holes: Position[][] = [];
  for (const r of rings) {
    const a = signedArea(r);
    if (a < 0) outers.push({ ring: r, area: -a, holes: [] });
    else holes.push(r);
  }
  for (const h of holes) {
    let best: (typeof outers)[number] | undefined;
    for (const o of outers) if ((!best || o.area < best.area) && ringInside(h, o.ring)) best = o;
    if (best) best.holes.push(h);
    else outers.push({ ring: h, area: signedArea(h), holes: [] });
  }
  const ccw = (r: Position[]): Position[] => (signedArea(r) < 0 ? [...r].reverse() : r);
  const cw = (r: Position[]): Position[] => (signedArea(r) > 0 ? [...r].reverse() : r);
  const polys = outers.map((o) => [ccw(o.ring), ...o.holes.map(cw)]);
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

/**
 * Decode one record's content (starting with its shape type). Every count is checked against
 * the record length first, so a corrupt record is an error instead of a read past its end.
 */
function decodeRecord(v: DataView, start: number, len: number, type: number, fail: (why: string) => never): Geometry | null {
  if (type === 0) return null;
  const base = type % 10; // 1 point, 3 line, 5 polygon, 8 multipoint (Z = +10, M = +20)
  const hasZ = type > 10 && type < 20;
  const need = (n: number): void => {
    if (n > len) fail(`needs ${n} bytes, the record has ${len}`);
  };
  const xy = (off: number): Position => [v.getFloat64(start + off, true), v.getFloat64(start + off + 8, true)];
  if (base === 1) {
    need(hasZ ? 28 : 20);
    const p = xy(4);
    if (hasZ) p.push(v.getFloat64(start + 20, true));
    return { type: 'Point', coordinates: p };
  }
  if (base === 8) {
    need(40);
    const n = v.getInt32(start + 36, true);
    if (n < 0) fail(`negative point count ${n}`);
    need(40 + 16 * n + (hasZ ? 16 + 8 * n : 0));
    if (n === 0) return null;
    const pts = Array.from({ length: n }, (_, i) => xy(40 + 16 * i));
    if (hasZ) pts.forEach((p, i) => p.push(v.getFloat64(start + 40 + 16 * n + 16 + 8 * i, true)));
    return { type: 'MultiPoint', coordinates: pts };
  }
  need(44);
  const np = v.getInt32(start + 36, true);
  const n = v.getInt32(start + 40, true);
  if (np < 0 || n < 0) fail(`negative part or point count (${np}, ${n})`);
  const ptsAt = 44 + 4 * np;
  need(ptsAt + 16 * n + (hasZ ? 16 + 8 * n : 0));
  if (np === 0 || n === 0) return null;
  const starts = Array.from({ length: np }, (_, i) => v.getInt32(start + 44 + 4 * i, true));
  if (starts[0] !== 0 || starts.some((s, i) => s < 0 || s > n || (i > 0 && s < starts[i - 1]!))) fail('part indices out of order or range');
  const pts = Array.from({ length: n }, (_, i) => xy(ptsAt + 16 * i));
  if (hasZ) pts.forEach((p, i) => p.push(v.getFloat64(start + ptsAt + 16 * n + 16 + 8 * i, true)));
  const parts = starts.map((s, i) => pts.slice(s, i + 1 < np ? starts[i + 1] : n)).filter((p) => p.length > 0);
  if (base === 3) return parts.length === 1 ? { type: 'LineString', coordinates: parts[0]! } : { type: 'MultiLineString', coordinates: parts };
  return assemblePolygon(parts);
}

/**
 * Walk and decode the .shp records sequentially (the .shx is not needed for that). Throws
 * E_SHP_CORRUPT on any inconsistency: bad header, a length field that promises more bytes than
 * the file has, a record that runs past the end, a record of another shape type.
 */
function readShp(shp: Uint8Array, file: string): { geometries: (Geometry | null)[]; shapeType: number } {
  const v = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.length < 100 || v.getInt32(0, false) !== 9994) throw new RiskAtlasError('E_SHP_CORRUPT', 'not a .shp file (bad header)', { file });
  const declared = v.getInt32(24, false) * 2;
  if (declared > shp.length) throw new RiskAtlasError('E_SHP_CORRUPT', `the header declares ${declared} bytes, the file has ${shp.length} (truncated)`, { file });
  if (declared < 100) throw new RiskAtlasError('E_SHP_CORRUPT', `the header declares an impossible length of ${declared} bytes`, { file });
  const shapeType = v.getInt32(32, true);
  if (!SHAPE_TYPES.has(shapeType)) throw new RiskAtlasError('E_SHP_CORRUPT', `unsupported shape type ${shapeType} (MultiPatch is not supported)`, { file });
  const geometries: (Geometry | null)[] = [];
  let off = 100;
  // Bytes after the declared length are ignored: some writers pad the file.
  const end = declared;
  while (off < end) {
    const n = geometries.length + 1;
    if (off + 8 > end) throw new RiskAtlasError('E_SHP_CORRUPT', `record ${n} header at byte ${off} is cut off`, { file });
    const len = v.getInt32(off + 4, false) * 2;
    if (len < 4 || off + 8 + len > end) throw new RiskAtlasError('E_SHP_CORRUPT', `record ${n} at byte ${off} runs past the end of the file (truncated)`, { file });
    const t = v.getInt32(off + 8, true);
    if (t !== 0 && t !== shapeType) throw new RiskAtlasError('E_SHP_CORRUPT', `record ${n} has shape type ${t}, the file ${shapeType}`, { file });
    const fail = (why: string): never => {
      throw new RiskAtlasError('E_SHP_CORRUPT', `record ${n} at byte ${off}: ${why}`, { file });
    };
    geometries.push(decodeRecord(v, off + 8, len, t, fail));
    off += 8 + len;
  }
  return { geometries, shapeType };
}

/** Number of records the .shx indexes, or undefined when it is unreadable. */
function shxCount(shx: Uint8Array): number | undefined {
  if (shx.length < 100 || new DataView(shx.buffer, shx.byteOffset, shx.byteLength).getInt32(0, false) !== 9994) return undefined;
  return Math.floor((shx.length - 100) / 8);
}

interface DbfField {
  name: Uint8Array;
  type: string;
  length: number;
  decimals: number;
  offset: number;
}

function readDbf(
  dbf: Uint8Array,
  expected: number,
  text: { cpg?: string; stated?: string },
  file: string,
  warnings: string[],
): { fields: FieldInfo[]; rows: Record<string, unknown>[]; encoding: string; evidence: EncodingEvidence } {
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
  let decision;
  try {
    decision = decideEncoding({ ...text, ldid: dbf[29]!, samples: textSamples });
  } catch (err) {
    throw new RiskAtlasError((err as RiskAtlasError).code, (err as Error).message, { file, cause: err });
  }
  if (decision.note) warnings.push(`encoding: ${decision.note}`);
  const decoder = decision.codec;
  const ascii = new TextDecoder('latin1');
  // Names are cut to 10 bytes by dBase, so two long names can collide; suffix them as GDAL does.
  const seen = new Set<string>();
  const names = fields.map((f, i) => {
    let name = decoder.decode(f.name).trim() || `FIELD_${i + 1}`;
    if (seen.has(name)) {
      let k = 1;
      while (seen.has(`${name}_${k}`)) k++;
      warnings.push(`duplicate field name ${name} renamed ${name}_${k}`);
      name = `${name}_${k}`;
    }
    seen.add(name);
    return name;
  });
  const typeOf = (f: DbfField): FieldType => {
    if (f.type === 'L') return 'boolean';
    if (f.type === 'D') return 'date';
    if (f.type === 'N') return f.decimals === 0 ? 'integer' : 'number';
    if (f.type === 'F' || f.type === 'O') return 'number';
    return 'string';
  };
  const types = fields.map(typeOf);
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen;
    const row: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      const bytes = dbf.subarray(base + f.offset, base + f.offset + f.length);
      if (f.type === 'C') {
        row[names[i]!] = decoder.decode(bytes).replace(/\0.*$/s, '').replace(/\uFFFD+$/, '').trimEnd();
        return;
      }
      const s = ascii.decode(bytes).replace(/\0/g, '').trim();
      if (f.type === 'L') row[names[i]!] = /^[YyTt]$/.test(s) ? true : /^[NnFf]$/.test(s) ? false : null;
      else if (f.type === 'D') row[names[i]!] = /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : null;
      else if (f.type === 'N' || f.type === 'F' || f.type === 'O') {
        const n = s === '' || /^\*+$/.test(s) ? NaN : Number(s);
        row[names[i]!] = Number.isFinite(n) ? n : null;
      } else row[names[i]!] = s;
    });
    rows.push(row);
  }
  return { fields: names.map((name, i) => ({ name, type: types[i]! })), rows, encoding: decision.codec.label, evidence: decision.evidence };
}

/**
 * Read a shapefile (`.shp` path, sidecars `.shx .dbf .prj .cpg` beside it in any letter case,
 * or a `.zip` holding them). Coordinates stay in the file's own CRS, never reprojected;
 * polygons come out in RFC 7946 ring order. Attributes are decoded by the evidence
 * dbfEncoding.ts weighs (`meta.encoding` and `meta.encodingEvidence` say which and why).
 * The `.prj` is identified (declared, matched or unknown with candidates: `meta.crs.identification`).
 * @param opts.crs EPSG code stated by the user: needed when there is no `.prj`; it also wins
 *   over the `.prj` (with a warning when they differ), because the user's statement is the only
 *   thing that can correct a file. `opts.encoding` likewise for the text; `opts.allowMissingCrs`
 *   gives crs null for a file without `.prj`.
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_ZIP_CORRUPT, E_SHP_CORRUPT, E_SHP_MISSING_PART,
 * E_DBF_CORRUPT, E_CRS_MISSING (no .prj and no opts.crs — never guessed), E_CRS_UNKNOWN,
 * E_ARG_INVALID (a stated encoding RiskAtlas cannot decode).
 */
export async function readShapefile(path: string, opts: ReadOptions = {}): Promise<VectorLayer> {
  await fileSize(path, MAX_WHOLE_FILE_BYTES);
  const warnings: string[] = [];
  const parts = /\.zip$/i.test(path) ? readZip(new Uint8Array(await readFile(path)), path, warnings) : await readLoose(path);
  const { geometries } = readShp(parts.shp, path);
  const count = geometries.length;
  if (!parts.shx) warnings.push('.shx missing: index rebuilt by reading the .shp sequentially');
  else if (shxCount(parts.shx) !== count) warnings.push(`.shx does not match the .shp (${shxCount(parts.shx) ?? 'unreadable'} vs ${count} records): .shp read sequentially`);
  if (!parts.dbf) throw new RiskAtlasError('E_SHP_MISSING_PART', 'the .dbf attribute table is missing', { file: path });
  const { fields, rows, encoding, evidence } = readDbf(parts.dbf, count, { cpg: parts.cpg, stated: opts.encoding }, path, warnings);
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: geometries.map((geometry, i): Feature => ({ type: 'Feature', properties: rows[i]!, geometry: geometry as Geometry })),
  };
  const extent = featureExtent(features);
  const prj = parts.prj?.trim() ? parts.prj : undefined;
  const crs = settleLayerCrs({
    found: () => (prj === undefined ? null : identifyWkt(prj, '.prj', extent)),
    stated: opts.crs,
    extent,
    file: path,
    warnings,
    allowMissing: opts.allowMissingCrs,
  });
  return {
    meta: { kind: 'vector', format: 'Shapefile', path, crs, featureCount: count, geometryType: geometryKind(features), fields, extent, encoding, encodingEvidence: evidence, warnings },
    features,
  };
}
