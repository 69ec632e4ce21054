/**
 * Encoding one full-resolution tile as the file stores it: converted to the file's dtype,
 * the TIFF predictor applied, then compressed (Deflate, LZW or none) with the codecs of
 * engine/codecs. Pure and synchronous, so worker threads can encode tiles
 * ({@link encodeTileBytes}) and hand the bytes to the writer.
 */
import { zlibCompress } from '../../codecs/deflate';
import { encodeLzw } from '../../codecs/lzw';
import { predictFloat, predictHorizontal } from '../../codecs/predictor';
import type { PixelArray } from '../../../../src-shared/layer';
import { argError, resolveTileOptions, type DTypeInfo, type TileEncodingOptions, type TileSettings } from './options';

/**
 * Deflate level 6: the size/speed balance GDAL also defaults to (libdeflate's 6 is about as
 * small as zlib's 6, at twice the speed). Fixed, for identical bytes.
 */
const DEFLATE_LEVEL = 6;

/**
 * Convert `data` to the typed array of `dtype` when it is of another type. Floats convert
 * exactly/rounded; for integer targets values are rounded and clamped to the type's range and
 * NaN becomes `fill` — rather than the silent modulo wrap of a typed-array copy.
 */
export function coerce(data: PixelArray, info: DTypeInfo, fill: number): PixelArray {
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
 * The tile's bytes with the predictor applied, in a buffer of their own — except predictor 1
 * (none), which returns a view of `tile`'s bytes.
 */
function predictWith(c: TileSettings, tile: PixelArray): Uint8Array {
  if (c.predictor === 2) return predictHorizontal(tile, c.T, c.info.bytes);
  if (c.predictor === 3) return predictFloat(tile, c.T, c.info.bytes);
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

/** Predictor + compression of one tile already in the dtype; never a view of `tile`, which is not modified. */
export function encodeTile(c: TileSettings, tile: PixelArray): Uint8Array {
  const raw = predictWith(c, tile);
  if (c.compression === 'deflate') return zlibCompress(raw, DEFLATE_LEVEL);
  if (c.compression === 'lzw') return encodeLzw(raw);
  return c.predictor === 1 ? raw.slice() : raw;
}

/** A tile holding nothing but the fill value (nodata, else 0 or NaN): padding, tiles never written. */
export function fillTile(c: TileSettings): PixelArray {
  const t = new c.info.ctor(c.T * c.T);
  t.fill(c.fill);
  return t;
}

/** @throws RiskAtlasError E_ARG_INVALID unless `data` holds tileSize × tileSize values */
export function checkTileLength(c: TileSettings, data: PixelArray): void {
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
  const c = resolveTileOptions(opts);
  checkTileLength(c, data);
  return encodeTile(c, coerce(data, c.info, c.fill));
}

/**
 * The first half of {@link encodeTileBytes}: the tile converted to `opts.dtype` with the
 * predictor applied, uncompressed (for benchmarks and tests). With no predictor in effect, a
 * copy of the tile's bytes.
 * @throws RiskAtlasError E_ARG_INVALID for bad options or a tile of the wrong length.
 */
export function predictTileBytes(opts: TileEncodingOptions, data: PixelArray): Uint8Array {
  const c = resolveTileOptions(opts);
  checkTileLength(c, data);
  const tile = coerce(data, c.info, c.fill);
  const raw = predictWith(c, tile);
  return c.predictor === 1 && tile === data ? raw.slice() : raw;
}
