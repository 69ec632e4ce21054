/**
 * Shapefile writer (.shp .shx .dbf .prj .cpg): points, multipoints, lines and polygons,
 * attributes in UTF-8 or GBK (what ArcGIS on a Chinese Windows expects), ESRI .prj text so
 * ArcGIS and QGIS name the CRS. Ring orientation is fixed to the spec (outer rings
 * clockwise, holes counter-clockwise) whatever the GeoJSON had.
 */
import type { Feature, FeatureCollection, Position } from 'geojson';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { crsToWkt } from '../crs/wkt';
import { writeFileAtomic } from './atomicFile';
import { ringArea } from '../zoning/polygonise';

export interface ShapefileField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'date' | 'boolean';
  /** Bytes (strings) or digits (numbers); computed from the data when absent. */
  width?: number;
  decimals?: number;
}

export interface ShapefileOptions {
  epsg: number;
  /** Fields in order; inferred from the first feature's properties when absent. */
  fields?: ShapefileField[];
  encoding?: 'utf-8' | 'gbk';
}

const SHP_POINT = 1;
const SHP_POLYLINE = 3;
const SHP_POLYGON = 5;
const SHP_MULTIPOINT = 8;

function shapeTypeOf(fc: FeatureCollection): number {
  const types = new Set<number>();
  for (const f of fc.features) {
    const t = f.geometry?.type;
    if (!t) continue;
    types.add(t === 'Point' ? SHP_POINT : t === 'MultiPoint' ? SHP_MULTIPOINT : t === 'LineString' || t === 'MultiLineString' ? SHP_POLYLINE : t === 'Polygon' || t === 'MultiPolygon' ? SHP_POLYGON : -1);
  }
  if (types.has(-1) || types.size > 1) throw new RiskAtlasError('E_WRITE', 'a shapefile holds one geometry type; this layer mixes several');
  return [...types][0] ?? SHP_POINT;
}

function orient(ring: Position[], clockwise: boolean): Position[] {
  const ccw = ringArea(ring) > 0;
  return ccw === clockwise ? [...ring].reverse() : ring;
}

/** The parts (rings or lines) of a geometry, oriented for the .shp. */
function partsOf(f: Feature): Position[][] {
  const g = f.geometry;
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
      return [g.coordinates];
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'Polygon':
      return g.coordinates.map((r, i) => orient(r, i === 0));
    case 'MultiPolygon':
      return g.coordinates.flatMap((p) => p.map((r, i) => orient(r, i === 0)));
    default:
      return [];
  }
}

function encodeRecord(type: number, parts: Position[][]): Uint8Array {
  if (parts.length === 0) return new Uint8Array(4); // null shape
  if (type === SHP_POINT) {
    const v = new DataView(new ArrayBuffer(20));
    v.setInt32(0, SHP_POINT, true);
    v.setFloat64(4, parts[0]![0]![0]!, true);
    v.setFloat64(12, parts[0]![0]![1]!, true);
    return new Uint8Array(v.buffer);
  }
  const pts = parts.flat();
  const box = bbox(pts);
  if (type === SHP_MULTIPOINT) {
    const v = new DataView(new ArrayBuffer(40 + 16 * pts.length));
    v.setInt32(0, type, true);
    box.forEach((b, i) => v.setFloat64(4 + 8 * i, b, true));
    v.setInt32(36, pts.length, true);
    pts.forEach((p, i) => {
      v.setFloat64(40 + 16 * i, p[0]!, true);
      v.setFloat64(48 + 16 * i, p[1]!, true);
    });
    return new Uint8Array(v.buffer);
  }
  const head = 44 + 4 * parts.length;
  const v = new DataView(new ArrayBuffer(head + 16 * pts.length));
  v.setInt32(0, type, true);
  box.forEach((b, i) => v.setFloat64(4 + 8 * i, b, true));
  v.setInt32(36, parts.length, true);
  v.setInt32(40, pts.length, true);
  let start = 0;
  parts.forEach((p, i) => {
    v.setInt32(44 + 4 * i, start, true);
    start += p.length;
  });
  pts.forEach((p, i) => {
    v.setFloat64(head + 16 * i, p[0]!, true);
    v.setFloat64(head + 16 * i + 8, p[1]!, true);
  });
  return new Uint8Array(v.buffer);
}

