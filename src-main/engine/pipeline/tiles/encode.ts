/**
 * Output GeoTIFF tiles encoded in the tile threads (predictor and Deflate, the costliest part
 * of writing), as {@link RunGlobals.encoding} describes them; the run only places the bytes.
 */
import { encodeTileBytes } from '../../export/geotiff';
import type { EncodedOutput, EncodedTile, RunGlobals } from '../tileTasks';
import { outputTiles, type Tile } from '../tiling';
import { fail } from './tileContext';

/**
 * A float output tile cut into the output GeoTIFF's tiles and encoded, NaN written as the
 * float outputs' nodata; or the grades' tiles.
 */
export function encodeTile(globals: RunGlobals, tile: Tile, data: Float32Array | Uint8Array): EncodedTile[] {
  const enc = globals.encoding ?? fail('output encoding is missing');
  const out: EncodedTile[] = [];
  if (data instanceof Float32Array) {
    const nodata = enc.float.nodata ?? NaN;
    for (const [x, y, buf] of outputTiles(tile, data, enc.tileSize, nodata, (n) => new Float32Array(n))) {
      for (let i = 0; i < buf.length; i++) if (buf[i] !== buf[i]) buf[i] = nodata;
      out.push({ x, y, bytes: encodeTileBytes(enc.float, buf) });
    }
  } else {
    for (const [x, y, buf] of outputTiles(tile, data, enc.tileSize, enc.grade.nodata ?? 0, (n) => new Uint8Array(n))) out.push({ x, y, bytes: encodeTileBytes(enc.grade, buf) });
  }
  return out;
}

/** A float output's encoded tiles and value range (of its values as written, Float32). */
export function encodeOutput(globals: RunGlobals, tile: Tile, values: Float64Array): EncodedOutput {
  const f = Float32Array.from(values);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < f.length; i++) {
    const v = f[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { tiles: encodeTile(globals, tile, f), min, max };
}
