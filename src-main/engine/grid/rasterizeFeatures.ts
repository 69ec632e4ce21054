/**
 * Vector → grid by counting: presence, count, attribute sum and density per km² of
 * features, and length / density of lines. Coordinates must already be in the grid's
 * (projected, metre) CRS. Every function fills exactly the cells of the GridSpec it is
 * given, so a tile of a larger grid gets the same values as the whole grid does there.
 *
 * Which cells a feature "hits" (as gdal_rasterize does it):
 * - a point hits the cell it lies in (a point on a cell edge goes to the cell east / south of it);
 * - a line hits every cell it passes through with a positive length (gdal_rasterize -at);
 * - a polygon hits the cells whose centre is inside it (gdal_rasterize's default rule; for
 *   exact partial-cell shares use `polygonAreaShare`).
 * A feature is counted once per cell however many of its parts fall there.
 */
import type { Geometry, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { GridSpec } from './gridSpec';
import { forEachCellInRings, polygonRings } from './rasterizePolygons';
import { lineStringsOf, pointsOf } from './geometryParts';

/** What is written per cell: 0/1, number of features, Σ weight, or Σ weight per km². */
export type CountMeasure = 'presence' | 'count' | 'sum' | 'density';

/** Index of the cell holding (x, y), or −1 outside the grid. */
function cellAt(grid: GridSpec, x: number, y: number): number {
  const c = Math.floor((x - grid.originX) / grid.cellSize);
  const r = Math.floor((grid.originY - y) / grid.cellSize);
  return c < 0 || r < 0 || c >= grid.width || r >= grid.height ? -1 : r * grid.width + c;
}

/**
 * Visit every grid cell a polyline passes through with the length (CRS units, metres) of
 * the polyline inside it. Each segment is cut where it crosses a column or row line; each
 * piece lies in one cell, found from its midpoint, so the lengths are exact and add up to
 * the part of the line inside the grid.
 */
export function forEachLineCell(grid: GridSpec, line: Position[], visit: (cellIndex: number, length: number) => void): void {
  const cs = grid.cellSize;
  for (let i = 1; i < line.length; i++) {
    const ax = line[i - 1]![0]!;
    const ay = line[i - 1]![1]!;
    const bx = line[i]![0]!;
    const by = line[i]![1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const segLen = Math.hypot(dx, dy);
    // Zero-length, or a non-finite end (e.g. reprojected out of its domain): nothing to add.
    if (segLen === 0 || !Number.isFinite(segLen)) continue;
    const ts = [0, 1];
    if (dx !== 0) {
      const u0 = (Math.min(ax, bx) - grid.originX) / cs;
      const u1 = (Math.max(ax, bx) - grid.originX) / cs;
      for (let k = Math.max(0, Math.ceil(u0)); k <= Math.min(grid.width, Math.floor(u1)); k++) ts.push((grid.originX + k * cs - ax) / dx);
    }
    if (dy !== 0) {
      const v0 = (grid.originY - Math.max(ay, by)) / cs;
      const v1 = (grid.originY - Math.min(ay, by)) / cs;
      for (let k = Math.max(0, Math.ceil(v0)); k <= Math.min(grid.height, Math.floor(v1)); k++) ts.push((grid.originY - k * cs - ay) / dy);
    }
    ts.sort((a, b) => a - b);
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = Math.max(0, ts[k]!);
      const t1 = Math.min(1, ts[k + 1]!);
      if (t1 <= t0) continue;
      const tm = (t0 + t1) / 2;
      const cell = cellAt(grid, ax + dx * tm, ay + dy * tm);
      if (cell >= 0) visit(cell, (t1 - t0) * segLen);
    }
  }
}

/** Visit each cell `geom` hits (rules in the module comment), each cell once. */
export function forEachHitCell(grid: GridSpec, geom: Geometry | null | undefined, visit: (cellIndex: number) => void): void {
  const seen = new Set<number>();
  const once = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    visit(i);
  };
  for (const p of pointsOf(geom)) {
    const i = cellAt(grid, p[0]!, p[1]!);
    if (i >= 0) once(i);
  }
  for (const line of lineStringsOf(geom)) forEachLineCell(grid, line, (i, len) => len > 0 && once(i));
  forEachCellInRings(grid, polygonRings(geom ?? null), once);
}

/**
 * Count-type rasterisation of features onto `grid`.
 * - presence: 1 where any feature hits the cell, else 0;
 * - count: number of features hitting the cell;
 * - sum: Σ weights[i] of the features hitting it (e.g. buildings' floor area, shelters' capacity);
 * - density: that sum (or the count, without weights) per km² of cell area (cellSize in metres).
 * Features whose weight is not finite (null attribute) add nothing. Cells no feature hits are
 * 0 (a true zero, not nodata).
 * @param weights one per feature; required for `sum`, optional for `density`.
 */
export function rasterizeFeatures(grid: GridSpec, geoms: (Geometry | null | undefined)[], measure: CountMeasure, weights?: ArrayLike<number>): Float64Array {
  if (measure === 'sum' && !weights) throw new RiskAtlasError('E_ARG_INVALID', 'an attribute sum needs a weight (field value) per feature');
  if (weights && weights.length !== geoms.length) {
    throw new RiskAtlasError('E_ARG_INVALID', `${weights.length} weights for ${geoms.length} features`);
  }
  const out = new Float64Array(grid.width * grid.height);
  geoms.forEach((g, fi) => {
    const w = measure === 'presence' || measure === 'count' || !weights ? 1 : weights[fi]!;
    if (!Number.isFinite(w)) return;
    forEachHitCell(grid, g, (i) => {
      if (measure === 'presence') out[i] = 1;
      else out[i]! += w;
    });
  });
  if (measure === 'density') {
    const perKm2 = 1e6 / (grid.cellSize * grid.cellSize);
    for (let i = 0; i < out.length; i++) out[i]! *= perKm2;
  }
  return out;
}

/**
 * Length of lines per cell, metres (grid CRS units), or with `perKm2` the line density in
 * metres per km² of cell (e.g. road or river network density). Polygon and point features
 * contribute nothing; cells no line crosses are 0.
 */
export function lineLengthGrid(grid: GridSpec, geoms: (Geometry | null | undefined)[], perKm2 = false): Float64Array {
  const out = new Float64Array(grid.width * grid.height);
  for (const g of geoms) {
    for (const line of lineStringsOf(g)) {
      forEachLineCell(grid, line, (i, len) => {
        out[i]! += len;
      });
    }
  }
  if (perKm2) {
    const perKm2Factor = 1e6 / (grid.cellSize * grid.cellSize);
    for (let i = 0; i < out.length; i++) out[i]! *= perKm2Factor;
  }
  return out;
}
