/**
 * Align a raster to the analysis grid: for every grid cell, find the matching position in
 * the source raster (through a CRS transform when the CRSs differ) and sample it. Inverse
 * mapping, so every output cell gets exactly one value and reprojection and resampling are
 * one step. Only the source window under the grid is read.
 *
 * nearest / bilinear sample at the cell centre (for upsampling or equal cell sizes);
 * average / mode aggregate every source pixel under the cell (for downsampling, e.g. a
 * 30 m land-use raster onto a 100 m grid), each weighted by the share of the pixel inside the cell.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { transformer } from '../crs/registry';
import { requireEpsg } from '../crs/layerCrs';
import { float32Exact, type RasterSource } from '../../../src-shared/layer';
import { cellCentre, type GridSpec } from './gridSpec';

/** nearest / bilinear sample at the cell centre; average / mode aggregate the pixels under the cell. */
export type ResampleMethod = 'nearest' | 'bilinear' | 'average' | 'mode';

/**
 * Source pixels read at once when aggregating (8 M Float64 = 64 MB): a fine raster under a
 * tile is read in bands of grid rows, so memory follows the tile, not the source resolution.
 */
const MAX_WINDOW_PIXELS = 8 * 1024 * 1024;

/** Tuning of {@link alignRaster}. */
export interface AlignOptions {
  /** average / mode: most source pixels to hold at once (at least one grid row's worth is read). */
  maxWindowPixels?: number;
  /**
   * Return a Float32Array when that is exact: the grid's cells are the raster's pixels (a
   * copy) and its samples fit Float32 ({@link float32Exact}). A run's tiles then move and are
   * kept at half the size, with the same values. Otherwise, and by default, Float64.
   */
  float32?: boolean;
}

/** Points sampled along each grid edge to find the source window (a curved edge after reprojection is covered). */
const EDGE_SAMPLES = 32;

/**
 * Sample `source` (band 1-based) on `grid`. Cells outside the source or on source nodata
 * become NaN (RiskAtlas's in-memory nodata). Bilinear falls back to nearest where a
 * neighbour is nodata, so nodata never bleeds into a valid value.
 *
 * average: Σ w·v / Σ w over the valid source pixels under the cell, w = area of the pixel
 * inside the cell (in source pixel units), as gdalwarp -r average; mode: the value with the
 * largest Σ w (of tied values, the one that reached that weight first scanning the source
 * rows from the north), as gdalwarp -r mode when cells are whole multiples of pixels
 * (gdalwarp counts every pixel touching the cell as a whole one).
 * The cell's footprint in the source is the bounding box of its four transformed corners
 * (exact when the CRSs match; an approximation when they do not, as gdalwarp's footprint is).
 * A cell with no valid pixel under it is NaN.
 * @returns Float64Array of grid.width × grid.height, row-major from the north-west cell.
 */
