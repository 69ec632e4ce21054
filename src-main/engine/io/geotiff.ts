/**
 * GeoTIFF reader on geotiff.js: metadata at open, then windowed reads — a large file is
 * never loaded whole. A file is checked at open (magic, sizes, every tile/strip inside the
 * file) so a truncated download fails here with E_TIFF_CORRUPT, not later as a wrong map.
 */
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { RiskAtlasError } from '../../../src-shared/errors';
import { isKnownEpsg } from '../crs/registry';
import { identifyWkt } from '../crs/identify';
import { crsAt, settleLayerCrs } from '../crs/layerCrs';
import { fileSize } from './fileAccess';
import type { ReadOptions } from './readOptions';
import { float32Exact, type CrsRef, type DType, type Extent, type GeoTransform, type RasterMeta, type RasterSource } from '../../../src-shared/layer';
import { noteByteOrder, registerFastDecoders } from './decoders/register';
import { blockReaderSupports, readBlockWindow, type BlockLayout } from './decoders/blockReader';

// Native-zlib Deflate, fast LZW and PackBits instead of geotiff.js's own (5–25× faster on
// census-size rasters); once per thread, before any file is opened.
registerFastDecoders();

/** Rasters with more than this many samples (width × height × bands) are refused before anything is allocated. */
export const MAX_RASTER_PIXELS = 2 ** 31;

const COMPRESSION: Record<number, string> = { 1: 'none', 5: 'lzw', 6: 'jpeg-old', 7: 'jpeg', 8: 'deflate', 32946: 'deflate', 32773: 'packbits', 34887: 'lerc', 50000: 'zstd', 50001: 'webp' };

function dtypeOf(format: number, bits: number, file: string): DType {
  const key = `${format}:${bits}`;
  const map: Record<string, DType> = {
    '1:8': 'uint8', '1:16': 'uint16', '1:32': 'uint32',
    '2:8': 'int8', '2:16': 'int16', '2:32': 'int32',
    '3:32': 'float32', '3:64': 'float64',
  };
  const d = map[key];
  if (!d) throw new RiskAtlasError('E_TIFF_UNSUPPORTED', `sample format ${format} with ${bits} bits per sample`, { file });
  return d;
}

const TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };

/**
 * Check the magic bytes, then walk every IFD and make sure it and each tag value stored
 * outside it lie inside the file. geotiff.js reads past the end of a cut file without
 * complaint (yielding zeros), so without this a truncated directory would open "fine".
 */
async function checkStructure(path: string): Promise<number> {
  const size = await fileSize(path);
  const fh = await openFile(path, 'r');
  const corrupt = (why: string): never => {
    throw new RiskAtlasError('E_TIFF_CORRUPT', why, { file: path });
  };
  try {
    const read = async (pos: number, len: number): Promise<DataView> => {
      if (pos < 0 || pos + len > size) corrupt(`the TIFF directory at byte ${pos} runs past the end of the ${size}-byte file (truncated?)`);
      const b = Buffer.alloc(len);
      await fh.read(b, 0, len, pos);
      return new DataView(b.buffer, b.byteOffset, len);
    };
    const head = Buffer.alloc(16);
    await fh.read(head, 0, 16, 0);
    const le = head[0] === 0x49 && head[1] === 0x49;
    const be = head[0] === 0x4d && head[1] === 0x4d;
    const version = le ? head.readUInt16LE(2) : be ? head.readUInt16BE(2) : 0;
    if (!(le || be) || (version !== 42 && version !== 43)) throw new RiskAtlasError('E_TIFF_MAGIC', 'the file does not start with a TIFF header', { file: path });
    const big = version === 43;
    if (size < (big ? 16 : 8)) corrupt('the file ends inside the TIFF header');
    const hv = new DataView(head.buffer, head.byteOffset, 16);
    let next = big ? Number(hv.getBigUint64(8, le)) : hv.getUint32(4, le);
    const seen = new Set<number>();
    while (next !== 0) {
      if (seen.has(next) || seen.size > 10_000) corrupt('the TIFF directories form a loop');
      seen.add(next);
      const countBytes = big ? 8 : 2;
      const entryBytes = big ? 20 : 12;
      const cv = await read(next, countBytes);
      const n = big ? Number(cv.getBigUint64(0, le)) : cv.getUint16(0, le);
      const ifd = await read(next + countBytes, n * entryBytes + (big ? 8 : 4));
      for (let i = 0; i < n; i++) {
        const e = i * entryBytes;
        const type = ifd.getUint16(e + 2, le);
        const count = big ? Number(ifd.getBigUint64(e + 4, le)) : ifd.getUint32(e + 4, le);
        const bytes = (TYPE_BYTES[type] ?? 0) * count;
        if (bytes > (big ? 8 : 4)) {
          const at = big ? Number(ifd.getBigUint64(e + 12, le)) : ifd.getUint32(e + 8, le);
          if (at + bytes > size) corrupt(`tag ${ifd.getUint16(e, le)} values end at byte ${at + bytes}, beyond the end of the ${size}-byte file (truncated?)`);
        }
      }
      next = big ? Number(ifd.getBigUint64(n * entryBytes, le)) : ifd.getUint32(n * entryBytes, le);
    }
  } finally {
    await fh.close();
  }
  return size;
}

