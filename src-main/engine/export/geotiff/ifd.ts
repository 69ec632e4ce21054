/**
 * The TIFF structure around the tiles: the images of the file (full resolution and
 * overviews) and where their tiles are, the choice between classic TIFF and BigTIFF, the
 * header, and the image file directories (IFDs) with their tags — TIFF 6.0 baseline and
 * tiling tags, GeoTIFF georeferencing (model pixel scale, tie point, geokeys), GDAL_METADATA
 * and GDAL_NODATA. Files are little-endian ("II"); IFDs go at the end of the file.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { GeoTiffOptions, ImageSettings } from './options';

/** A piece of the output: `bytes` belong at file offset `pos`. */
export interface Chunk {
  pos: number;
  bytes: Uint8Array;
}

/** One image of the file — the full-resolution one or an overview — and where its tiles are. */
export interface Level {
  /** Decimation factor (1: full resolution). */
  factor: number;
  width: number;
  height: number;
  /** Tiles across and down. */
  ntx: number;
  nty: number;
  /** File offset and byte count of each tile, band by band, rows of tiles top to bottom. */
  offsets: Float64Array;
  counts: Float64Array;
}

/** The full-resolution image and one reduced image per overview factor. */
export function imageLevels(s: ImageSettings): Level[] {
  const T = s.tile.T;
  const mkLevel = (factor: number): Level => {
    const w = Math.ceil(s.width / factor);
    const h = Math.ceil(s.height / factor);
    const ntx = Math.ceil(w / T);
    const nty = Math.ceil(h / T);
    return { factor, width: w, height: h, ntx, nty, offsets: new Float64Array(ntx * nty * s.bands), counts: new Float64Array(ntx * nty * s.bands) };
  };
  return [mkLevel(1), ...s.overviewFactors.map(mkLevel)];
}

const BIGTIFF_THRESHOLD = 3.5 * 1024 ** 3;
const CLASSIC_LIMIT = 2 ** 32 - 1;

/**
 * Whether the file is a BigTIFF: as asked, or for 'auto' (the default) when the data could
 * pass the classic 4 GiB offset limit — decided from the options, before any tile is written.
 */
export function useBigTiff(s: ImageSettings, levels: Level[], bigTiff: GeoTiffOptions['bigTiff']): boolean {
  // Uncompressed estimate: compressed tiles are at most a little larger than raw (deflate
  // stored blocks), so 3.5 GiB leaves room for the worst case below the 4 GiB offset limit.
  let raw = 0;
  for (const l of levels) raw += l.ntx * l.nty * s.tile.T * s.tile.T * s.bands * s.tile.info.bytes;
  // LZW's worst case is 12 bits per byte.
  if (s.tile.compression === 'lzw') raw *= 1.5;
  const bt = bigTiff ?? 'auto';
  return bt === 'auto' ? raw > BIGTIFF_THRESHOLD : bt;
}

/** The header; `firstIfd` 0 is a placeholder patched when the file is finished. */
export function tiffHeader(big: boolean, firstIfd: number): Chunk {
  const b = new Uint8Array(big ? 16 : 8);
  const dv = new DataView(b.buffer);
  b[0] = 0x49;
  b[1] = 0x49;
  if (big) {
    dv.setUint16(2, 43, true);
    dv.setUint16(4, 8, true);
    dv.setUint16(6, 0, true);
    dv.setBigUint64(8, BigInt(firstIfd), true);
  } else {
    dv.setUint16(2, 42, true);
    dv.setUint32(4, firstIfd, true);
  }
  return { pos: 0, bytes: b };
}

/** TIFF Compression tag values. */
const COMPRESSION_CODE = { none: 1, lzw: 5, deflate: 8 } as const;

/**
 * Geographic (lat/lon, degrees) EPSG codes RiskAtlas meets. Everything else is written as a
 * projected CRS in metres (CGCS2000 Gauss-Kruger 4491–4554, Web Mercator 3857, UTM …).
 */
const GEOGRAPHIC_EPSG = new Set([4490, 4326, 4214, 4610, 4269, 4258, 4283, 4167, 4612, 4230, 4322, 4674]);

/** True when `epsg` is a geographic (degree) CRS such as 4490 CGCS2000 or 4326 WGS 84. */
export function isGeographicEpsg(epsg: number): boolean {
  return GEOGRAPHIC_EPSG.has(epsg);
}

