/**
 * Writing whole bands held in memory: cut into tiles (row order, so overview buffers stay
 * small) and fed to the streaming writer ({@link writeGeoTiff}) or to the assembler with an
 * in-memory sink ({@link encodeGeoTiff}) — the same bytes either way.
 */
import type { PixelArray } from '../../../../src-shared/layer';
import { TiffAssembler } from './assembler';
import { GeoTiffTileWriter } from './fileWriter';
import type { Chunk } from './ifd';
import { argError, type GeoTiffOptions, type TypedCtor } from './options';
import { coerce } from './tileCodec';

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
  const { width, height, tile: c } = core.settings;
  for (let b = 0; b < bands.length; b++) {
    // Convert a band of another type once, with the assembler's rounding/clamping rules.
    const band = coerce(bands[b], c.info, c.fill);
    for (let ty = 0; ty < nty; ty++) for (let tx = 0; tx < ntx; tx++) yield [b, tx, ty, cutTile(band, width, height, c.T, tx, ty, c.fill)];
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
  put([core.header()]);
  for (const [b, tx, ty, tile] of tilesOf(bands, core)) put(core.addTile(tx, ty, tile, b));
  const { chunks, size } = core.finish();
  put(chunks);
  return buf.slice(0, size);
}
