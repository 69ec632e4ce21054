/**
 * Exact Euclidean distance from every cell centre to the nearest feature — points, line
 * segments and polygon boundaries, 0 inside polygons — through a uniform-bin spatial index
 * of the segments, searched in growing rings of bins until no unvisited bin can hold a
 * closer segment. Coordinates in the grid's (projected, metre) CRS; distances in metres.
 * Features outside the grid count as well, so any tile of a grid gets exactly the values
 * the whole grid has there.
 */
import type { Geometry, Position } from 'geojson';
import type { GridSpec } from './gridSpec';
import { cellCentre } from './gridSpec';
import { forEachCellInRings, polygonRings } from './rasterizePolygons';
import { lineStringsOf, pointsOf } from './geometryParts';

/** Squared distance from (px, py) to the rectangle [x0, x1] × [y0, y1] (0 inside). */
function rectDist2(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = px < x0 ? x0 - px : px > x1 ? px - x1 : 0;
  const dy = py < y0 ? y0 - py : py > y1 ? py - y1 : 0;
  return dx * dx + dy * dy;
}

/**
 * Segments (a point is a zero-length segment) in uniform square bins. `x1[i], y1[i] → x2[i], y2[i]`.
 */
export class SegmentIndex {
  readonly x1: Float64Array;
  readonly y1: Float64Array;
  readonly x2: Float64Array;
  readonly y2: Float64Array;
  readonly binSize: number;
  readonly minX: number;
  readonly minY: number;
  readonly cols: number;
  readonly rows: number;
  /** Segment ids per bin, CSR layout: ids of bin b are binIds[binStart[b] … binStart[b+1]). */
  private readonly binStart: Int32Array;
  private readonly binIds: Int32Array;
  private readonly stamp: Int32Array;
  private query = 0;

  /** @param segs flat [x1, y1, x2, y2, …]; @param binSize bin edge (CRS units); default from the extent and segment count. */
  constructor(segs: number[], binSize?: number) {
    const n = segs.length / 4;
    this.x1 = new Float64Array(n);
    this.y1 = new Float64Array(n);
    this.x2 = new Float64Array(n);
    this.y2 = new Float64Array(n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      this.x1[i] = segs[4 * i]!;
      this.y1[i] = segs[4 * i + 1]!;
      this.x2[i] = segs[4 * i + 2]!;
      this.y2[i] = segs[4 * i + 3]!;
      minX = Math.min(minX, this.x1[i]!, this.x2[i]!);
      maxX = Math.max(maxX, this.x1[i]!, this.x2[i]!);
      minY = Math.min(minY, this.y1[i]!, this.y2[i]!);
      maxY = Math.max(maxY, this.y1[i]!, this.y2[i]!);
    }
    const span = Math.max(maxX - minX, maxY - minY, 1e-9);
    // About one segment per bin on average, but never more than 1024 bins a side.
    this.binSize = binSize ?? Math.max(span / 1024, span / Math.max(1, Math.sqrt(n)));
    this.minX = minX;
    this.minY = minY;
    this.cols = n ? Math.floor((maxX - minX) / this.binSize) + 1 : 0;
    this.rows = n ? Math.floor((maxY - minY) / this.binSize) + 1 : 0;
    const counts = new Int32Array(this.cols * this.rows + 1);
    const range = (i: number): [number, number, number, number] => [
      Math.floor((Math.min(this.x1[i]!, this.x2[i]!) - minX) / this.binSize),
      Math.floor((Math.min(this.y1[i]!, this.y2[i]!) - minY) / this.binSize),
      Math.floor((Math.max(this.x1[i]!, this.x2[i]!) - minX) / this.binSize),
      Math.floor((Math.max(this.y1[i]!, this.y2[i]!) - minY) / this.binSize),
    ];
    // A segment goes into every bin its bounding box touches (conservative, never missed).
    for (let i = 0; i < n; i++) {
      const [c0, r0, c1, r1] = range(i);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) counts[r * this.cols + c + 1]!++;
    }
    for (let b = 0; b < this.cols * this.rows; b++) counts[b + 1]! += counts[b]!;
    this.binStart = counts.slice();
    this.binIds = new Int32Array(counts[this.cols * this.rows]!);
    const fill = counts.slice();
    for (let i = 0; i < n; i++) {
      const [c0, r0, c1, r1] = range(i);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.binIds[fill[r * this.cols + c]!++] = i;
    }
    this.stamp = new Int32Array(n);
  }

  /**
   * Lower bound (squared, bin units) on the distance from (fx, fy) to any bin outside columns
   * cL…cR × rows rL…rR; Infinity when that block is the whole index.
   */
  private unvisitedBound2(fx: number, fy: number, cL: number, cR: number, rL: number, rR: number): number {
    let d = Infinity;
    if (cL > 0) d = Math.min(d, rectDist2(fx, fy, 0, 0, cL, this.rows));
    if (cR + 1 < this.cols) d = Math.min(d, rectDist2(fx, fy, cR + 1, 0, this.cols, this.rows));
    if (rL > 0) d = Math.min(d, rectDist2(fx, fy, cL, 0, cR + 1, rL));
    if (rR + 1 < this.rows) d = Math.min(d, rectDist2(fx, fy, cL, rR + 1, cR + 1, this.rows));
    return d;
  }

  /** Number of indexed segments. */
  get size(): number {
    return this.x1.length;
  }

  /** Squared distance from (px, py) to segment i. */
  private segDist2(i: number, px: number, py: number): number {
    const ax = this.x1[i]!;
    const ay = this.y1[i]!;
    const dx = this.x2[i]! - ax;
    const dy = this.y2[i]! - ay;
    const l2 = dx * dx + dy * dy;
    let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = ax + t * dx - px;
    const ey = ay + t * dy - py;
    return ex * ex + ey * ey;
  }

  /** Distance from (px, py) to the nearest segment; Infinity for an empty index. */
  nearest(px: number, py: number): number {
    if (this.size === 0) return Infinity;
    const q = ++this.query;
    const fx = (px - this.minX) / this.binSize;
    const fy = (py - this.minY) / this.binSize;
    // Start from the bin nearest the query (the query may lie outside the indexed extent).
    const bc = Math.min(this.cols - 1, Math.max(0, Math.floor(fx)));
    const br = Math.min(this.rows - 1, Math.max(0, Math.floor(fy)));
    const maxK = Math.max(this.cols, this.rows);
    let best = Infinity;
    for (let k = 0; k <= maxK; k++) {
      for (let r = br - k; r <= br + k; r++) {
        if (r < 0 || r >= this.rows) continue;
        const edge = r === br - k || r === br + k;
        for (let c = bc - k; c <= bc + k; c += edge ? 1 : 2 * k) {
          if (c >= 0 && c < this.cols) {
            const b = r * this.cols + c;
            for (let j = this.binStart[b]!; j < this.binStart[b + 1]!; j++) {
              const s = this.binIds[j]!;
              if (this.stamp[s] === q) continue;
              this.stamp[s] = q;
              const d2 = this.segDist2(s, px, py);
              if (d2 < best) best = d2;
            }
          }
          if (k === 0) break;
        }
      }
      // Unvisited bins lie in the indexed extent outside the block of rings 0…k: up to four
      // strips around it. Stop when none of them can be nearer than the best found so far.
      const bound2 = this.unvisitedBound2(fx, fy, Math.max(0, bc - k), Math.min(this.cols - 1, bc + k), Math.max(0, br - k), Math.min(this.rows - 1, br + k));
      if (best <= bound2 * this.binSize * this.binSize) break;
    }
    return Math.sqrt(best);
  }
}