// TIFF field types.
const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const LONG8 = 16;
const TYPE_SIZE: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [LONG8]: 8 };

interface IfdEntry {
  tag: number;
  type: number;
  values: number[] | Uint8Array;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function asciiBytes(s: string): Uint8Array {
  // TIFF ASCII is NUL-terminated; UTF-8 goes through unchanged (GDAL reads GDAL_METADATA as UTF-8).
  const enc = new TextEncoder().encode(s);
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  return out;
}

/** The GDAL_METADATA XML of the dataset items (keys sorted) and band descriptions, or null when there are none. */
function metadataXml(opts: GeoTiffOptions): string | null {
  const items: string[] = [];
  const md = opts.metadata ?? {};
  // GDAL escapes item *values* twice (CPLEscapeString, then the XML serialiser) and
  // unescapes twice on reading; names once. Matching that keeps '&', '<' intact in gdalinfo.
  const value = (v: string) => xmlEscape(xmlEscape(v));
  for (const k of Object.keys(md).sort()) items.push(`  <Item name="${xmlEscape(k)}">${value(String(md[k]))}</Item>`);
  (opts.bandDescriptions ?? []).forEach((d, i) => {
    if (d) items.push(`  <Item name="DESCRIPTION" sample="${i}" role="description">${value(d)}</Item>`);
  });
  return items.length ? `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>\n` : null;
}

/** The tags of image `li` (0: full resolution, which also carries georeferencing and metadata). */
function ifdEntries(levels: Level[], li: number, s: ImageSettings, opts: GeoTiffOptions, big: boolean): IfdEntry[] {
  const L = levels[li];
  const B = s.bands;
  const { info, compression, predictor, T, nodata } = s.tile;
  const offType = big ? LONG8 : LONG;
  const rep = (v: number) => new Array<number>(B).fill(v);
  const e: IfdEntry[] = [];
  if (li > 0) e.push({ tag: 254, type: LONG, values: [1] }); // NewSubfileType: reduced-resolution image
  e.push({ tag: 256, type: LONG, values: [L.width] });
  e.push({ tag: 257, type: LONG, values: [L.height] });
  e.push({ tag: 258, type: SHORT, values: rep(info.bytes * 8) });
  e.push({ tag: 259, type: SHORT, values: [COMPRESSION_CODE[compression]] });
  e.push({ tag: 262, type: SHORT, values: [1] }); // MinIsBlack
  e.push({ tag: 277, type: SHORT, values: [B] });
  e.push({ tag: 284, type: SHORT, values: [B > 1 ? 2 : 1] });
  if (predictor !== 1) e.push({ tag: 317, type: SHORT, values: [predictor] });
  e.push({ tag: 322, type: LONG, values: [T] });
  e.push({ tag: 323, type: LONG, values: [T] });
  e.push({ tag: 324, type: offType, values: Array.from(L.offsets) });
  e.push({ tag: 325, type: offType, values: Array.from(L.counts) });
  // Bands beyond the first are "unspecified" extra samples; libtiff warns without this.
  if (B > 1) e.push({ tag: 338, type: SHORT, values: new Array<number>(B - 1).fill(0) });
  e.push({ tag: 339, type: SHORT, values: rep(info.format) });
  if (li === 0) {
    const gt = opts.geoTransform;
    e.push({ tag: 33550, type: DOUBLE, values: [gt[1], -gt[5], 0] });
    e.push({ tag: 33922, type: DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] });
    const geo = isGeographicEpsg(opts.epsg);
    const keys = geo
      ? [
          [1024, 0, 1, 2], // GTModelType: geographic
          [1025, 0, 1, 1], // GTRasterType: PixelIsArea
          [2048, 0, 1, opts.epsg], // GeographicTypeGeoKey
          [2054, 0, 1, 9102], // GeogAngularUnitsGeoKey: degree
        ]
      : [
          [1024, 0, 1, 1], // GTModelType: projected
          [1025, 0, 1, 1],
          [3072, 0, 1, opts.epsg], // ProjectedCSTypeGeoKey
          [3076, 0, 1, 9001], // ProjLinearUnitsGeoKey: metre
        ];
    e.push({ tag: 34735, type: SHORT, values: [1, 1, 0, keys.length, ...keys.flat()] });
    const xml = metadataXml(opts);
    if (xml) e.push({ tag: 42112, type: ASCII, values: asciiBytes(xml) });
  }
  if (nodata !== null) e.push({ tag: 42113, type: ASCII, values: asciiBytes(Number.isNaN(nodata) ? 'nan' : String(nodata)) });
  return e;
}

