/**
 * Exact polygon ∩ cell areas: the fraction of every grid cell a polygon covers, found by
 * clipping the polygon's boundary to the cells (not by the cell-centre rule, which loses a
 * township smaller than a cell and misstates every boundary cell).
 *
 * Method (Green's theorem). For a counter-clockwise ring P and a cell B = [x0,x1]×[y0,y1],
 *   area(P ∩ B) = −∮_P 1[x∈[x0,x1]] · (clamp(y, y0, y1) − y0) dx,
 * so every boundary edge adds, to each cell column it spans, an exact integral of a
 * piecewise-linear function: to the cells it crosses, the integral itself; to every cell
 * below it in that column, the constant −cellSize·dx (added through a running sum down
 * the column, so the work is proportional to the boundary cells, not to the polygon's area).
 * Rings of either orientation are accepted: each ring's sign is normalised from its
 * shoelace area, outer rings add and holes subtract.
 */
import type { Geometry, Position } from 'geojson';
import type { GridSpec } from './gridSpec';
import { polygonsOf } from './geometryParts';

/** The fraction covered of each cell in a window of the grid (a polygon's bounding box). */
export interface CoverageWindow {
  /** First column and row of the window in the grid. */
  col0: number;
  row0: number;
  width: number;
  height: number;
  /** Covered fraction 0…1 per window cell, row-major (window row r, column c at r·width + c). */
  fraction: Float64Array;
}

/** Twice the signed (shoelace) area of a ring: positive when counter-clockwise (x east, y north). */
export function ringSignedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return s;
}

/** Bounding box [minX, minY, maxX, maxY] of rings; null when there are no vertices. */
function ringsBox(polys: Position[][][]): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      for (const p of ring) {
        if (p[0]! < minX) minX = p[0]!;
        if (p[0]! > maxX) maxX = p[0]!;
        if (p[1]! < minY) minY = p[1]!;
        if (p[1]! > maxY) maxY = p[1]!;
      }
    }
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

/**
 * ∫ (clamp(y(x), y0, y1) − y0) dx for y linear from ya to yb over a piece of length `len`
 * (unsigned): the clamp is piecewise linear, so split it where y meets y0 and y1 and use
 * the midpoint rule on each part, which is exact for linear pieces.
 */
function bandIntegral(ya: number, yb: number, len: number, y0: number, y1: number): number {
  const ts = [0, 1];
  const dy = yb - ya;
  if (dy !== 0) {
    const t0 = (y0 - ya) / dy;
    const t1 = (y1 - ya) / dy;
    if (t0 > 0 && t0 < 1) ts.push(t0);
    if (t1 > 0 && t1 < 1) ts.push(t1);
    ts.sort((a, b) => a - b);
  }
  let s = 0;
  for (let k = 0; k + 1 < ts.length; k++) {
    const tm = (ts[k]! + ts[k + 1]!) / 2;
    const y = ya + dy * tm;
    s += (Math.min(y1, Math.max(y0, y)) - y0) * (ts[k + 1]! - ts[k]!);
  }
  return s * len;
}

/**
 * Covered fraction of every cell of `grid` under the polygons of `geom` (coordinates in the
 * grid's CRS). Polygons of a multi-polygon are added, so overlapping parts count twice and
 * the result is capped at 1 per cell. Returns the window of the grid under the geometry's
 * bounding box, or null when the geometry has no polygon or lies outside the grid.
 */