export async function alignRaster(source: RasterSource, grid: GridSpec, method: ResampleMethod, band?: number, opts?: AlignOptions & { float32?: false }): Promise<Float64Array>;
export async function alignRaster(source: RasterSource, grid: GridSpec, method: ResampleMethod, band: number, opts: AlignOptions): Promise<Float64Array | Float32Array>;
export async function alignRaster(source: RasterSource, grid: GridSpec, method: ResampleMethod, band = 1, opts: AlignOptions = {}): Promise<Float64Array | Float32Array> {
  const meta = source.meta;
  const crs = requireEpsg(meta.crs, meta.path);
  if (band < 1 || band > meta.bands) {
    throw new RiskAtlasError('E_MODEL_LAYER', `band ${band} requested, the raster has ${meta.bands}`, { file: meta.path });
  }
  const [gx0, sx, rx, gy0, ry, sy] = meta.geoTransform;
  if ((method === 'nearest' || method === 'bilinear') && crs.epsg === grid.epsg && rx === 0 && ry === 0) {
    const aligned = alignedWindow(grid, meta.geoTransform);
    if (aligned) return copyAligned(source, grid, aligned, band, Boolean(opts.float32) && float32Exact(meta.dtype));
  }
  const toSource = transformer(grid.epsg, crs);
  const toPixel = (x: number, y: number): [number, number] => {
    const [a, b] = toSource(x, y);
    return [(a - gx0) / sx, (b - gy0) / sy];
  };

  // Source window covering the grid (plus one pixel for bilinear neighbours).
  let minC = Infinity;
  let minR = Infinity;
  let maxC = -Infinity;
  let maxR = -Infinity;
  const ext = [grid.originX, grid.originY - grid.height * grid.cellSize, grid.originX + grid.width * grid.cellSize, grid.originY] as const;
  for (let i = 0; i <= EDGE_SAMPLES; i++) {
    const t = i / EDGE_SAMPLES;
    const x = ext[0] + (ext[2] - ext[0]) * t;
    const y = ext[1] + (ext[3] - ext[1]) * t;
    for (const [px, py] of [toPixel(x, ext[1]), toPixel(x, ext[3]), toPixel(ext[0], y), toPixel(ext[2], y)]) {
      minC = Math.min(minC, px);
      maxC = Math.max(maxC, px);
      minR = Math.min(minR, py);
      maxR = Math.max(maxR, py);
    }
  }
  const c0 = Math.max(0, Math.floor(minC) - 1);
  const r0 = Math.max(0, Math.floor(minR) - 1);
  const c1 = Math.min(meta.width, Math.ceil(maxC) + 2);
  const r1 = Math.min(meta.height, Math.ceil(maxR) + 2);
  const out = new Float64Array(grid.width * grid.height).fill(NaN);
  if (c0 >= c1 || r0 >= r1) return out; // the raster does not reach the grid
  if (method === 'average' || method === 'mode') {
    await aggregateCells(grid, toPixel, (x, y, w, h) => source.readWindow(x, y, w, h, band - 1), { c0, c1, width: meta.width, height: meta.height, nodata: meta.nodata }, method, out, opts.maxWindowPixels ?? MAX_WINDOW_PIXELS);
    return out;
  }
  const ww = c1 - c0;
  const wh = r1 - r0;
  const win = await source.readWindow(c0, r0, ww, wh, band - 1);
  const nodata = meta.nodata;
  const valid = (v: number): boolean => !Number.isNaN(v) && v !== nodata;
  const at = (c: number, r: number): number => {
    if (c < 0 || r < 0 || c >= ww || r >= wh) return NaN;
    const v = win[r * ww + c]!;
    return valid(v) ? v : NaN;
  };

  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const [x, y] = cellCentre(grid, col, row);
      const [px, py] = toPixel(x, y);
      if (px < 0 || py < 0 || px >= meta.width || py >= meta.height) continue;
      const nearest = at(Math.floor(px) - c0, Math.floor(py) - r0);
      if (method === 'nearest') {
        out[row * grid.width + col] = nearest;
        continue;
      }
      // Pixel centres sit at integer + 0.5 in pixel space.
      const fx = px - 0.5 - c0;
      const fy = py - 0.5 - r0;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const tx = fx - ix;
      const ty = fy - iy;
      const v00 = at(ix, iy);
      const v10 = at(ix + 1, iy);
      const v01 = at(ix, iy + 1);
      const v11 = at(ix + 1, iy + 1);
      const v = (1 - ty) * ((1 - tx) * v00 + tx * v10) + ty * ((1 - tx) * v01 + tx * v11);
      out[row * grid.width + col] = Number.isNaN(v) ? nearest : v;
    }
  }
  return out;
}

/** Relative tolerance for "the same cell size" and "a whole number of pixels". */
const ALIGN_EPS = 1e-9;

/**
 * When the grid's cells coincide with the raster's pixels (same CRS, same cell size, origin
 * a whole number of pixels away), the pixel offset of the grid's north-west cell; else null.
 * Then every cell centre is a pixel centre: nearest gives that pixel, and so does bilinear
 * (its weights are 1, 0, 0, 0 — and where a zero-weight neighbour is nodata it falls back
 * to nearest, the same pixel). So the cells are a plain copy of a window.
 */
