/**
 * Align a raster to the analysis grid: for every grid cell centre, find the matching
 * position in the source raster (through a CRS transform when the CRSs differ) and sample
 * it. Inverse mapping, so every output cell gets exactly one value and reprojection and
 * resampling are one step. Only the source window under the grid is read.
 */
import { RiskAtlasError } from '../errors';
import { transformer } from '../crs/registry';
import type { RasterSource } from '../io/layer';
import { cellCentre, type GridSpec } from './gridSpec';

export type ResampleMethod = 'nearest' | 'bilinear';

/** Points sampled along each grid edge to find the source window (a curved edge after reprojection is covered). */
const EDGE_SAMPLES = 32;

/**
 * Sample `source` (band 1-based) on `grid`. Cells outside the source or on source nodata
 * become NaN (RiskAtlas's in-memory nodata). Bilinear falls back to nearest where a
 * neighbour is nodata, so nodata never bleeds into a valid value.
 * @returns Float64Array of grid.width × grid.height, row-major from the north-west cell.
 */
export async function alignRaster(source: RasterSource, grid: GridSpec, method: ResampleMethod, band = 1): Promise<Float64Array> {
  const meta = source.meta;
  if (!meta.crs || meta.crs.epsg === null) {
    throw new RiskAtlasError('E_CRS_MISSING', 'the raster has no EPSG-coded CRS; it cannot be aligned', { file: meta.path });
  }
  if (band < 1 || band > meta.bands) {
    throw new RiskAtlasError('E_MODEL_LAYER', `band ${band} requested, the raster has ${meta.bands}`, { file: meta.path });
  }
  const toSource = transformer(grid.epsg, meta.crs.epsg);
  const [gx0, sx, , gy0, , sy] = meta.geoTransform;
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