export function polygonCoverage(grid: GridSpec, geom: Geometry | null | undefined): CoverageWindow | null {
  const polys = polygonsOf(geom);
  const box = ringsBox(polys);
  if (!box) return null;
  const cs = grid.cellSize;
  const col0 = Math.max(0, Math.floor((box[0] - grid.originX) / cs));
  const col1 = Math.min(grid.width, Math.ceil((box[2] - grid.originX) / cs));
  const row0 = Math.max(0, Math.floor((grid.originY - box[3]) / cs));
  const row1 = Math.min(grid.height, Math.ceil((grid.originY - box[1]) / cs));
  if (col0 >= col1 || row0 >= row1) return null;
  const W = col1 - col0;
  const H = row1 - row0;
  // Exact integrals of the crossed cells, and per-column steps carried down to the cells below.
  const acc = new Float64Array(W * H);
  const step = new Float64Array(W * (H + 1));
  const wx0 = grid.originX + col0 * cs;
  const wy0 = grid.originY - row0 * cs;

  for (const poly of polys) {
    poly.forEach((ring, ri) => {
      const a2 = ringSignedArea2(ring);
      if (a2 === 0) return;
      // area = −∮ … for CCW outer rings; a hole subtracts; a clockwise ring flips.
      const f = -(ri === 0 ? 1 : -1) * Math.sign(a2);
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const ax = ring[j]![0]!;
        const ay = ring[j]![1]!;
        const bx = ring[i]![0]!;
        const by = ring[i]![1]!;
        if (ax === bx) continue; // vertical edges have no dx
        const dir = bx > ax ? 1 : -1;
        const xl = Math.min(ax, bx);
        const xr = Math.max(ax, bx);
        const slope = (by - ay) / (bx - ax);
        const cA = Math.max(0, Math.floor((xl - wx0) / cs));
        const cB = Math.min(W - 1, Math.ceil((xr - wx0) / cs) - 1);
        for (let c = cA; c <= cB; c++) {
          const x0 = Math.max(xl, wx0 + c * cs);
          const x1 = Math.min(xr, wx0 + (c + 1) * cs);
          const len = x1 - x0;
          if (len <= 0) continue;
          const ya = ay + (x0 - ax) * slope;
          const yb = ay + (x1 - ax) * slope;
          const w = f * dir;
          const ylo = Math.min(ya, yb);
          const yhi = Math.max(ya, yb);
          const rTop = Math.max(0, Math.floor((wy0 - yhi) / cs));
          const rBot = Math.floor((wy0 - ylo) / cs);
          for (let r = rTop; r <= Math.min(H - 1, rBot); r++) {
            const y1 = wy0 - r * cs;
            acc[r * W + c]! += w * bandIntegral(ya, yb, len, y1 - cs, y1);
          }
          // Every cell wholly below the piece sees the full band: cs · len.
          const below = Math.max(0, rBot + 1);
          if (below < H) step[below * W + c]! += w * cs * len;
        }
      }
    });
  }

  const fraction = new Float64Array(W * H);
  const cellArea = cs * cs;
  for (let c = 0; c < W; c++) {
    let carried = 0;
    for (let r = 0; r < H; r++) {
      carried += step[r * W + c]!;
      const v = (acc[r * W + c]! + carried) / cellArea;
      // Rounding leaves ±1e-16-sized residues in empty and full cells.
      fraction[r * W + c] = v < 1e-12 ? 0 : v > 1 - 1e-12 ? 1 : v;
    }
  }
  return { col0, row0, width: W, height: H, fraction };
}

/**
 * Area share of polygons per cell (0…1): the exact fraction of each cell covered by the
 * features' polygons (e.g. share of built-up land, of water). Features are added and the
 * sum is capped at 1, so overlapping features are not double-counted beyond a full cell.
 * Coordinates in the grid's CRS; cells no polygon reaches are 0 (not nodata).
 */
export function polygonAreaShare(grid: GridSpec, geoms: (Geometry | null | undefined)[]): Float64Array {
  const out = new Float64Array(grid.width * grid.height);
  for (const g of geoms) {
    const win = polygonCoverage(grid, g);
    if (!win) continue;
    for (let r = 0; r < win.height; r++) {
      const base = (win.row0 + r) * grid.width + win.col0;
      for (let c = 0; c < win.width; c++) {
        const v = win.fraction[r * win.width + c]!;
        if (v > 0) out[base + c] = Math.min(1, out[base + c]! + v);
      }
    }
  }
  return out;
}
