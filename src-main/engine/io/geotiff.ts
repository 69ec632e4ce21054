/**
 * GeoTIFF reader on geotiff.js: metadata at open, then windowed reads — a large file is
 * never loaded whole. A file is checked at open (magic, sizes, every tile/strip inside the
 * file) so a truncated download fails here with E_TIFF_CORRUPT, not later as a wrong map.
 */
import { open as openFile } from 'node:fs/promises';
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { RiskAtlasError } from '../errors';
import { crsFromEpsg } from '../crs/registry';
import { fileSize } from './fileAccess';
import type { CrsRef, DType, Extent, GeoTransform, RasterMeta, RasterSource } from './layer';

/** Rasters larger than this many pixels per band are refused before anything is allocated. */
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

async function checkMagic(path: string): Promise<number> {
  const size = await fileSize(path);
  const fh = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    const ok = (head[0] === 0x49 && head[1] === 0x49 && (head[2] === 42 || head[2] === 43) && head[3] === 0) || (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && (head[3] === 42 || head[3] === 43));
    if (!ok) throw new RiskAtlasError('E_TIFF_MAGIC', 'the file does not start with a TIFF header', { file: path });
  } finally {
    await fh.close();
  }
  return size;
}

async function crsOf(image: GeoTIFFImage, file: string): Promise<CrsRef | null> {
  const keys = image.getGeoKeys() as Record<string, number | string | undefined> | null;
  if (!keys) return null;
  const code = Number(keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey);
  // 32767 = user-defined: there is no EPSG code to trust, so the CRS stays unknown.
  if (!Number.isFinite(code) || code === 32767 || code <= 0) return null;
  try {
    return crsFromEpsg(code);
  } catch {
    throw new RiskAtlasError('E_CRS_UNKNOWN', `the GeoTIFF declares EPSG:${code}, which RiskAtlas does not know`, { file });
  }
}

function geoTransformOf(image: GeoTIFFImage, file: string): { gt: GeoTransform; pixelIsPoint: boolean } {
  const fd = image.fileDirectory;
  const transform = fd.getValue('ModelTransformation') as number[] | undefined;
  const keys = image.getGeoKeys() as Record<string, number> | null;
  const pixelIsPoint = keys?.GTRasterTypeGeoKey === 2;
  let gt: GeoTransform;
  if (transform) {
    if (transform[1] !== 0 || transform[4] !== 0) throw new RiskAtlasError('E_TIFF_ROTATED', 'the geotransform has rotation terms', { file });
    gt = [transform[3]!, transform[0]!, 0, transform[7]!, 0, transform[5]!];
  } else {
    const scale = fd.getValue('ModelPixelScale') as number[] | undefined;
    const tie = fd.getValue('ModelTiepoint') as number[] | undefined;
    if (!scale || !tie) throw new RiskAtlasError('E_CRS_MISSING', 'the TIFF has no georeferencing (no ModelPixelScale/ModelTiepoint)', { file });
    gt = [tie[3]! - tie[0]! * scale[0]!, scale[0]!, 0, tie[4]! + tie[1]! * scale[1]!, 0, -scale[1]!];
  }
  // Pixel-is-point: the tie point is a pixel centre; shift to the outer corner.
  if (pixelIsPoint) gt = [gt[0] - gt[1] / 2, gt[1], 0, gt[3] - gt[5] / 2, 0, gt[5]];
  return { gt, pixelIsPoint };
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
 * Open a GeoTIFF for reading. Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_TIFF_MAGIC,
 * E_TIFF_CORRUPT (truncated or malformed), E_TIFF_UNSUPPORTED, E_TIFF_ROTATED,
 * E_RASTER_TOO_LARGE, E_CRS_UNKNOWN.
 * The CRS is null when the file has none (the caller decides whether that is an error).
 */
export async function openGeoTiff(path: string): Promise<RasterSource> {
  const size = await checkMagic(path);
  let tiff: GeoTIFF;
  let image: GeoTIFFImage;
  let count: number;
  try {
    tiff = await fromFile(path);
    image = await tiff.getImage(0);
    count = await tiff.getImageCount();
  } catch (err) {
    throw new RiskAtlasError('E_TIFF_CORRUPT', (err as Error).message, { file: path, cause: err });
  }
  const close = async (): Promise<void> => {
    await (tiff as unknown as { close?: () => Promise<void> }).close?.();
  };
  try {
    const width = image.getWidth();
    const height = image.getHeight();
    const bands = image.getSamplesPerPixel();
    if (!(width > 0 && height > 0 && bands > 0)) throw new RiskAtlasError('E_TIFF_CORRUPT', `invalid image size ${width} × ${height} × ${bands}`, { file: path });
    if (width * height > MAX_RASTER_PIXELS || bands > 4096) {
      throw new RiskAtlasError('E_RASTER_TOO_LARGE', `${width} × ${height} pixels × ${bands} bands`, { file: path, params: { width, height } });
    }
    const fd = image.fileDirectory;
    const bits = ((fd.getValue('BitsPerSample') as number[] | undefined) ?? [8])[0]!;
    const format = ((fd.getValue('SampleFormat') as number[] | undefined) ?? [1])[0]!;
    const dtype = dtypeOf(format, bits, path);
    const compressionCode = (fd.getValue('Compression') as number | undefined) ?? 1;
    await checkBlocks(image, size, path);
    const { gt, pixelIsPoint } = geoTransformOf(image, path);
    const crs = await crsOf(image, path);
    const nodata = image.getGDALNoData();
    const xs = [gt[0], gt[0] + width * gt[1]];
    const ys = [gt[3], gt[3] + height * gt[5]];
    const extent: Extent = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const meta: RasterMeta = {
      kind: 'raster',
      format: 'GeoTIFF',
      path,
      width,
      height,
      bands,
      dtype,
      nodata: nodata === null || Number.isNaN(nodata) ? (nodata === null ? null : NaN) : nodata,
      crs,
      geoTransform: gt,
      extent,
      pixelIsPoint,
      tiled: image.isTiled,
      compression: COMPRESSION[compressionCode] ?? `code ${compressionCode}`,
      overviews: count - 1,
    };
    return {
      meta,
      async readWindow(x0, y0, w, h, band = 0) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height || band < 0 || band >= bands) {
          throw new RiskAtlasError('E_ARG_INVALID', `window ${x0},${y0} ${w}×${h} band ${band} outside the ${width}×${height}×${bands} raster`, { file: path });
        }
        try {
          const data = (await image.readRasters({ window: [x0, y0, x0 + w, y0 + h], samples: [band], interleave: true })) as unknown as ArrayLike<number>;
          return Float64Array.from(data);
        } catch (err) {
          throw new RiskAtlasError('E_TIFF_CORRUPT', (err as Error).message, { file: path, cause: err });
        }
      },
      close,
    };
  } catch (err) {
    await close();
    if (err instanceof RiskAtlasError) throw err;
    throw new RiskAtlasError('E_TIFF_CORRUPT', (err as Error).message, { file: path, cause: err });
  }
}
