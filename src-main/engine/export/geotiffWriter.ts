/**
 * RiskAtlas's own GeoTIFF writer.
 *
 * Why not geotiff.js's `writeArrayBuffer`? It only writes uncompressed strips and it silently
 * corrupts signed integers (Int8/Int16/Int32 values come back wrong), and census outputs are
 * county- to province-sized grids that must be compressed, tiled and carry overviews so that
 * QGIS/ArcGIS open them fast. So this module writes tiled, DEFLATE-compressed (TIFF
 * compression 8, zlib stream via libdeflate — see ../codecs/deflate), optionally predicted GeoTIFFs itself, with
 * GDAL_NODATA / GDAL_METADATA tags and reduced-resolution overview IFDs, switching to BigTIFF
 * when the data could pass 4 GiB. GDAL is not needed to write (tests use it as a reference).
 *
 * Design: one internal {@link TiffAssembler} does all the work (tile encoding, overview
 * reduction, IFD layout) and only hands back "write these bytes at this offset" chunks. The
 * streaming {@link GeoTiffTileWriter} sends them to a file; {@link encodeGeoTiff} copies them
 * into a memory buffer. Both therefore share one code path and produce identical bytes.
 * {@link encodeTileBytes} is the tile encoding alone, so that worker threads can encode tiles
 * and hand the bytes to {@link GeoTiffTileWriter.writeEncodedTile}.
 *
 * Determinism: same input → byte-identical output. No timestamps, no software tag, metadata
 * keys sorted, Deflate at a fixed level with a pinned libdeflate version.
 *
 * Byte order: files are little-endian ("II"); typed-array bytes are copied as they are, so
 * the host must be little-endian (every platform Node/Electron ships on is).
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { RiskAtlasError } from '../../../src-shared/errors';
import { zlibCompress } from '../codecs/deflate';
import { encodeLzw } from '../codecs/lzw';
import { predictFloat, predictHorizontal } from '../codecs/predictor';
import type { DType, GeoTransform, PixelArray } from '../../../src-shared/layer';

/** Options describing the GeoTIFF to write. */
export interface GeoTiffOptions {
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Number of bands (default 1). Multi-band files use PlanarConfiguration=2 (one plane per band). */
  bands?: number;
  /** Sample type of every band. */
  dtype: DType;
  /**
   * Nodata value written as GDAL_NODATA (NaN is written as "nan"). Also used to pad edge tiles,
   * fill tiles never written, and ignored when computing overviews. Null/undefined: no nodata
   * (padding is 0, or NaN for floats).
   */
  nodata?: number | null;
  /** EPSG code of the CRS, e.g. 4490 (CGCS2000 geographic) or 4546 (CGCS2000 / 3-degree GK CM 111E). */
  epsg: number;
  /** GDAL geotransform (outer corner of the top-left pixel). North-up only: gt[2] = gt[4] = 0, gt[1] > 0, gt[5] < 0. */
  geoTransform: GeoTransform;
  /** Tile edge in pixels (default 256, multiple of 16). */
  tileSize?: number;
  /**
   * 'deflate' (default; zlib stream, libdeflate level 6), 'lzw' (TIFF LZW, as ArcGIS and many census deliveries
   * use; decoded by every TIFF reader) or 'none'.
   */
  compression?: 'deflate' | 'lzw' | 'none';
  /** Use TIFF predictor (2 for integers, 3 for floats). Default true; only applies with deflate or lzw. */
  predictor?: boolean;
  /** Dataset metadata written as GDAL_METADATA (tag 42112), shown by gdalinfo. Keys are written sorted. */
  metadata?: Record<string, string>;
  /** One description per band (GDAL band description, shown by gdalinfo and QGIS). */
  bandDescriptions?: string[];
  /**
   * Overview decimation factors, e.g. [2, 4, 8]. Each must divide `tileSize` (so that every
   * overview pixel comes from a single full-resolution tile). Written as reduced-resolution
   * IFDs (NewSubfileType=1).
   */
  overviews?: number[];
  /** How overview pixels are computed: default 'average' for floats, 'mode' for integers (classes stay classes). Both ignore nodata/NaN. */
  overviewResampling?: 'average' | 'mode';
  /** true: always BigTIFF; false: never (fail with E_WRITE past 4 GiB); 'auto' (default): BigTIFF when the uncompressed data exceeds 3.5 GiB. */
  bigTiff?: boolean | 'auto';
}

/**
 * Deflate level 6: the size/speed balance GDAL also defaults to (libdeflate's 6 is about as
 * small as zlib's 6, at twice the speed). Fixed, for identical bytes.
 */
const DEFLATE_LEVEL = 6;

/**
 * Encoded tiles a {@link GeoTiffTileWriter} lets wait for the disk: enough that the file
 * writes (libuv's pool) overlap the caller computing and encoding the next tiles, few enough
 * that memory stays a few megabytes.
 */
const TILES_IN_FLIGHT = 8;

/** TIFF Compression tag values. */
const COMPRESSION_CODE = { none: 1, lzw: 5, deflate: 8 } as const;

type TypedCtor = new (n: number) => PixelArray;

interface DTypeInfo {
  bytes: number;
  /** TIFF SampleFormat: 1 unsigned int, 2 signed int, 3 IEEE float. */
  format: 1 | 2 | 3;
  ctor: TypedCtor;
  min: number;
  max: number;
}