/** Flat segment list [x1, y1, x2, y2, …] of points, lines and polygon rings. */
export function segmentsOf(geoms: (Geometry | null | undefined)[]): number[] {
  const segs: number[] = [];
  // Segments with a non-finite end (e.g. reprojected out of their domain) are left out.
  const push = (a: Position, b: Position): void => {
    if (Number.isFinite(a[0]! + a[1]! + b[0]! + b[1]!)) segs.push(a[0]!, a[1]!, b[0]!, b[1]!);
  };
  for (const g of geoms) {
    for (const p of pointsOf(g)) push(p, p);
    for (const part of [...lineStringsOf(g), ...polygonRings(g ?? null)]) {
      if (part.length === 1) push(part[0]!, part[0]!);
      for (let i = 1; i < part.length; i++) push(part[i - 1]!, part[i]!);
    }
  }
  return segs;
}

/**
 * Euclidean distance (metres) from every cell centre of `grid` to the nearest feature:
 * to points, to line segments (not just their vertices), to polygon boundaries, and 0 for
 * cells whose centre is inside a polygon. NaN everywhere when there are no features.
 */
export function distanceToFeatures(grid: GridSpec, geoms: (Geometry | null | undefined)[]): Float64Array {
  const index = new SegmentIndex(segmentsOf(geoms));
  const out = new Float64Array(grid.width * grid.height);
  if (index.size === 0) return out.fill(NaN);
  const inside = new Uint8Array(out.length);
  for (const g of geoms) {
    forEachCellInRings(grid, polygonRings(g ?? null), (i) => {
      inside[i] = 1;
    });
  }
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const i = row * grid.width + col;
      if (inside[i]) continue; // 0
      const [x, y] = cellCentre(grid, col, row);
      out[i] = index.nearest(x, y);
    }
  }
  return out;
}