/** ESRI and GDAL put the full WKT of a user-defined CRS into a citation key. */
function citationWkt(keys: Record<string, unknown>): string | undefined {
  for (const k of ['PCSCitationGeoKey', 'GTCitationGeoKey', 'GeogCitationGeoKey']) {
    const v = keys[k];
    if (typeof v !== 'string') continue;
    const m = /ESRI PE String = (.*)$/s.exec(v);
    if (m) return m[1]!.replace(/[|\0]+$/, '');
  }
  return undefined;
}

/**
 * The CRS the GeoTIFF keys declare (an EPSG code), or the WKT a user-defined CRS (32767)
 * carries in its citation, identified; null when the file has neither. Throws E_CRS_UNKNOWN
 * for a code RiskAtlas cannot compute with.
 */
function crsOf(image: GeoTIFFImage, file: string, extent: Extent): CrsRef | null {
  const keys = image.getGeoKeys() as Record<string, unknown> | null;
  if (!keys) return null;
  // A projected file (model type 1) is named by ProjectedCSTypeGeoKey only: its
  // GeographicTypeGeoKey is the base datum, and taking it would mislabel metres as degrees.
  const model = keys.GTModelTypeGeoKey;
  const code = Number(model === 1 ? keys.ProjectedCSTypeGeoKey : model === 2 ? keys.GeographicTypeGeoKey : (keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey));
  if (Number.isFinite(code) && code > 0 && code !== 32767) {
    if (!isKnownEpsg(code)) throw new RiskAtlasError('E_CRS_UNKNOWN', `the GeoTIFF declares EPSG:${code}, which is not a CRS of the EPSG dataset RiskAtlas can compute`, { file, params: { epsg: String(code) } });
    return crsAt(code, { level: 'declared', source: 'GeoTIFF keys' }, extent);
  }
  // 32767 = user-defined: only a full WKT in the citation can name it; never guess from parts.
  const wkt = citationWkt(keys);
  if (wkt) {
    try {
      return identifyWkt(wkt, 'GeoTIFF citation', extent);
    } catch {
      return null;
    }
  }
  return null;
}