function bbox(pts: Position[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of pts) {
    b[0] = Math.min(b[0], p[0]!);
    b[1] = Math.min(b[1], p[1]!);
    b[2] = Math.max(b[2], p[0]!);
    b[3] = Math.max(b[3], p[1]!);
  }
  return b;
}

function header(view: DataView, bytes: number, type: number, box: number[]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, bytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, type, true);
  box.forEach((b, i) => view.setFloat64(36 + 8 * i, Number.isFinite(b) ? b : 0, true));
}

/** GBK encoder built once from the GB18030 decoder of Node's ICU (GBK is its two-byte part). */
let gbkTable: Map<string, number> | undefined;
function gbkEncode(s: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gb18030');
    const pair = new Uint8Array(2);
    for (let hi = 0x81; hi <= 0xfe; hi++)
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        pair[0] = hi;
        pair[1] = lo;
        const ch = dec.decode(pair);
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, (hi << 8) | lo);
      }
  }
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = gbkTable.get(ch);
      if (code === undefined) out.push(0x3f); // '?' for the rare character outside GBK
      else out.push(code >> 8, code & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Cut bytes to at most `max` without splitting a character. */
function truncateBytes(s: string, max: number, enc: (s: string) => Uint8Array): Uint8Array {
  let b = enc(s);
  if (b.length <= max) return b;
  let chars = [...s];
  while (b.length > max) {
    chars = chars.slice(0, -1);
    b = enc(chars.join(''));
  }
  return b;
}

function inferFields(fc: FeatureCollection): ShapefileField[] {
  const props = fc.features[0]?.properties ?? {};
  return Object.entries(props).map(([name, v]) => ({ name, type: typeof v === 'number' ? (fc.features.every((f) => Number.isInteger(f.properties?.[name] ?? 0)) ? 'integer' : 'number') : typeof v === 'boolean' ? 'boolean' : 'string' }));
}

function formatNumber(v: unknown, f: ShapefileField): string {
  if (v === null || v === undefined || v === '' || !Number.isFinite(Number(v))) return '';
  return f.type === 'integer' ? String(Math.round(Number(v))) : Number(v).toFixed(f.decimals ?? 6);
}

function encodeDbf(fc: FeatureCollection, fields: ShapefileField[], enc: (s: string) => Uint8Array, gbk: boolean): Uint8Array {
  const used = new Set<string>();
  const specs = fields.map((f) => {
    // Field names are at most 10 bytes; keep them unique after cutting.
    let nameBytes = truncateBytes(f.name, 10, enc);
    let n = 1;
    while (used.has(Buffer.from(nameBytes).toString('hex'))) nameBytes = truncateBytes(`${f.name.slice(0, 6)}_${n++}`, 10, enc);
    used.add(Buffer.from(nameBytes).toString('hex'));
    const values = fc.features.map((feat) => feat.properties?.[f.name]);
    let type: string;
    let width: number;
    let decimals = 0;
    if (f.type === 'string') {
      type = 'C';
      width = f.width ?? Math.min(254, Math.max(1, ...values.map((v) => (v === null || v === undefined ? 0 : enc(String(v)).length))));
    } else if (f.type === 'date') {
      type = 'D';
      width = 8;
    } else if (f.type === 'boolean') {
      type = 'L';
      width = 1;
    } else {
      type = 'N';
      decimals = f.type === 'integer' ? 0 : (f.decimals ?? 6);
      width = f.width ?? Math.min(20, Math.max(1, ...values.map((v) => formatNumber(v, { ...f, decimals }).length)));
    }
    return { field: { ...f, decimals }, nameBytes, type, width, decimals };
  });
  const headerLen = 32 + 32 * specs.length + 1;
  const recordLen = 1 + specs.reduce((s, f) => s + f.width, 0);
  const n = fc.features.length;
  const out = new Uint8Array(headerLen + recordLen * n + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  // A fixed date keeps output byte-identical between runs.
  out[1] = 126;
  out[2] = 1;
  out[3] = 1;
  v.setUint32(4, n, true);
  v.setUint16(8, headerLen, true);
  v.setUint16(10, recordLen, true);
  out[29] = gbk ? 0x4d : 0x00; // language driver 0x4D = code page 936 (GBK)
  specs.forEach((s, i) => {
    out.set(s.nameBytes, 32 + 32 * i);
    out[32 + 32 * i + 11] = s.type.charCodeAt(0);
    out[32 + 32 * i + 16] = s.width;
    out[32 + 32 * i + 17] = s.decimals;
  });
  out[headerLen - 1] = 0x0d;
  fc.features.forEach((feat, r) => {
    let off = headerLen + r * recordLen;
    out[off++] = 0x20;
    for (const s of specs) {
      const val = feat.properties?.[s.field.name];
      const cell = new Uint8Array(s.width).fill(0x20);
      if (s.type === 'C') cell.set(truncateBytes(val === null || val === undefined ? '' : String(val), s.width, enc));
      else if (s.type === 'D') cell.set(new TextEncoder().encode(typeof val === 'string' ? val.replace(/-/g, '').slice(0, 8).padEnd(8) : '        '));
      else if (s.type === 'L') cell[0] = val === true ? 0x54 : val === false ? 0x46 : 0x3f;
      else {
        const txt = formatNumber(val, s.field).slice(0, s.width);
        cell.set(new TextEncoder().encode(txt.padStart(s.width)));
      }
      out.set(cell, off);
      off += s.width;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/**
 * Write `fc` (coordinates in `opts.epsg`) as a shapefile at `basePath` (no extension).
 * Each part is written atomically. Returns the paths written.
 * Throws E_WRITE for mixed geometry types, E_CRS_UNKNOWN for a CRS without .prj text.
 */
export async function writeShapefile(basePath: string, fc: FeatureCollection, opts: ShapefileOptions): Promise<string[]> {
  const type = shapeTypeOf(fc);
  const gbk = opts.encoding === 'gbk';
  const enc = gbk ? gbkEncode : (s: string): Uint8Array => new TextEncoder().encode(s);
  const records = fc.features.map((f) => encodeRecord(type, partsOf(f)));
  const box = bbox(fc.features.flatMap((f) => partsOf(f).flat()));
  const shpLen = 100 + records.reduce((s, r) => s + 8 + r.length, 0);
  const shp = new Uint8Array(shpLen);
  const shx = new Uint8Array(100 + 8 * records.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  header(sv, shpLen, type, [...box, 0, 0, 0, 0]);
  header(xv, shx.length, type, [...box, 0, 0, 0, 0]);
  let off = 100;
  records.forEach((r, i) => {
    sv.setInt32(off, i + 1, false);
    sv.setInt32(off + 4, r.length / 2, false);
    shp.set(r, off + 8);
    xv.setInt32(100 + 8 * i, off / 2, false);
    xv.setInt32(104 + 8 * i, r.length / 2, false);
    off += 8 + r.length;
  });
  const files: [string, Uint8Array | string][] = [
    [`${basePath}.shp`, shp],
    [`${basePath}.shx`, shx],
    [`${basePath}.dbf`, encodeDbf(fc, opts.fields ?? inferFields(fc), enc, gbk)],
    [`${basePath}.prj`, crsToWkt(opts.epsg)],
    [`${basePath}.cpg`, gbk ? 'GBK' : 'UTF-8'],
  ];
  for (const [p, data] of files) await writeFileAtomic(p, data);
  return files.map(([p]) => p);
}

/** Zip shapefile parts into one archive (fixed timestamps, so the bytes are reproducible). */
export async function zipShapefile(files: string[], zipPath: string): Promise<void> {
  const entries = Object.fromEntries(files.map((f) => [basename(f), [new Uint8Array(readFileSync(f)), { mtime: new Date('2026-01-01T00:00:00Z') }] as const]));
  await writeFileAtomic(zipPath, zipSync(entries as never, { level: 9 }));
}