function alignedWindow(grid: GridSpec, gt: readonly number[]): { col: number; row: number } | null {
  const [gx0, sx, , gy0, , sy] = gt as [number, number, number, number, number, number];
  const cs = grid.cellSize;
  if (Math.abs(sx - cs) > ALIGN_EPS * cs || Math.abs(sy + cs) > ALIGN_EPS * cs) return null;
  const col = (grid.originX - gx0) / sx;
  const row = (grid.originY - gy0) / sy;
  const c = Math.round(col);
  const r = Math.round(row);
  if (Math.abs(col - c) > 1e-6 || Math.abs(row - r) > 1e-6) return null;
  return { col: c, row: r };
}

/** Copy the raster window under a pixel-aligned grid; source nodata and cells off the raster become NaN. */
async function copyAligned(source: RasterSource, grid: GridSpec, at: { col: number; row: number }, band: number, f32: boolean): Promise<Float64Array | Float32Array> {
  const { width, height, nodata } = source.meta;
  const make = (n: number): Float64Array | Float32Array => (f32 ? new Float32Array(n) : new Float64Array(n));
  // The part of the grid the raster covers, in grid cells.
  const g0 = Math.max(0, -at.col);
  const g1 = Math.min(grid.width, width - at.col);
  const h0 = Math.max(0, -at.row);
  const h1 = Math.min(grid.height, height - at.row);
  if (g0 >= g1 || h0 >= h1) return make(grid.width * grid.height).fill(NaN);
  const ww = g1 - g0;
  const win = await source.readWindow(at.col + g0, at.row + h0, ww, h1 - h0, band - 1, make(ww * (h1 - h0)));
  // Nodata as a Float32 raster stores it (rounded to Float32, as GDAL compares it), whatever the window's type.
  const nd = nodata === null || Number.isNaN(nodata) ? null : source.meta.dtype === 'float32' ? Math.fround(nodata) : nodata;
  if (ww === grid.width && h1 - h0 === grid.height) {
    // The raster covers the whole grid (every tile inside it): the window, a fresh array, is the result.
    if (nd !== null) for (let i = 0; i < win.length; i++) if (win[i] === nd) win[i] = NaN;
    return win;
  }
  const out = make(grid.width * grid.height).fill(NaN);
  for (let r = h0; r < h1; r++) {
    const o = r * grid.width + g0;
    const w = (r - h0) * ww;
    if (nd === null) {
      out.set(win.subarray(w, w + ww), o);
      continue;
    }
    for (let c = 0; c < ww; c++) {
      const v = win[w + c]!;
      out[o + c] = v === nd ? NaN : v;
    }
  }
  return out;
}

/**
 * average / mode of the source pixels under each grid cell (see {@link alignRaster}).
 * `toPixel` maps grid CRS coordinates to source pixel coordinates; `read` reads a source
 * window (columns `src.c0`…`src.c1` cover the grid). Grid rows are taken in bands whose
 * source rows fit in `maxPixels`.
 */