const DTYPES: Record<DType, DTypeInfo> = {
  int8: { bytes: 1, format: 2, ctor: Int8Array, min: -128, max: 127 },
  uint8: { bytes: 1, format: 1, ctor: Uint8Array, min: 0, max: 255 },
  int16: { bytes: 2, format: 2, ctor: Int16Array, min: -32768, max: 32767 },
  uint16: { bytes: 2, format: 1, ctor: Uint16Array, min: 0, max: 65535 },
  int32: { bytes: 4, format: 2, ctor: Int32Array, min: -2147483648, max: 2147483647 },
  uint32: { bytes: 4, format: 1, ctor: Uint32Array, min: 0, max: 4294967295 },
  float32: { bytes: 4, format: 3, ctor: Float32Array, min: -Infinity, max: Infinity },
  float64: { bytes: 8, format: 3, ctor: Float64Array, min: -Infinity, max: Infinity },
};

/**
 * Geographic (lat/lon, degrees) EPSG codes RiskAtlas meets. Everything else is written as a
 * projected CRS in metres (CGCS2000 Gauss-Kruger 4491–4554, Web Mercator 3857, UTM …).
 */
const GEOGRAPHIC_EPSG = new Set([4490, 4326, 4214, 4610, 4269, 4258, 4283, 4167, 4612, 4230, 4322, 4674]);

/** True when `epsg` is a geographic (degree) CRS such as 4490 CGCS2000 or 4326 WGS 84. */
export function isGeographicEpsg(epsg: number): boolean {
  return GEOGRAPHIC_EPSG.has(epsg);
}

const BIGTIFF_THRESHOLD = 3.5 * 1024 ** 3;
const CLASSIC_LIMIT = 2 ** 32 - 1;

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

/** A piece of the output: `bytes` belong at file offset `pos`. */
interface Chunk {
  pos: number;
  bytes: Uint8Array;
}

interface Level {
  factor: number;
  width: number;
  height: number;
  ntx: number;
  nty: number;
  offsets: Float64Array;
  counts: Float64Array;
}

interface OvBuffer {
  data: PixelArray;
  remaining: number;
}

function argError(message: string, params?: Record<string, string | number>): RiskAtlasError {
  return new RiskAtlasError('E_ARG_INVALID', message, params ? { params } : {});
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

/**
 * Convert `data` to the typed array of `dtype` when it is of another type. Floats convert
 * exactly/rounded; for integer targets values are rounded and clamped to the type's range and
 * NaN becomes `fill` — rather than the silent modulo wrap of a typed-array copy.
 */
function coerce(data: PixelArray, info: DTypeInfo, fill: number): PixelArray {
  if (data instanceof info.ctor) return data;
  const out = new info.ctor(data.length);
  if (info.format === 3) {
    for (let i = 0; i < data.length; i++) out[i] = data[i];
  } else {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      out[i] = Number.isNaN(v) ? fill : Math.min(info.max, Math.max(info.min, Math.round(v)));
    }
  }
  return out;
}

/**
 * The options that decide how one full-resolution tile is encoded (a subset of
 * {@link GeoTiffOptions}; a whole GeoTiffOptions object may be passed).
 */
export type TileEncodingOptions = Pick<GeoTiffOptions, 'dtype' | 'nodata' | 'tileSize' | 'compression' | 'predictor'>;

/** Everything needed to encode a tile, resolved and checked once. */
interface TileCodec {
  T: number;
  info: DTypeInfo;
  nodata: number | null;
  /** Nodata as stored in the dtype (e.g. Math.fround for float32), for comparisons. */
  ndCast: number | null;
  /** Value used for padding, missing tiles and NaN in integer tiles, already cast to the dtype. */
  fill: number;
  compression: 'deflate' | 'lzw' | 'none';
  predictor: 1 | 2 | 3;
}

function tileCodec(opts: TileEncodingOptions): TileCodec {
  const T = opts.tileSize ?? 256;
  if (!Number.isInteger(T) || T < 16 || T % 16 !== 0) throw argError(`tileSize must be a positive multiple of 16, got ${T}`);
  const info = DTYPES[opts.dtype];
  if (!info) throw argError(`unsupported dtype ${String(opts.dtype)}`);
  const nodata = opts.nodata ?? null;
  if (nodata !== null && info.format !== 3) {
    if (!Number.isInteger(nodata) || nodata < info.min || nodata > info.max) throw argError(`nodata ${nodata} is not a valid ${opts.dtype} value`);
  }
  const ndCast = nodata === null ? null : opts.dtype === 'float32' ? Math.fround(nodata) : nodata;
  const compression = opts.compression ?? 'deflate';
  if (!['deflate', 'lzw', 'none'].includes(compression)) throw argError(`unsupported compression ${String(opts.compression)}`);
  return {
    T,
    info,
    nodata,
    ndCast,
    fill: ndCast !== null ? ndCast : info.format === 3 ? NaN : 0,
    compression,
    predictor: compression !== 'none' && (opts.predictor ?? true) ? (info.format === 3 ? 3 : 2) : 1,
  };
}

/**
 * The tile's bytes with the predictor applied, in a buffer of their own — except predictor 1
 * (none), which returns a view of `tile`'s bytes.
 */
