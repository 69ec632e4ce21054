/**
 * Raster → polygons: every 4-connected region of equal label becomes one polygon (with
 * holes) following the cell edges, in grid CRS coordinates. Boundary edges are traced
 * with the region on their left, so outer rings come out counter-clockwise and holes
 * clockwise (GeoJSON's RFC 7946 winding); collinear vertices are dropped.
 *
 * Written by hand: turf has no raster polygoniser and GDAL is not a product dependency.
 * Iterative throughout (no recursion), O(cells).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { GridSpec } from '../grid/gridSpec';
import { pointInRing } from '../grid/rasterizePolygons';

/** A region: its label, the cells in it, and its polygon. */
export interface Region {
  label: number;
  cells: number;
  /** Index of one cell of the region (for attribute look-ups). */
  seed: number;
  polygon: Polygon | MultiPolygon;
}

/**
 * Connected regions (4-connectivity) of `labels`; cells equal to `nodata` belong to none.
 * @returns region id per cell (−1 for nodata) and the count.
 */
export function labelRegions(labels: ArrayLike<number>, width: number, height: number, nodata: number): { region: Int32Array; count: number } {
  const region = new Int32Array(width * height).fill(-1);
  const stack: number[] = [];
  let count = 0;
  for (let start = 0; start < region.length; start++) {
    if (region[start] !== -1 || labels[start] === nodata) continue;
    const l = labels[start]!;
    region[start] = count;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const c = i % width;
      const r = (i - c) / width;
      const visit = (j: number): void => {
        if (region[j] === -1 && labels[j] === l) {
          region[j] = count;
          stack.push(j);
        }
      };
      if (c > 0) visit(i - 1);
      if (c + 1 < width) visit(i + 1);
      if (r > 0) visit(i - width);
      if (r + 1 < height) visit(i + width);
    }
    count++;
  }
  return { region, count };
}

/** Signed area (shoelace), positive for counter-clockwise rings in a y-up CRS. */
export function ringArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s / 2;
}

/**
 * Polygons of the regions of `labels` on `grid`. Vertices are cell corners (exact grid
 * coordinates); each region's outer ring comes first, then its holes.
 */
export function polygonise(labels: ArrayLike<number>, grid: GridSpec, nodata: number): Region[] {
  const { width: W, height: H } = grid;
  const { region, count } = labelRegions(labels, W, H, nodata);
  const cells = new Int32Array(count);
  const seeds = new Int32Array(count).fill(-1);
  for (let i = 0; i < region.length; i++) {
    const g = region[i]!;
    if (g < 0) continue;
    cells[g]!++;
    if (seeds[g] === -1) seeds[g] = i;
  }
  // Directed boundary edges per region, region on the left; vertices as corner indices
  // v = row * (W + 1) + col in corner space (row 0 = north edge).
  const V = W + 1;
  const edges: Map<number, number[]>[] = Array.from({ length: count }, () => new Map());
  const addEdge = (g: number, from: number, to: number): void => {
    const m = edges[g]!;
    const list = m.get(from);
    if (list) list.push(to);
    else m.set(from, [to]);
  };
  const at = (c: number, r: number): number => (c < 0 || r < 0 || c >= W || r >= H ? -1 : region[r * W + c]!);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const g = region[r * W + c]!;
      if (g < 0) continue;
      // With y up and rows going south, "left of the direction" is inside when walking
      // the north edge westward, the west edge southward, the south edge eastward, the east edge northward.
      if (at(c, r - 1) !== g) addEdge(g, r * V + c + 1, r * V + c);
      if (at(c - 1, r) !== g) addEdge(g, r * V + c, (r + 1) * V + c);
      if (at(c, r + 1) !== g) addEdge(g, (r + 1) * V + c, (r + 1) * V + c + 1);
      if (at(c + 1, r) !== g) addEdge(g, (r + 1) * V + c + 1, r * V + c + 1);
    }
  const toXY = (v: number): [number, number] => {
    const c = v % V;
    const r = (v - c) / V;
    return [grid.originX + c * grid.cellSize, grid.originY - r * grid.cellSize];
  };
  const out: Region[] = [];
  for (let g = 0; g < count; g++) {
    const m = edges[g]!;
    const rings: Position[][] = [];
    for (const [startFrom] of m) {
      while (m.get(startFrom)?.length) {
        const ring: number[] = [startFrom];
        let prev = startFrom;
        let cur = m.get(startFrom)!.pop()!;
        let dirPrev = cur - prev;
        while (cur !== startFrom) {
          ring.push(cur);
          const options = m.get(cur)!;
          // At a pinch vertex (the region's cells meet only diagonally there) turn right: the
          // ring then hugs the cell outside the region, so two holes, or a hole and the shell,
          // that touch at the vertex stay two rings touching at a point (valid), rather than
          // one self-touching ring (invalid), as GDAL does.
          let k = 0;
          if (options.length > 1) {
            const dx0 = dirPrev === 1 ? 1 : dirPrev === -1 ? -1 : 0;
            const dy0 = dirPrev === V ? 1 : dirPrev === -V ? -1 : 0;
            const rightStep = dx0 !== 0 ? dx0 * V : -dy0; // rows grow south, so east→south, north→east
            k = Math.max(0, options.findIndex((to) => to - cur === rightStep));
          }
          const next = options.splice(k, 1)[0]!;
          if (!options.length) m.delete(cur);
          dirPrev = next - cur;
          prev = cur;
          cur = next;
        }
        if (!m.get(startFrom)?.length) m.delete(startFrom);
        // Drop collinear vertices.
        const pts = ring.map(toXY);
        const simple: Position[] = [];
        for (let i = 0; i < pts.length; i++) {
          const a = pts[(i - 1 + pts.length) % pts.length]!;
          const b = pts[i]!;
          const d = pts[(i + 1) % pts.length]!;
          if ((b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]) !== 0) simple.push(b);
        }
        simple.push(simple[0]!);
        rings.push(simple);
      }
    }
    const outers = rings.filter((r) => ringArea(r) > 0);
    const holes = rings.filter((r) => ringArea(r) < 0);
    out.push({ label: labels[seeds[g]!]!, cells: cells[g]!, seed: seeds[g]!, polygon: assemble(outers, holes, grid.cellSize) });
  }
  return out;
}

/**
 * One shell with its holes. A 4-connected region has a single outer ring; should tracing
 * ever give more, each hole goes to the shell that contains a point just inside the region
 * next to the hole, and the result is a MultiPolygon rather than a dropped ring.
 */
function assemble(outers: Position[][], holes: Position[][], cell: number): Polygon | MultiPolygon {
  if (outers.length === 1) return { type: 'Polygon', coordinates: [outers[0]!, ...holes] };
  const polys = outers.map((o) => [o]);
  for (const h of holes) {
    const [x0, y0] = h[0] as [number, number];
    const [x1, y1] = h[1] as [number, number];
    const len = Math.hypot(x1 - x0, y1 - y0);
    // The region lies to the left of a hole's edges.
    const px = (x0 + x1) / 2 - ((y1 - y0) / len) * cell * 0.25;
    const py = (y0 + y1) / 2 + ((x1 - x0) / len) * cell * 0.25;
    (polys.find((p) => pointInRing(px, py, p[0]!)) ?? polys[0]!).push(h);
  }
  return { type: 'MultiPolygon', coordinates: polys };
}
