/**
 * The options of a GeoTIFF to write, the sample types it can hold, and the checking and
 * defaults of those options — done once, when a writer is created or a tile encoded, so
 * that the rest of the writer works with resolved values.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { DType, GeoTransform, PixelArray } from '../../../../src-shared/layer';

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
 * The options that decide how one full-resolution tile is encoded (a subset of
 * {@link GeoTiffOptions}; a whole GeoTiffOptions object may be passed).
 */
export type TileEncodingOptions = Pick<GeoTiffOptions, 'dtype' | 'nodata' | 'tileSize' | 'compression' | 'predictor'>;

export type TypedCtor = new (n: number) => PixelArray;

/** How a {@link DType} is stored. */
export interface DTypeInfo {
  bytes: number;
  /** TIFF SampleFormat: 1 unsigned int, 2 signed int, 3 IEEE float. */
  format: 1 | 2 | 3;
  ctor: TypedCtor;
  min: number;
  max: number;
}

export const DTYPES: Record<DType, DTypeInfo> = {
  int8: { bytes: 1, format: 2, ctor: Int8Array, min: -128, max: 127 },
  uint8: { bytes: 1, format: 1, ctor: Uint8Array, min: 0, max: 255 },
  int16: { bytes: 2, format: 2, ctor: Int16Array, min: -32768, max: 32767 },
  uint16: { bytes: 2, format: 1, ctor: Uint16Array, min: 0, max: 65535 },
  int32: { bytes: 4, format: 2, ctor: Int32Array, min: -2147483648, max: 2147483647 },
  uint32: { bytes: 4, format: 1, ctor: Uint32Array, min: 0, max: 4294967295 },
  float32: { bytes: 4, format: 3, ctor: Float32Array, min: -Infinity, max: Infinity },
  float64: { bytes: 8, format: 3, ctor: Float64Array, min: -Infinity, max: Infinity },
};

/** E_ARG_INVALID for a bad option, tile or call. */
export function argError(message: string, params?: Record<string, string | number>): RiskAtlasError {
  return new RiskAtlasError('E_ARG_INVALID', message, params ? { params } : {});
}

/** Everything needed to encode a tile, resolved and checked once. */
export interface TileSettings {
  /** Tile edge in pixels. */
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

/**
 * Check the tile encoding options and fill in their defaults (tile 256, Deflate, predictor
 * 2 for integers and 3 for floats when compressed).
 * @throws RiskAtlasError E_ARG_INVALID for a bad tile size, dtype, nodata or compression
 */
export function resolveTileOptions(opts: TileEncodingOptions): TileSettings {
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

/** The whole file's options, resolved and checked once. */
export interface ImageSettings {
  width: number;
  height: number;
  bands: number;
  tile: TileSettings;
  resampling: 'average' | 'mode';
  /** Overview factors, ascending, without repeats. */
  overviewFactors: number[];
}

/**
 * Check every option of a file and fill in the defaults (1 band; the tile defaults of
 * {@link resolveTileOptions}; 'average' overviews for floats, 'mode' for integers).
 * @throws RiskAtlasError E_ARG_INVALID for the first bad option: size, bands, tile options,
 *   EPSG code, geotransform (finite, north-up), band descriptions, overview factors
 */
export function resolveOptions(opts: GeoTiffOptions): ImageSettings {
  const { width, height } = opts;
  const bands = opts.bands ?? 1;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw argError(`invalid raster size ${width}x${height}`, { width, height });
  if (!Number.isInteger(bands) || bands < 1 || bands > 65535) throw argError(`invalid band count ${bands}`);
  const tile = resolveTileOptions(opts);
  if (!Number.isInteger(opts.epsg) || opts.epsg < 1 || opts.epsg > 65535) throw argError(`invalid EPSG code ${opts.epsg}`);
  const gt = opts.geoTransform;
  if (!Array.isArray(gt) || gt.length !== 6 || gt.some((v) => !Number.isFinite(v))) throw argError('geoTransform must be 6 finite numbers');
  if (gt[2] !== 0 || gt[4] !== 0 || !(gt[1] > 0) || !(gt[5] < 0)) throw argError('only north-up geotransforms can be written (gt[2]=gt[4]=0, gt[1]>0, gt[5]<0)');
  if (opts.bandDescriptions && opts.bandDescriptions.length > bands) throw argError('more band descriptions than bands');
  const resampling = opts.overviewResampling ?? (tile.info.format === 3 ? 'average' : 'mode');
  const overviewFactors = [...new Set(opts.overviews ?? [])].sort((a, b) => a - b);
  for (const f of overviewFactors) {
    if (!Number.isInteger(f) || f < 2 || tile.T % f !== 0) throw argError(`overview factor ${f} must be an integer >= 2 dividing tileSize ${tile.T}`);
  }
  return { width, height, bands, tile, resampling, overviewFactors };
}