function predictWith(c: TileCodec, tile: PixelArray): Uint8Array {
  if (c.predictor === 2) return predictHorizontal(tile, c.T, c.info.bytes);
  if (c.predictor === 3) return predictFloat(tile, c.T, c.info.bytes);
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

/** Predictor + compression of one tile already in the dtype; never a view of `tile`. */
function encodeWith(c: TileCodec, tile: PixelArray): Uint8Array {
  const raw = predictWith(c, tile);
  if (c.compression === 'deflate') return zlibCompress(raw, DEFLATE_LEVEL);
  if (c.compression === 'lzw') return encodeLzw(raw);
  return c.predictor === 1 ? raw.slice() : raw;
}

function checkTileLength(c: TileCodec, data: PixelArray): void {
  if (data.length !== c.T * c.T) throw argError(`tile must hold tileSize*tileSize = ${c.T * c.T} values, got ${data.length}`);
}

/**
 * Encode ONE full-resolution tile exactly as {@link GeoTiffTileWriter.writeTile} (and
 * {@link encodeGeoTiff}) would store it: converted to `opts.dtype` (integers rounded and
 * clamped, NaN → nodata), the predictor applied (2 for integers, 3 for floats, when
 * `opts.predictor` is not false and there is compression), then compressed (Deflate in zlib
 * format at libdeflate level 6, TIFF LZW, or none). Pure and synchronous, so a worker thread
 * can encode tiles and pass the bytes to {@link GeoTiffTileWriter.writeEncodedTile}.
 *
 * @param opts the dtype, nodata, tileSize (pixels, default 256), compression and predictor
 *   of the file — pass the writer's own {@link GeoTiffOptions}.
 * @param data tileSize×tileSize values row-major; the part outside the image padded with
 *   nodata like {@link GeoTiffTileWriter.writeTile}'s. Not modified.
 * @returns the stored bytes of the tile, in a buffer of their own.
 * @throws RiskAtlasError E_ARG_INVALID for bad options or a tile of the wrong length.
 */
export function encodeTileBytes(opts: TileEncodingOptions, data: PixelArray): Uint8Array {
  const c = tileCodec(opts);
  checkTileLength(c, data);
  return encodeWith(c, coerce(data, c.info, c.fill));
}

/**
 * The first half of {@link encodeTileBytes}: the tile converted to `opts.dtype` with the
 * predictor applied, uncompressed (for benchmarks and tests). With no predictor in effect, a
 * copy of the tile's bytes.
 * @throws RiskAtlasError E_ARG_INVALID for bad options or a tile of the wrong length.
 */
export function predictTileBytes(opts: TileEncodingOptions, data: PixelArray): Uint8Array {
  const c = tileCodec(opts);
  checkTileLength(c, data);
  const tile = coerce(data, c.info, c.fill);
  const raw = predictWith(c, tile);
  return c.predictor === 1 && tile === data ? raw.slice() : raw;
}

/** Byte-wise equality (memcmp). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/** Encodes tiles and lays out the TIFF; knows nothing about files. */
class TiffAssembler {
  readonly W: number;
  readonly H: number;
  readonly B: number;
  readonly T: number;
  readonly info: DTypeInfo;
  readonly nodata: number | null;
  /** Value used for padding and missing tiles, already cast to the dtype. */
  readonly fill: number;
  /** Nodata as stored in the dtype (e.g. Math.fround for float32), for comparisons. */
  private readonly ndCast: number | null;
  readonly compression: 'deflate' | 'lzw' | 'none';
  readonly predictor: 1 | 2 | 3;
  readonly big: boolean;
  readonly resampling: 'average' | 'mode';
  readonly levels: Level[];
  private readonly codec: TileCodec;
  private readonly written: Uint8Array;
  private readonly ovBuffers: Map<number, OvBuffer>[];
  private pos: number;
  /** The encoding of an all-fill tile (made on first use) and where its one stored copy is (-1: none yet). */
  private fillBytes: Uint8Array | null = null;
  private fillPos = -1;
  private scratch: Float64Array;
  private finished = false;

  constructor(private readonly opts: GeoTiffOptions) {
    const { width, height } = opts;
    const bands = opts.bands ?? 1;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw argError(`invalid raster size ${width}x${height}`, { width, height });
    if (!Number.isInteger(bands) || bands < 1 || bands > 65535) throw argError(`invalid band count ${bands}`);
    const codec = tileCodec(opts);
    const { T, info } = codec;
    if (!Number.isInteger(opts.epsg) || opts.epsg < 1 || opts.epsg > 65535) throw argError(`invalid EPSG code ${opts.epsg}`);
    const gt = opts.geoTransform;
    if (!Array.isArray(gt) || gt.length !== 6 || gt.some((v) => !Number.isFinite(v))) throw argError('geoTransform must be 6 finite numbers');
    if (gt[2] !== 0 || gt[4] !== 0 || !(gt[1] > 0) || !(gt[5] < 0)) throw argError('only north-up geotransforms can be written (gt[2]=gt[4]=0, gt[1]>0, gt[5]<0)');
    if (opts.bandDescriptions && opts.bandDescriptions.length > bands) throw argError('more band descriptions than bands');
    this.W = width;
    this.H = height;
    this.B = bands;
    this.codec = codec;
    this.T = T;
    this.info = info;
    this.nodata = codec.nodata;
    this.ndCast = codec.ndCast;
    this.fill = codec.fill;
    this.compression = codec.compression;
    this.predictor = codec.predictor;
    this.resampling = opts.overviewResampling ?? (info.format === 3 ? 'average' : 'mode');

    const factors = [...new Set(opts.overviews ?? [])].sort((a, b) => a - b);
    for (const f of factors) {
      if (!Number.isInteger(f) || f < 2 || T % f !== 0) throw argError(`overview factor ${f} must be an integer >= 2 dividing tileSize ${T}`);
    }
    const mkLevel = (factor: number): Level => {
      const w = Math.ceil(width / factor);
      const h = Math.ceil(height / factor);
      const ntx = Math.ceil(w / T);
      const nty = Math.ceil(h / T);
      return { factor, width: w, height: h, ntx, nty, offsets: new Float64Array(ntx * nty * bands), counts: new Float64Array(ntx * nty * bands) };
    };
    this.levels = [mkLevel(1), ...factors.map(mkLevel)];
    this.written = new Uint8Array(this.levels[0].ntx * this.levels[0].nty * bands);
    this.ovBuffers = this.levels.map(() => new Map());
    this.scratch = new Float64Array(factors.length ? factors[factors.length - 1] ** 2 : 0);

    // Uncompressed estimate: compressed tiles are at most a little larger than raw (deflate
    // stored blocks), so 3.5 GiB leaves room for the worst case below the 4 GiB offset limit.
    let raw = 0;
    for (const l of this.levels) raw += l.ntx * l.nty * T * T * bands * info.bytes;
    // LZW's worst case is 12 bits per byte.
    if (this.compression === 'lzw') raw *= 1.5;
    const bt = opts.bigTiff ?? 'auto';
    this.big = bt === 'auto' ? raw > BIGTIFF_THRESHOLD : bt;
    this.pos = this.big ? 16 : 8;
  }

  /** The header; `firstIfd` 0 is a placeholder patched by {@link finish}. */
  header(firstIfd: number): Chunk {
    const b = new Uint8Array(this.big ? 16 : 8);
    const dv = new DataView(b.buffer);
    b[0] = 0x49;
    b[1] = 0x49;
    if (this.big) {
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

  /** Accept one full-resolution tile; returns the chunks to write (the tile and any overview tiles it completed). */
  addTile(tx: number, ty: number, data: PixelArray, band = 0): Chunk[] {
    checkTileLength(this.codec, data);
    this.claimTile(tx, ty, band);
    // Encoding and the overview reduction both finish before this returns, and neither
    // modifies the tile or keeps a view of it: the caller may reuse `data` at once.
    const tile = coerce(data, this.info, this.fill);
    return this.placeTile(tx, ty, band, tile, this.encodeTile(tile));
  }

  /**
   * Accept one full-resolution tile already encoded by {@link encodeTileBytes} with this
   * file's options. Only without overviews: their pixels come from the raw tile.
   */
  addEncodedTile(tx: number, ty: number, bytes: Uint8Array, band = 0): Chunk[] {
    if (this.levels.length > 1) throw argError('pre-encoded tiles can only be written to a file without overviews (overview pixels are computed from the raw tiles)');
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw argError('an encoded tile must be a non-empty Uint8Array');
    const raw = this.T * this.T * this.info.bytes;
    if (this.compression === 'none' && bytes.length !== raw) throw argError(`an uncompressed tile holds ${raw} bytes, got ${bytes.length}`);
    this.claimTile(tx, ty, band);
    return this.placeTile(tx, ty, band, null, bytes);
  }

  /** Check a full-resolution tile's place and mark it written. */
  private claimTile(tx: number, ty: number, band: number): void {
    if (this.finished) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer already finished');
    const L0 = this.levels[0];
    if (!Number.isInteger(tx) || !Number.isInteger(ty) || tx < 0 || ty < 0 || tx >= L0.ntx || ty >= L0.nty) throw argError(`tile (${tx}, ${ty}) outside the ${L0.ntx}x${L0.nty} tile grid`);
    if (!Number.isInteger(band) || band < 0 || band >= this.B) throw argError(`band ${band} outside 0..${this.B - 1}`);
    const idx = band * L0.ntx * L0.nty + ty * L0.ntx + tx;
    if (this.written[idx]) throw argError(`tile (${tx}, ${ty}) band ${band} written twice`);
    this.written[idx] = 1;
  }

  /**
   * Reserve the place of an encoded full-resolution tile at the end of the file and fold the
   * raw tile (null for pre-encoded tiles: no overviews) into the overviews.
   */
  private placeTile(tx: number, ty: number, band: number, tile: PixelArray | null, bytes: Uint8Array): Chunk[] {
    const chunks: Chunk[] = [];
    const c = this.emit(0, tx, ty, band, bytes);
    if (c) chunks.push(c);
    for (let li = 1; li < this.levels.length; li++) {
      const oc = this.reduce(li, tx, ty, band, tile!);
      if (oc) chunks.push(oc);
    }
    return chunks;
  }

  private fillTile(): PixelArray {
    const t = new this.info.ctor(this.T * this.T);
    t.fill(this.fill);
    return t;
  }

  /** Reserve the place of an encoded tile of level `li` at the end of the file. */
  private emit(li: number, tx: number, ty: number, band: number, bytes: Uint8Array): Chunk | null {
    const L = this.levels[li];
    const k = band * L.ntx * L.nty + ty * L.ntx + tx;
    // Tiles that are entirely padding (outside a county boundary, say) are common; they all
    // point to one stored copy, which GDAL and geotiff.js read fine. They are recognised by
    // their bytes (encoding is lossless and deterministic), so pre-encoded tiles are too.
    this.fillBytes ??= this.encodeTile(this.fillTile());
    const isFill = sameBytes(bytes, this.fillBytes);
    if (isFill && this.fillPos >= 0) {
      L.offsets[k] = this.fillPos;
      L.counts[k] = bytes.length;
      return null;
    }
    const at = this.pos;
    this.pos += bytes.length;
    L.offsets[k] = at;
    L.counts[k] = bytes.length;
    if (isFill) this.fillPos = at;
    return { pos: at, bytes };
  }

  /** Predictor + compression of one tile (a new buffer: `tile` is never modified or shared). */
  encodeTile(tile: PixelArray): Uint8Array {
    return encodeWith(this.codec, tile);
  }

  private isValid(v: number): boolean {
    return !Number.isNaN(v) && v !== this.ndCast;
  }

  /**
   * Reduce a full-resolution tile into overview level `li`. Because the factor divides the
   * tile size, each overview pixel's block lies in this one tile; only real image pixels
   * (not edge padding) count. Returns the overview tile's chunk once all its source tiles
   * have arrived, and frees its buffer.
   */
  private reduce(li: number, tx: number, ty: number, band: number, tile: PixelArray): Chunk | null {
    const L = this.levels[li];
    const f = L.factor;
    const T = this.T;
    const otx = Math.floor(tx / f);
    const oty = Math.floor(ty / f);
    const key = band * L.ntx * L.nty + oty * L.ntx + otx;
    const bufs = this.ovBuffers[li];
    let ob = bufs.get(key);
    if (!ob) {
      const ntx0 = this.levels[0].ntx;
      const nty0 = this.levels[0].nty;
      const sx = Math.min(ntx0, (otx + 1) * f) - otx * f;
      const sy = Math.min(nty0, (oty + 1) * f) - oty * f;
      ob = { data: this.fillTile(), remaining: sx * sy };
      bufs.set(key, ob);
    }
    const vw = Math.min(T, this.W - tx * T);
    const vh = Math.min(T, this.H - ty * T);
    const step = T / f;
    const dx0 = (tx % f) * step;
    const dy0 = (ty % f) * step;
    const out = ob.data;
    const s = this.scratch;
    const ow = Math.ceil(vw / f);
    const oh = Math.ceil(vh / f);
    for (let oy = 0; oy < oh; oy++) {
      const r0 = oy * f;
      const r1 = Math.min(r0 + f, vh);
      for (let ox = 0; ox < ow; ox++) {
        const c0 = ox * f;
        const c1 = Math.min(c0 + f, vw);
        let n = 0;
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const v = tile[r * T + c];
            if (this.isValid(v)) s[n++] = v;
          }
        }
        let val = this.fill;
        if (n > 0) {
          if (this.resampling === 'average') {
            let sum = 0;
            for (let i = 0; i < n; i++) sum += s[i];
            val = sum / n;
            if (this.info.format !== 3) val = Math.round(val);
          } else {
            // Mode; ties go to the smallest value so the result is deterministic.
            const v = s.subarray(0, n).sort();
            let best = v[0];
            let bestN = 0;
            let i = 0;
            while (i < n) {
              let j = i;
              while (j < n && v[j] === v[i]) j++;
              if (j - i > bestN) {
                bestN = j - i;
                best = v[i];
              }
              i = j;
            }
            val = best;
          }
        }
        out[(dy0 + oy) * T + dx0 + ox] = val;
      }
    }
    ob.remaining--;
    if (ob.remaining > 0) return null;
    bufs.delete(key);
    return this.emit(li, otx, oty, band, this.encodeTile(out));
  }

  /** Fill tiles never written, flush overviews, lay out the IFDs; returns the remaining chunks including the patched header. */
  finish(): { chunks: Chunk[]; size: number } {
    if (this.finished) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer already finished');
    const chunks: Chunk[] = [];
    const L0 = this.levels[0];
    // Tiles never written hold nodata: a caller that skips empty tiles still gets a valid file.
    for (let b = 0; b < this.B; b++) {
      for (let ty = 0; ty < L0.nty; ty++) {
        for (let tx = 0; tx < L0.ntx; tx++) {
          if (!this.written[b * L0.ntx * L0.nty + ty * L0.ntx + tx]) chunks.push(...this.addTile(tx, ty, this.fillTile(), b));
        }
      }
    }
    this.finished = true;
    for (let li = 1; li < this.levels.length; li++) {
      if (this.ovBuffers[li].size) throw new RiskAtlasError('E_INTERNAL', 'overview tiles left unflushed');
    }
    const ifds = this.levels.map((_, li) => this.ifdEntries(li));
    const align = this.big ? 8 : 2;
    let p = Math.ceil(this.pos / align) * align;
    const starts: number[] = [];
    for (const e of ifds) {
      starts.push(p);
      p = Math.ceil((p + this.ifdSize(e)) / align) * align;
    }
    // The file ends where the last IFD ends (no trailing alignment padding).
    const size = starts[starts.length - 1] + this.ifdSize(ifds[ifds.length - 1]);
    if (!this.big && size > CLASSIC_LIMIT) {
      throw new RiskAtlasError('E_WRITE', `GeoTIFF would be ${size} bytes, past the 4 GiB classic TIFF limit; write with bigTiff: true`, { params: { size } });
    }
    ifds.forEach((e, i) => chunks.push({ pos: starts[i], bytes: this.encodeIfd(e, starts[i], i + 1 < starts.length ? starts[i + 1] : 0) }));
    chunks.push(this.header(starts[0]));
    this.pos = size;
    return { chunks, size };
  }

  private ifdEntries(li: number): IfdEntry[] {
    const L = this.levels[li];
    const B = this.B;
    const o = this.opts;
    const offType = this.big ? LONG8 : LONG;
    const rep = (v: number) => new Array<number>(B).fill(v);
    const e: IfdEntry[] = [];
    if (li > 0) e.push({ tag: 254, type: LONG, values: [1] }); // NewSubfileType: reduced-resolution image
    e.push({ tag: 256, type: LONG, values: [L.width] });
    e.push({ tag: 257, type: LONG, values: [L.height] });
    e.push({ tag: 258, type: SHORT, values: rep(this.info.bytes * 8) });
    e.push({ tag: 259, type: SHORT, values: [COMPRESSION_CODE[this.compression]] });
    e.push({ tag: 262, type: SHORT, values: [1] }); // MinIsBlack
    e.push({ tag: 277, type: SHORT, values: [B] });
    e.push({ tag: 284, type: SHORT, values: [B > 1 ? 2 : 1] });
    if (this.predictor !== 1) e.push({ tag: 317, type: SHORT, values: [this.predictor] });
    e.push({ tag: 322, type: LONG, values: [this.T] });
    e.push({ tag: 323, type: LONG, values: [this.T] });
    e.push({ tag: 324, type: offType, values: Array.from(L.offsets) });
    e.push({ tag: 325, type: offType, values: Array.from(L.counts) });
    // Bands beyond the first are "unspecified" extra samples; libtiff warns without this.
    if (B > 1) e.push({ tag: 338, type: SHORT, values: new Array<number>(B - 1).fill(0) });
    e.push({ tag: 339, type: SHORT, values: rep(this.info.format) });
    if (li === 0) {
      const gt = o.geoTransform;
      e.push({ tag: 33550, type: DOUBLE, values: [gt[1], -gt[5], 0] });
      e.push({ tag: 33922, type: DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] });
      const geo = isGeographicEpsg(o.epsg);
      const keys = geo
        ? [
            [1024, 0, 1, 2], // GTModelType: geographic
            [1025, 0, 1, 1], // GTRasterType: PixelIsArea
            [2048, 0, 1, o.epsg], // GeographicTypeGeoKey
            [2054, 0, 1, 9102], // GeogAngularUnitsGeoKey: degree
          ]
        : [
            [1024, 0, 1, 1], // GTModelType: projected
            [1025, 0, 1, 1],
            [3072, 0, 1, o.epsg], // ProjectedCSTypeGeoKey
            [3076, 0, 1, 9001], // ProjLinearUnitsGeoKey: metre
          ];
      e.push({ tag: 34735, type: SHORT, values: [1, 1, 0, keys.length, ...keys.flat()] });
      const xml = this.metadataXml();
      if (xml) e.push({ tag: 42112, type: ASCII, values: asciiBytes(xml) });
    }
    if (this.nodata !== null) e.push({ tag: 42113, type: ASCII, values: asciiBytes(Number.isNaN(this.nodata) ? 'nan' : String(this.nodata)) });
    return e;
  }

  private metadataXml(): string | null {
    const items: string[] = [];
    const md = this.opts.metadata ?? {};
    // GDAL escapes item *values* twice (CPLEscapeString, then the XML serialiser) and
    // unescapes twice on reading; names once. Matching that keeps '&', '<' intact in gdalinfo.
    const value = (v: string) => xmlEscape(xmlEscape(v));
    for (const k of Object.keys(md).sort()) items.push(`  <Item name="${xmlEscape(k)}">${value(String(md[k]))}</Item>`);
    (this.opts.bandDescriptions ?? []).forEach((d, i) => {
      if (d) items.push(`  <Item name="DESCRIPTION" sample="${i}" role="description">${value(d)}</Item>`);
    });
    return items.length ? `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>\n` : null;
  }

  private entryDataSize(e: IfdEntry): number {
    return e.values.length * TYPE_SIZE[e.type];
  }

  private ifdSize(entries: IfdEntry[]): number {
    const inline = this.big ? 8 : 4;
    let n = this.big ? 8 + entries.length * 20 + 8 : 2 + entries.length * 12 + 4;
    for (const e of entries) {
      const d = this.entryDataSize(e);
      if (d > inline) n += d + (d & 1);
    }
    return n;
  }

  private encodeIfd(entries: IfdEntry[], at: number, next: number): Uint8Array {
    const big = this.big;
    const size = this.ifdSize(entries);
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
      const d = this.entryDataSize(e);
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
}

let tmpCounter = 0;

/**
 * Streaming tiled GeoTIFF writer. Tiles are encoded and appended to a temporary sibling
 * file as they arrive (any order), so memory holds one tile plus, when overviews are asked
 * for, the overview tiles still waiting for source tiles: with tiles sent in row order that
 * is about one row of overview tiles per level; in the worst (random) order it is the whole
 * overview pyramid, ≈ width·height·bands·bytesPerSample·(1/f₁² + 1/f₂² + …) (1/3 of the image
 * for [2,4,8,…]). IFDs go at the end, the header's first-IFD offset is patched, the file is
 * fsynced and renamed onto `path`, so a crash never leaves a half-written file at `path`.
 */
export class GeoTiffTileWriter {
  private pending = new Set<Promise<unknown>>();
  private failure: unknown = null;
  private closed = false;
  /** The last queued tile write; each new one chains onto it, so writes happen in call order. */
  private placed: Promise<void> = Promise.resolve();
  /** Queued writes not yet awaited by writeTile (at most TILES_IN_FLIGHT). */
  private inFlight: Promise<void>[] = [];

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
    /** @internal shared with {@link writeGeoTiff}. */
    readonly core: TiffAssembler,
  ) {}

  /**
   * Open a writer for `path` (written first to `path.tmp-<pid>-<n>`).
   * @throws RiskAtlasError E_ARG_INVALID for bad options, E_WRITE when the file cannot be created.
   */
  static async create(path: string, opts: GeoTiffOptions): Promise<GeoTiffTileWriter> {
    const core = new TiffAssembler(opts);
    const tmp = `${path}.tmp-${process.pid}-${tmpCounter++}`;
    let fh: FileHandle;
    try {
      fh = await open(tmp, 'w');
    } catch (err) {
      throw new RiskAtlasError('E_WRITE', `cannot create ${tmp}: ${(err as Error).message}`, { file: path, cause: err });
    }
    const w = new GeoTiffTileWriter(path, tmp, fh, core);
    await w.put([core.header(0)]);
    return w;
  }

  /** Tile grid size of the full-resolution image: [tiles across, tiles down]. */
  get tiles(): [number, number] {
    return [this.core.levels[0].ntx, this.core.levels[0].nty];
  }

  private async put(chunks: Chunk[]): Promise<void> {
    for (const c of chunks) {
      const p = this.fh.write(c.bytes, 0, c.bytes.length, c.pos);
      this.pending.add(p);
      try {
        await p;
      } catch (err) {
        this.failure ??= err;
        throw new RiskAtlasError('E_WRITE', `write failed: ${(err as Error).message}`, { file: this.path, cause: err });
      } finally {
        this.pending.delete(p);
      }
    }
  }

  /**
   * Write one tile of one band. `data` holds tileSize×tileSize values row-major; edge tiles
   * are full size, the part outside the image padded (with nodata, by convention). Data of
   * another typed-array type is converted (integers rounded and clamped). Each tile once.
   *
   * The tile is encoded (predictor, Deflate) in this thread before the call returns its
   * promise — libdeflate is WASM, it runs on the calling thread; encode in worker threads
   * with {@link encodeTileBytes} + {@link writeEncodedTile} to use more cores. The file
   * write is queued: the promise resolves once at most TILES_IN_FLIGHT (8) encoded tiles
   * wait for the disk, and `data` may be reused at once. Tiles are placed in the file in the
   * order of the calls (calls may overlap), which keeps the bytes deterministic and equal to
   * {@link encodeGeoTiff}'s. A failure of an earlier tile's write is thrown by a later call
   * or by {@link finish}.
   */
  async writeTile(tileX: number, tileY: number, data: PixelArray, band = 0): Promise<void> {
    this.checkOpen();
    this.enqueue(this.core.addTile(tileX, tileY, data, band));
    await this.drain();
  }

  /**
   * Write one full-resolution tile of one band already encoded by {@link encodeTileBytes}
   * with this writer's options (same dtype, nodata, tileSize, compression and predictor) —
   * the file is then byte-identical to one written through {@link writeTile} with the raw
   * tile. The bytes are copied, so the caller may reuse them. Each tile once, any order;
   * tiles never written are filled with nodata by {@link finish}, as with writeTile.
   * @throws RiskAtlasError E_ARG_INVALID when the writer makes overviews (their pixels are
   *   computed from raw tiles), for a tile outside the grid or written twice, or for bytes
   *   that cannot be an encoded tile (empty; wrong length when uncompressed).
   */
  async writeEncodedTile(tileX: number, tileY: number, bytes: Uint8Array, band = 0): Promise<void> {
    this.checkOpen();
    if (bytes instanceof Uint8Array) bytes = bytes.slice();
    this.enqueue(this.core.addEncodedTile(tileX, tileY, bytes, band));
    await this.drain();
  }

  private checkOpen(): void {
    if (this.closed) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer is closed', { file: this.path });
    this.throwFailure();
  }

  /** Queue `chunks` for writing after everything queued before (file writes stay in call order). */
  private enqueue(chunks: Chunk[]): void {
    if (!chunks.length) return;
    const step = this.placed.then(async () => {
      if (this.failure) return;
      try {
        await this.put(chunks);
      } catch (err) {
        this.failure ??= err;
      }
    });
    this.placed = step;
    this.inFlight.push(step);
  }

  /** Wait while more than TILES_IN_FLIGHT writes are queued; rethrow an earlier write's failure. */
  private async drain(): Promise<void> {
    while (this.inFlight.length >= TILES_IN_FLIGHT) await this.inFlight.shift();
    this.throwFailure();
  }

  private throwFailure(): void {
    const f = this.failure;
    if (!f) return;
    throw f instanceof RiskAtlasError ? f : new RiskAtlasError('E_WRITE', `cannot write ${this.path}: ${(f as Error).message}`, { file: this.path, cause: f });
  }

  /** Write remaining tiles (as nodata), overviews and IFDs, fsync, rename onto `path`. On failure the temporary file is removed. */
  async finish(): Promise<void> {
    if (this.closed) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer is closed', { file: this.path });
    try {
      await this.placed;
      this.inFlight = [];
      await Promise.allSettled([...this.pending]);
      if (this.failure) throw this.failure;
      const { chunks } = this.core.finish();
      await this.put(chunks);
      await this.fh.sync();
      this.closed = true;
      await this.fh.close();
      await rename(this.tmp, this.path);
    } catch (err) {
      await this.abort();
      if (err instanceof RiskAtlasError) throw err;
      throw new RiskAtlasError('E_WRITE', `cannot write ${this.path}: ${(err as Error).message}`, { file: this.path, cause: err });
    }
  }

  /** Give up: close and delete the temporary file. `path` is left untouched. Safe to call twice. */
  async abort(): Promise<void> {
    await this.placed;
    await Promise.allSettled([...this.pending]);
    if (!this.closed) {
      this.closed = true;
      await this.fh.close().catch(() => undefined);
    }
    await rm(this.tmp, { force: true });
  }
}