async function geoTransformOf(image: GeoTIFFImage, file: string): Promise<{ gt: GeoTransform; pixelIsPoint: boolean }> {
  const fd = image.fileDirectory;
  const load = async (tag: 'ModelTransformation' | 'ModelPixelScale' | 'ModelTiepoint'): Promise<number[] | undefined> =>
    fd.hasTag(tag) ? Array.from((await fd.loadValue(tag)) as ArrayLike<number>, Number) : undefined;
  const transform = await load('ModelTransformation');
  const keys = image.getGeoKeys() as Record<string, number> | null;
  const pixelIsPoint = keys?.GTRasterTypeGeoKey === 2;
  let gt: GeoTransform;
  if (transform) {
    if (transform.length < 8) throw new RiskAtlasError('E_TIFF_CORRUPT', 'ModelTransformation has fewer than 16 values', { file });
    if (transform[1] !== 0 || transform[4] !== 0) throw new RiskAtlasError('E_TIFF_ROTATED', 'the geotransform has rotation terms', { file });
    gt = [transform[3]!, transform[0]!, 0, transform[7]!, 0, transform[5]!];
  } else {
    const scale = await load('ModelPixelScale');
    const tie = await load('ModelTiepoint');
    if (!tie || tie.length < 6) throw new RiskAtlasError('E_CRS_MISSING', 'the TIFF has no georeferencing (no ModelPixelScale/ModelTiepoint)', { file });
    // Several tie points without a scale are ground control points: the image is not a grid yet.
    if (!scale || scale.length < 2) throw new RiskAtlasError('E_TIFF_ROTATED', 'the TIFF is georeferenced by control points, not a geotransform', { file });
    gt = [tie[3]! - tie[0]! * scale[0]!, scale[0]!, 0, tie[4]! + tie[1]! * scale[1]!, 0, -scale[1]!];
  }
  if (!gt.every(Number.isFinite) || gt[1] === 0 || gt[5] === 0) throw new RiskAtlasError('E_TIFF_CORRUPT', `invalid geotransform ${gt.join(', ')}`, { file });
  // Pixel-is-point: the tie point is a pixel centre; shift to the outer corner (GDAL does the same).
  if (pixelIsPoint) gt = [gt[0] - gt[1] / 2, gt[1], 0, gt[3] - gt[5] / 2, 0, gt[5]];
  return { gt, pixelIsPoint };
}

/**
 * GDAL_NODATA as GDAL writes it: ASCII, NUL-terminated, "nan"/"inf" allowed. Read here rather
 * than with geotiff.js's getGDALNoData, which drops the last character even when there is no NUL.
 */