function entryDataSize(e: IfdEntry): number {
  return e.values.length * TYPE_SIZE[e.type];
}

/** Bytes of an IFD: its entries and, after them, the values too large to fit inline. */
function ifdSize(entries: IfdEntry[], big: boolean): number {
  const inline = big ? 8 : 4;
  let n = big ? 8 + entries.length * 20 + 8 : 2 + entries.length * 12 + 4;
  for (const e of entries) {
    const d = entryDataSize(e);
    if (d > inline) n += d + (d & 1);
  }
  return n;
}

/** The bytes of an IFD placed at file offset `at`, pointing to the next IFD at `next` (0: last). */
function encodeIfd(entries: IfdEntry[], at: number, next: number, big: boolean): Uint8Array {
  const size = ifdSize(entries, big);
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  const inline = big ? 8 : 4;
  const entSize = big ? 20 : 12;
  const head = big ? 8 : 2;
  let dataOff = head + entries.length * entSize + (big ? 8 : 4);
  if (big) dv.setBigUint64(0, BigInt(entries.length), true);
  else dv.setUint16(0, entries.length, true);
  const writeVals = (e: IfdEntry, off: number) => {
    if (e.values instanceof Uint8Array) {
      buf.set(e.values, off);
      return;
    }
    const sz = TYPE_SIZE[e.type];
    e.values.forEach((v, i) => {
      const p = off + i * sz;
      if (e.type === SHORT) dv.setUint16(p, v, true);
      else if (e.type === LONG) dv.setUint32(p, v, true);
      else if (e.type === DOUBLE) dv.setFloat64(p, v, true);
      else if (e.type === LONG8) dv.setBigUint64(p, BigInt(v), true);
    });
  };
  [...entries].sort((a, b) => a.tag - b.tag).forEach((e, i) => {
    const p = head + i * entSize;
    dv.setUint16(p, e.tag, true);
    dv.setUint16(p + 2, e.type, true);
    if (big) dv.setBigUint64(p + 4, BigInt(e.values.length), true);
    else dv.setUint32(p + 4, e.values.length, true);
    const valPos = p + (big ? 12 : 8);
    const d = entryDataSize(e);
    if (d <= inline) {
      writeVals(e, valPos);
    } else {
      if (big) dv.setBigUint64(valPos, BigInt(at + dataOff), true);
      else dv.setUint32(valPos, at + dataOff, true);
      writeVals(e, dataOff);
      dataOff += d + (d & 1);
    }
  });
  const np = head + entries.length * entSize;
  if (big) dv.setBigUint64(np, BigInt(next), true);
  else dv.setUint32(np, next, true);
  return buf;
}

/**
 * Lay out the IFDs of every image after the tiles, which end at `end`: the IFD chunks and
 * the header patched to point at the first one.
 * @returns the chunks and the file size (the file ends where the last IFD ends)
 * @throws RiskAtlasError E_WRITE when a classic TIFF would pass 4 GiB
 */
export function directoryChunks(levels: Level[], s: ImageSettings, opts: GeoTiffOptions, big: boolean, end: number): { chunks: Chunk[]; size: number } {
  const ifds = levels.map((_, li) => ifdEntries(levels, li, s, opts, big));
  const align = big ? 8 : 2;
  let p = Math.ceil(end / align) * align;
  const starts: number[] = [];
  for (const e of ifds) {
    starts.push(p);
    p = Math.ceil((p + ifdSize(e, big)) / align) * align;
  }
  // The file ends where the last IFD ends (no trailing alignment padding).
  const size = starts[starts.length - 1] + ifdSize(ifds[ifds.length - 1], big);
  if (!big && size > CLASSIC_LIMIT) {
    throw new RiskAtlasError('E_WRITE', `GeoTIFF would be ${size} bytes, past the 4 GiB classic TIFF limit; write with bigTiff: true`, { params: { size } });
  }
  const chunks = ifds.map((e, i) => ({ pos: starts[i], bytes: encodeIfd(e, starts[i], i + 1 < starts.length ? starts[i + 1] : 0, big) }));
  chunks.push(tiffHeader(big, starts[0]));
  return { chunks, size };
}