function normaliseBands(data: PixelArray | PixelArray[], opts: GeoTiffOptions): PixelArray[] {
  const arr = Array.isArray(data) ? data : [data];
  const bands = opts.bands ?? arr.length;
  if (arr.length !== bands) throw argError(`expected ${bands} band arrays, got ${arr.length}`);
  for (const a of arr) {
    if (a.length !== opts.width * opts.height) throw argError(`band array holds ${a.length} values, expected width*height = ${opts.width * opts.height}`);
  }
  return arr;
}

/** Cut tile (tx, ty) out of a row-major band already in the target type, padding outside the image with `fill`. */
function cutTile(src: PixelArray, W: number, H: number, T: number, tx: number, ty: number, fill: number): PixelArray {
  const t = new (src.constructor as TypedCtor)(T * T);
  const x0 = tx * T;
  const y0 = ty * T;
  const w = Math.min(T, W - x0);
  const h = Math.min(T, H - y0);
  if (w < T || h < T) t.fill(fill);
  for (let r = 0; r < h; r++) {
    const s = (y0 + r) * W + x0;
    (t as Float64Array).set((src as Float64Array).subarray(s, s + w), r * T);
  }
  return t;
}

/** Tiles in band / row / column order (row order keeps overview buffers small). */
function* tilesOf(bands: PixelArray[], core: TiffAssembler): Generator<[number, number, number, PixelArray]> {
  const [ntx, nty] = [core.levels[0].ntx, core.levels[0].nty];
  for (let b = 0; b < bands.length; b++) {
    // Convert a band of another type once, with the assembler's rounding/clamping rules.
    const band = coerce(bands[b], core.info, core.fill);
    for (let ty = 0; ty < nty; ty++) for (let tx = 0; tx < ntx; tx++) yield [b, tx, ty, cutTile(band, core.W, core.H, core.T, tx, ty, core.fill)];
  }
}