async function aggregateCells(
  grid: GridSpec,
  toPixel: (x: number, y: number) => [number, number],
  read: (x: number, y: number, w: number, h: number) => Promise<Float64Array>,
  src: { c0: number; c1: number; width: number; height: number; nodata: number | null },
  method: 'average' | 'mode',
  out: Float64Array,
  maxPixels: number,
): Promise<void> {
  const W = grid.width;
  // Cell corners, shared by the four cells around them: (W + 1) × (H + 1) transforms.
  const cornerX = new Float64Array((W + 1) * (grid.height + 1));
  const cornerY = new Float64Array(cornerX.length);
  for (let r = 0; r <= grid.height; r++) {
    for (let c = 0; c <= W; c++) {
      const [px, py] = toPixel(grid.originX + c * grid.cellSize, grid.originY - r * grid.cellSize);
      cornerX[r * (W + 1) + c] = px;
      cornerY[r * (W + 1) + c] = py;
    }
  }
  // Source rows under each grid row.
  const rowLo = new Int32Array(grid.height);
  const rowHi = new Int32Array(grid.height);
  for (let r = 0; r < grid.height; r++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = r * (W + 1); k < (r + 2) * (W + 1); k++) {
      lo = Math.min(lo, cornerY[k]!);
      hi = Math.max(hi, cornerY[k]!);
    }
    rowLo[r] = Math.max(0, Math.floor(lo));
    rowHi[r] = Math.min(src.height, Math.ceil(hi));
  }
  const ww = src.c1 - src.c0;
  // Distinct values under one cell and their weights (grown when a cell holds more).
  let modeValues = new Float64Array(64);
  let modeWeights = new Float64Array(64);
  let distinct = 0;
  let leader = -1;
  for (let bandStart = 0; bandStart < grid.height; ) {
    // Grow the band while its source rows fit (always at least one grid row).
    let lo = rowLo[bandStart]!;
    let hi = rowHi[bandStart]!;
    let bandEnd = bandStart + 1;
    while (bandEnd < grid.height && (Math.max(hi, rowHi[bandEnd]!) - Math.min(lo, rowLo[bandEnd]!)) * ww <= maxPixels) {
      lo = Math.min(lo, rowLo[bandEnd]!);
      hi = Math.max(hi, rowHi[bandEnd]!);
      bandEnd++;
    }
    const wh = hi - lo;
    const win = wh > 0 ? await read(src.c0, lo, ww, wh) : new Float64Array(0);
    for (let row = bandStart; row < bandEnd; row++) {
      for (let col = 0; col < W; col++) {
        const nw = row * (W + 1) + col;
        const sw0 = nw + W + 1;
        const xs = [cornerX[nw]!, cornerX[nw + 1]!, cornerX[sw0]!, cornerX[sw0 + 1]!] as const;
        const ys = [cornerY[nw]!, cornerY[nw + 1]!, cornerY[sw0]!, cornerY[sw0 + 1]!] as const;
        const pxa = Math.max(0, Math.min(xs[0], xs[1], xs[2], xs[3]));
        const pxb = Math.min(src.width, Math.max(xs[0], xs[1], xs[2], xs[3]));
        const pya = Math.max(0, Math.min(ys[0], ys[1], ys[2], ys[3]));
        const pyb = Math.min(src.height, Math.max(ys[0], ys[1], ys[2], ys[3]));
        if (!(pxa < pxb && pya < pyb)) continue;
        // Pixels under the footprint that the window holds; only the edge ones are partial.
        const x0 = Math.max(src.c0, Math.floor(pxa));
        const x1 = Math.min(src.c1, Math.ceil(pxb));
        const y0 = Math.max(lo, Math.floor(pya));
        const y1 = Math.min(hi, Math.ceil(pyb));
        let sw = 0;
        let swv = 0;
        distinct = 0;
        leader = -1;
        for (let py = y0; py < y1; py++) {
          const wy = Math.min(pyb, py + 1) - Math.max(pya, py);
          if (wy <= 0) continue;
          const base = (py - lo) * ww - src.c0;
          for (let px = x0; px < x1; px++) {
            const wx = px === x0 || px === x1 - 1 ? Math.min(pxb, px + 1) - Math.max(pxa, px) : 1;
            if (wx <= 0) continue;
            const v = win[base + px]!;
            if (Number.isNaN(v) || v === src.nodata) continue;
            const w = wx * wy;
            if (method === 'average') {
              sw += w;
              swv += w * v;
            } else {
              let i = 0;
              while (i < distinct && modeValues[i] !== v) i++;
              if (i === distinct) {
                if (distinct === modeValues.length) {
                  modeValues = growTo(modeValues, 2 * distinct);
                  modeWeights = growTo(modeWeights, 2 * distinct);
                }
                modeValues[i] = v;
                modeWeights[i] = w;
                distinct++;
              } else modeWeights[i]! += w;
              // A value takes the lead only by strictly exceeding the leader: of tied values,
              // the one that reached the top weight first in the scan wins (as in gdalwarp).
              if (leader < 0 || modeWeights[i]! > modeWeights[leader]!) leader = i;
            }
          }
        }
        if (method === 'average') {
          if (sw > 0) out[row * W + col] = swv / sw;
        } else if (leader >= 0) {
          out[row * W + col] = modeValues[leader]!;
        }
      }
    }
    bandStart = bandEnd;
  }
}

/** A copy of `a` with room for `n` values. */
function growTo(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
