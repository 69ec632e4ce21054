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

/** One linear part of {@link bandIntegral}: ∫ over t ∈ [ta, tb] of clamp(ya + dy·t, y0, y1) − y0, by the midpoint rule. */
function bandPart(ya: number, dy: number, y0: number, y1: number, ta: number, tb: number): number {
  const y = ya + dy * ((ta + tb) / 2);
  return (Math.min(y1, Math.max(y0, y)) - y0) * (tb - ta);
}

/**
 * ∫ (clamp(y(x), y0, y1) − y0) dx for y linear from ya to yb over a piece of length `len`
 * (unsigned): the clamp is piecewise linear, so split it where y meets y0 and y1 and use
 * the midpoint rule on each part, which is exact for linear parts. Called for every boundary
 * cell, so the (at most two) split points are kept in locals, in ascending order, rather than
 * in an array to sort.
 */
function bandIntegral(ya: number, yb: number, len: number, y0: number, y1: number): number {
  const dy = yb - ya;
  // Split points strictly inside (0, 1); 2 stands for "none".
  let u = 2;
  let v = 2;
  if (dy !== 0) {
    const t0 = (y0 - ya) / dy;
    const t1 = (y1 - ya) / dy;
    const a = t0 > 0 && t0 < 1 ? t0 : 2;
    const b = t1 > 0 && t1 < 1 ? t1 : 2;
    u = Math.min(a, b);
    v = Math.max(a, b);
  }
  let s = 0;
  let t = 0;
  if (u < 2) {
    s += bandPart(ya, dy, y0, y1, t, u);
    t = u;
  }
  if (v < 2) {
    s += bandPart(ya, dy, y0, y1, t, v);
    t = v;
  }
  s += bandPart(ya, dy, y0, y1, t, 1);
  return s * len;
}

/** Windows up to this many cells reuse module scratch arrays; larger ones (whole-grid calls) get their own, freed after the call. */
const SCRATCH_CELLS = 1 << 20;
/** Bits of `touched`: the cell has an exact integral (acc) / a step carried down its column (step). */
const ACC = 1;
const STEP = 2;

/**
 * Per-cell accumulators of {@link polygonCoverage}, all zero between calls: a call resets
 * exactly the cells it touched, so a tile costs its boundary cells, not its area.
 */
const scratch = { acc: new Float64Array(0), step: new Float64Array(0), touched: new Uint8Array(0) };

/** The touched cells of each window row of the current call, as linked lists: first entry per row, then column and next entry per entry. */
const rowCells = { head: new Int32Array(0), col: new Int32Array(1024), next: new Int32Array(1024), count: 0 };

/** Start the per-row lists for a window of `height` rows. */
function clearRowCells(height: number): void {
  if (rowCells.head.length < height) rowCells.head = new Int32Array(height);
  rowCells.head.fill(-1, 0, height);
  rowCells.count = 0;
}

/** Add cell (r, c) to row r's list (once per cell: the caller checks `touched`). */
function noteRowCell(r: number, c: number): void {
  const e = rowCells.count++;
  if (e === rowCells.col.length) {
    rowCells.col = grow(rowCells.col);
    rowCells.next = grow(rowCells.next);
  }
  rowCells.col[e] = c;
  rowCells.next[e] = rowCells.head[r]!;
  rowCells.head[r] = e;
}

/** A copy of `a` with twice the room. */
function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Clamp rounding residues: ±1e-16-sized values in empty and full cells become exactly 0 and 1. */
function settle(v: number): number {
  return v < 1e-12 ? 0 : v > 1 - 1e-12 ? 1 : v;
}

/**
 * Covered fraction of every cell of `grid` under the polygons of `geom` (coordinates in the
 * grid's CRS). Polygons of a multi-polygon are added, so overlapping parts count twice and
 * the result is capped at 1 per cell. Returns the window of the grid under the geometry's
 * bounding box, or null when the geometry has no polygon or its bounding box misses the grid.
 *
 * Called per tile, so the work is proportional to the boundary cells in the window plus a
 * row copy per window row: the exact integrals and column steps are summed in sparse
 * scratch (edge order, as a dense sum would), and between boundary cells each column keeps
 * its running value, which is copied row by row.
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
  const n = W * H;
  // A window too large for the scratch gets accumulators of its own, so the module keeps no whole-grid arrays.
  const own = n > SCRATCH_CELLS;
  if (!own && scratch.acc.length < n) {
    scratch.acc = new Float64Array(n);
    scratch.step = new Float64Array(n);
    scratch.touched = new Uint8Array(n);
  }
  // Exact integrals of the crossed cells, and per-column steps carried down to the cells below.
  const acc = own ? new Float64Array(n) : scratch.acc;
  const step = own ? new Float64Array(n) : scratch.step;
  const touched = own ? new Uint8Array(n) : scratch.touched;
  clearRowCells(H);
  const wx0 = grid.originX + col0 * cs;
  const wy0 = grid.originY - row0 * cs;

  for (const poly of polys) {
    for (let ri = 0; ri < poly.length; ri++) {
      const ring = poly[ri]!;
      const a2 = ringSignedArea2(ring);
      if (a2 === 0) continue;
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
            const k = r * W + c;
            if (touched[k] === 0) noteRowCell(r, c);
            touched[k]! |= ACC;
            const y1 = wy0 - r * cs;
            acc[k]! += w * bandIntegral(ya, yb, len, y1 - cs, y1);
          }
          // Every cell wholly below the piece sees the full band: cs · len.
          const below = Math.max(0, rBot + 1);
          if (below < H) {
            const k = below * W + c;
            if (touched[k] === 0) noteRowCell(below, c);
            touched[k]! |= STEP;
            step[k]! += w * cs * len;
          }
        }
      }
    }
  }

  // Row by row: a column's value changes only where a step lands, so every row starts as a
  // copy of the columns' running values and only the cells with an exact integral differ.
  const fraction = new Float64Array(n);
  const cellArea = cs * cs;
  const carried = new Float64Array(W);
  const columnValue = new Float64Array(W);
  let nonZero = 0;
  const { head, col, next } = rowCells;
  for (let r = 0; r < H; r++) {
    for (let e = head[r]!; e >= 0; e = next[e]!) {
      const c = col[e]!;
      const k = r * W + c;
      if (touched[k]! & STEP) {
        carried[c]! += step[k]!;
        step[k] = 0;
        const v = settle(carried[c]! / cellArea);
        nonZero += (v !== 0 ? 1 : 0) - (columnValue[c] !== 0 ? 1 : 0);
        columnValue[c] = v;
      }
    }
    if (nonZero > 0) fraction.set(columnValue, r * W);
    for (let e = head[r]!; e >= 0; e = next[e]!) {
      const c = col[e]!;
      const k = r * W + c;
      if (touched[k]! & ACC) {
        fraction[k] = settle((acc[k]! + carried[c]!) / cellArea);
        acc[k] = 0;
      }
      touched[k] = 0;
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