/**
 * Write whole bands to a tiled GeoTIFF at `path` (atomically). `data` is one row-major
 * width×height array per band (or a single array for one band), values in `opts.dtype`
 * (other typed arrays are converted; integer targets rounded and clamped, NaN → nodata).
 * CRS from `opts.epsg`, georeferencing from `opts.geoTransform`, nodata from `opts.nodata`.
 * @throws RiskAtlasError E_ARG_INVALID (bad options/data) or E_WRITE (I/O).
 */
export async function writeGeoTiff(path: string, data: PixelArray | PixelArray[], opts: GeoTiffOptions): Promise<void> {
  const bands = normaliseBands(data, opts);
  const o = { ...opts, bands: bands.length };
  const w = await GeoTiffTileWriter.create(path, o);
  try {
    for (const [b, tx, ty, tile] of tilesOf(bands, w.core)) await w.writeTile(tx, ty, tile, b);
  } catch (err) {
    await w.abort();
    throw err;
  }
  await w.finish();
}

/**
 * Encode whole bands as GeoTIFF bytes in memory — the same code path as {@link writeGeoTiff}
 * (identical bytes), for tests and small exports. Arguments as for {@link writeGeoTiff}.
 */
export function encodeGeoTiff(data: PixelArray | PixelArray[], opts: GeoTiffOptions): Uint8Array {
  const bands = normaliseBands(data, opts);
  const core = new TiffAssembler({ ...opts, bands: bands.length });
  let buf = new Uint8Array(1 << 16);
  let end = 0;
  const put = (chunks: Chunk[]) => {
    for (const c of chunks) {
      const need = c.pos + c.bytes.length;
      if (need > buf.length) {
        const nb = new Uint8Array(Math.max(need, buf.length * 2));
        nb.set(buf.subarray(0, end));
        buf = nb;
      }
      buf.set(c.bytes, c.pos);
      end = Math.max(end, need);
    }
  };
  put([core.header(0)]);
  for (const [b, tx, ty, tile] of tilesOf(bands, core)) put(core.addTile(tx, ty, tile, b));
  const { chunks, size } = core.finish();
  put(chunks);
  return buf.slice(0, size);
}
