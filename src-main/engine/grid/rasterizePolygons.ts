/**
 * Polygon → grid by the cell-centre rule, with a scanline fill: for each row, the crossings
 * of the ring edges with the row's centre line are sorted and the cells between pairs are
 * filled (even–odd, so holes stay empty). Each row looks only at the edges spanning it, so
 * the work is O(edges + crossings + rows) plus the filled runs, no point-in-polygon per cell.
 *
 * Cell-centre is right for masks on a fine grid; zonal statistics with partial-cell
 * fractions (small townships) belong to the zonal-statistics module.
 */
import type { Feature, Geometry, Position } from 'geojson';
import { cellCentre, type GridSpec } from './gridSpec';
import { isFiniteRing } from './geometryParts';

/** The polygon rings of a geometry (Polygon / MultiPolygon; other types have none). */
export function polygonRings(geom: Geometry | null): Position[][] {
  if (!geom) return [];
  if (geom.type === 'Polygon') return geom.coordinates;
  if (geom.type === 'MultiPolygon') return geom.coordinates.flat();
  if (geom.type === 'GeometryCollection') return geom.geometries.flatMap(polygonRings);
  return [];
}

/** True when (x, y) is inside the ring (even–odd rule; the ring's CRS). */
export function pointInRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < xi + ((y - yi) / (yj - yi)) * (xj - xi)) inside = !inside;
  }
  return inside;
}

/** Crossings of the current row, reused between rows and calls (grown as needed). */
let crossings = new Float64Array(64);

/**
 * Call `run(start, end)` for every run of cells whose centre lies inside `rings` (even–odd,
 * so holes stay out): cell indices start … end − 1 of one row, rows from the north, runs
 * west to east, each cell once. Coordinates in the grid's CRS.
 *
 * Edges are taken in order of the first row they may cross, so a row looks only at the
 * edges spanning it (an active-edge list), not at every edge of every ring; a polygon whose
 * bounding box misses the grid costs a pass over its vertices.
 */