async function nodataOf(image: GeoTIFFImage): Promise<number | null> {
  const fd = image.fileDirectory;
  if (!fd.hasTag('GDAL_NODATA')) return null;
  const raw = String((await fd.loadValue('GDAL_NODATA')) ?? '').replace(/\0/g, '').trim();
  if (!raw) return null;
  if (/^[-+]?nan$/i.test(raw)) return NaN;
  if (/^[-+]?inf(inity)?$/i.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
}

/** Later images that are reduced-resolution versions of the first (NewSubfileType bit 0, or simply smaller). */
async function overviewCount(tiff: GeoTIFF, count: number, width: number, height: number): Promise<number> {
  let n = 0;
  for (let i = 1; i < count; i++) {
    const img = await tiff.getImage(i);
    const sub = Number(img.fileDirectory.getValue('NewSubfileType') ?? 0);
    // Bit 2 marks a transparency mask, which is not an overview even though it is reduced.
    if ((sub & 4) === 0 && ((sub & 1) === 1 || (img.getWidth() < width && img.getHeight() < height))) n++;
  }
  return n;
}

async function checkBlocks(image: GeoTIFFImage, size: number, file: string): Promise<void> {
  const fd = image.fileDirectory;
  const tiled = image.isTiled;
  const offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint> | undefined;
  const counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number | bigint> | undefined;
  if (!offsets || !counts || offsets.length !== counts.length) throw new RiskAtlasError('E_TIFF_CORRUPT', 'tile/strip offsets are missing or inconsistent', { file });
  for (let i = 0; i < offsets.length; i++) {
    const end = Number(offsets[i]) + Number(counts[i]);
    if (Number(counts[i]) > 0 && end > size) {
      throw new RiskAtlasError('E_TIFF_CORRUPT', `data block ${i} ends at byte ${end}, beyond the end of the ${size}-byte file (truncated?)`, { file });
    }
  }
}

/**
 * The block layout for RiskAtlas's own window reader (decoders/blockReader), or null when
 * the image needs geotiff.js's readRasters (JPEG, LERC, zstd, WebP, bit-packed or mixed
 * sample sizes).
 */
async function blockLayoutOf(image: GeoTIFFImage, nodata: number | null): Promise<BlockLayout | null> {
  const fd = image.fileDirectory;
  const bitsAll = Array.from(((fd.getValue('BitsPerSample') as ArrayLike<number> | undefined) ?? [8]), Number);
  const bits = bitsAll[0]!;
  if (bits % 8 !== 0 || bitsAll.some((b) => b !== bits)) return null;
  const base = {
    width: image.getWidth(),
    height: image.getHeight(),
    blockWidth: image.getTileWidth(),
    blockHeight: image.getTileHeight(),
    tiled: image.isTiled,
    planar: (Number(fd.getValue('PlanarConfiguration') ?? 1) === 2 ? 2 : 1) as 1 | 2,
    bands: image.getSamplesPerPixel(),
    bytesPerSample: bits / 8,
    sampleFormat: Number(((fd.getValue('SampleFormat') as ArrayLike<number> | undefined) ?? [1])[0] ?? 1) as 1 | 2 | 3,
    compression: Number(fd.getValue('Compression') ?? 1),
    predictor: fd.hasTag('Predictor') ? Number(await fd.loadValue('Predictor')) || 1 : 1,
    littleEndian: image.littleEndian,
  };
  if (!blockReaderSupports(base)) return null;
  const offsets = (await fd.loadValue(base.tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint>;
  const counts = (await fd.loadValue(base.tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number | bigint>;
  return { ...base, offsets: Float64Array.from(offsets, Number), counts: Float64Array.from(counts, Number), fill: nodata ?? 0 };
}

/**
 * Open a GeoTIFF for windowed reading (the file stays open until `close()`).
 * Meta: geotransform and extent in the file's CRS units, always for the outer pixel corner
 * (a RasterPixelIsPoint file is shifted by half a cell and flagged `pixelIsPoint`); `nodata`
 * from GDAL_NODATA or null; `crs` declared by the EPSG geokeys (or identified from the WKT a
 * user-defined CRS carries in its citation), `opts.crs` when the user states one (it wins, with
 * a warning in `meta.warnings` when the file said otherwise), or null when there is none (the
 * caller decides whether that is an error).
 * `readWindow(x0, y0, w, h, band, out?)` takes pixel coordinates of the full-resolution image and a
 * 0-based band, and returns row-major Float64 values with nodata left as stored (or fills
 * `out`, which may be a Float32Array for sample types Float32 holds exactly).
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_TIFF_MAGIC, E_TIFF_CORRUPT (truncated or
 * malformed, checked at open), E_TIFF_UNSUPPORTED, E_TIFF_ROTATED, E_RASTER_TOO_LARGE
 * (> 2^31 samples, before allocating), E_CRS_MISSING (no georeferencing), E_CRS_UNKNOWN.
 */
export async function openGeoTiff(path: string, opts: Pick<ReadOptions, 'crs'> = {}): Promise<RasterSource> {
  const size = await checkStructure(path);
  let tiff: GeoTIFF | undefined;
  let image: GeoTIFFImage;
  let count: number;
  let blockFile: FileHandle | undefined;
  const close = async (): Promise<void> => {
    await blockFile?.close();
    blockFile = undefined;
    await tiff?.close();
  };
  try {
    tiff = await fromFile(path);
    image = await tiff.getImage(0);
    noteByteOrder(image.fileDirectory, image.littleEndian);
    count = await tiff.getImageCount();
  } catch (err) {
    await close().catch(() => undefined);
    throw new RiskAtlasError('E_TIFF_CORRUPT', (err as Error).message, { file: path, cause: err });
  }
  try {
    const width = image.getWidth();
    const height = image.getHeight();
    const bands = image.getSamplesPerPixel();
    if (!(width > 0 && height > 0 && bands > 0)) throw new RiskAtlasError('E_TIFF_CORRUPT', `invalid image size ${width} × ${height} × ${bands}`, { file: path });
    if (width * height * bands > MAX_RASTER_PIXELS) {
      throw new RiskAtlasError('E_RASTER_TOO_LARGE', `${width} × ${height} pixels × ${bands} bands`, { file: path, params: { width, height } });
    }
    const fd = image.fileDirectory;
    const bits = ((fd.getValue('BitsPerSample') as number[] | undefined) ?? [8])[0]!;
    const format = ((fd.getValue('SampleFormat') as number[] | undefined) ?? [1])[0]!;
    const dtype = dtypeOf(format, bits, path);
    const compressionCode = (fd.getValue('Compression') as number | undefined) ?? 1;
    // Refuse at open what geotiff.js cannot decode, rather than failing on the first read.
    if (!(compressionCode in COMPRESSION)) throw new RiskAtlasError('E_TIFF_UNSUPPORTED', `compression code ${compressionCode}`, { file: path });
    await checkBlocks(image, size, path);
    const { gt, pixelIsPoint } = await geoTransformOf(image, path);
    const nodata = await nodataOf(image);
    const xs = [gt[0], gt[0] + width * gt[1]];
    const ys = [gt[3], gt[3] + height * gt[5]];
    const extent: Extent = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const warnings: string[] = [];
    // A raster without a CRS opens all the same: the caller decides whether that is an error.
    const crs = settleLayerCrs({ found: () => crsOf(image, path, extent), stated: opts.crs, extent, file: path, warnings, allowMissing: true });
    const meta: RasterMeta = {
      kind: 'raster',
      format: 'GeoTIFF',
      path,
      width,
      height,
      bands,
      dtype,
      nodata,
      crs,
      geoTransform: gt,
      extent,
      pixelIsPoint,
      tiled: image.isTiled,
      compression: COMPRESSION[compressionCode] ?? `code ${compressionCode}`,
      overviews: await overviewCount(tiff!, count, width, height),
      ...(warnings.length ? { warnings } : {}),
    };
    const blocks = await blockLayoutOf(image, nodata);
    if (blocks) blockFile = await openFile(path, 'r');
    const readWindow = async (x0: number, y0: number, w: number, h: number, band = 0, out?: Float32Array | Float64Array): Promise<Float32Array | Float64Array> => {
      if (![x0, y0, w, h, band].every(Number.isInteger) || x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height || band < 0 || band >= bands) {
        throw new RiskAtlasError('E_ARG_INVALID', `window ${x0},${y0} ${w}×${h} band ${band} outside the ${width}×${height}×${bands} raster`, { file: path });
      }
      if (out && (out.length !== w * h || (out instanceof Float32Array && !float32Exact(meta.dtype)))) {
        throw new RiskAtlasError('E_ARG_INVALID', `readWindow: the output array must hold ${w * h} values${out instanceof Float32Array ? ` and ${meta.dtype} samples do not fit Float32 exactly` : ''}`, { file: path });
      }
      try {
        if (blocks && blockFile) return await readBlockWindow(blockFile, blocks, x0, y0, w, h, band, out);
        const data = (await image.readRasters({ window: [x0, y0, x0 + w, y0 + h], samples: [band], interleave: true })) as unknown as ArrayLike<number>;
        if (out) {
          out.set(data);
          return out;
        }
        // The typed-array constructor copies in one pass; Float64Array.from would iterate.
        return new Float64Array(data);
      } catch (err) {
        throw new RiskAtlasError('E_TIFF_CORRUPT', (err as Error).message, { file: path, cause: err });
      }
    };
    return { meta, readWindow: readWindow as RasterSource['readWindow'], close };
  } catch (err) {
    await close();
    if (err instanceof RiskAtlasError) throw err;
    throw new RiskAtlasError('E_TIFF_CORRUPT', (err as Error).message, { file: path, cause: err });
  }
}