function forEachRunInRings(grid: GridSpec, allRings: Position[][], run: (start: number, end: number) => void): void {
  // A ring with a non-finite vertex (e.g. reprojected out of its domain) has no inside.
  const rings = allRings.filter(isFiniteRing);
  let minX = Infinity;
  let maxX = -Infinity;
  let edgeCount = 0;
  for (const ring of rings) {
    for (const p of ring) {
      if (p[0]! < minX) minX = p[0]!;
      if (p[0]! > maxX) maxX = p[0]!;
    }
    edgeCount += ring.length;
  }
  // No cell centre lies beyond the grid's edges.
  if (!(maxX >= grid.originX && minX <= grid.originX + grid.width * grid.cellSize)) return;
  const cs = grid.cellSize;
  const rowLimit = grid.height - 1;
  // Edges (xi, yi) → (xj, yj) as the crossing formula reads them, and the rows each may cross.
  const ex = new Float64Array(4 * edgeCount);
  const firstRow = new Int32Array(edgeCount);
  const lastRow = new Int32Array(edgeCount);
  let m = 0;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const yi = ring[i]![1]!;
      const yj = ring[j]![1]!;
      if (yi === yj) continue; // a horizontal edge never crosses a row's centre line
      // Rows whose centre y = originY − (row + ½)·cs may lie in [min y, max y): rounded
      // outwards, the exact test per row below decides.
      const r0 = Math.max(0, Math.floor((grid.originY - Math.max(yi, yj)) / cs - 0.5));
      const r1 = Math.min(rowLimit, Math.ceil((grid.originY - Math.min(yi, yj)) / cs - 0.5));
      if (r0 > r1) continue;
      ex[4 * m] = ring[i]![0]!;
      ex[4 * m + 1] = yi;
      ex[4 * m + 2] = ring[j]![0]!;
      ex[4 * m + 3] = yj;
      firstRow[m] = r0;
      lastRow[m] = r1;
      m++;
    }
  }
  if (m === 0) return;
  // Edges in order of their first row, swept from the north with an active list.
  const byFirstRow = new Int32Array(m);
  let rowEnd = 0;
  for (let e = 0; e < m; e++) {
    byFirstRow[e] = e;
    if (lastRow[e]! > rowEnd) rowEnd = lastRow[e]!;
  }
  byFirstRow.sort((a, b) => firstRow[a]! - firstRow[b]!);
  const active = new Int32Array(m);
  let nActive = 0;
  let nextEdge = 0;
  for (let row = firstRow[byFirstRow[0]!]!; row <= rowEnd; row++) {
    while (nextEdge < m && firstRow[byFirstRow[nextEdge]!] === row) active[nActive++] = byFirstRow[nextEdge++]!;
    const y = cellCentre(grid, 0, row)[1];
    let n = 0;
    for (let a = 0; a < nActive; ) {
      const e = active[a]!;
      if (lastRow[e]! < row) {
        active[a] = active[--nActive]!;
        continue;
      }
      a++;
      const yi = ex[4 * e + 1]!;
      const yj = ex[4 * e + 3]!;
      // Half-open rule: a vertex exactly on the line is counted once.
      if (yi > y !== yj > y) {
        const xi = ex[4 * e]!;
        if (n === crossings.length) {
          const grown = new Float64Array(2 * n);
          grown.set(crossings);
          crossings = grown;
        }
        crossings[n++] = xi + ((y - yi) / (yj - yi)) * (ex[4 * e + 2]! - xi);
      }
    }
    if (n < 2) continue;
    sortCrossings(crossings, n);
    for (let k = 0; k + 1 < n; k += 2) {
      // Cells whose centre x lies in [crossings[k], crossings[k+1]).
      const c0 = Math.max(0, Math.ceil((crossings[k]! - grid.originX) / cs - 0.5));
      const c1 = Math.min(grid.width - 1, Math.ceil((crossings[k + 1]! - grid.originX) / cs - 0.5) - 1);
      if (c0 <= c1) run(row * grid.width + c0, row * grid.width + c1 + 1);
    }
  }
}

/** Sort xs[0 … n − 1] ascending in place: insertion sort for the few crossings of a usual row. */
function sortCrossings(xs: Float64Array, n: number): void {
  if (n > 32) {
    xs.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = xs[i]!;
    let j = i - 1;
    while (j >= 0 && xs[j]! > v) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = v;
  }
}

/**
 * Visit every cell whose centre lies inside `rings` (even–odd, so holes stay out), row by
 * row from the north, each cell once. Coordinates in the grid's CRS.
 */
export function forEachCellInRings(grid: GridSpec, allRings: Position[][], visit: (cellIndex: number) => void): void {
  forEachRunInRings(grid, allRings, (start, end) => {
    for (let i = start; i < end; i++) visit(i);
  });
}

/**
 * Burn `value(i)` of each feature into `target` where the feature's polygons cover a cell centre.
 * Coordinates must be in the grid's CRS. Later features overwrite earlier ones.
 */
export function burnPolygons<T extends { [i: number]: number; fill(value: number, start?: number, end?: number): unknown }>(
  grid: GridSpec,
  features: Feature[],
  target: T,
  value: (featureIndex: number) => number,
): T {
  features.forEach((f, fi) => {
    const v = value(fi);
    // Whole runs at a time: a typed array's fill is a memset, not a call per cell.
    forEachRunInRings(grid, polygonRings(f.geometry), (start, end) => target.fill(v, start, end));
  });
  return target;
}

/** A 0/1 mask of the cells whose centre lies inside any of the features' polygons. */
export function polygonMask(grid: GridSpec, features: Feature[]): Uint8Array {
  return burnPolygons(grid, features, new Uint8Array(grid.width * grid.height), () => 1);
}
