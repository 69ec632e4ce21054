/**
 * Polygon → grid by the cell-centre rule, with a scanline fill: for each row, the crossings
 * of every ring edge with the row's centre line are sorted and the cells between pairs are
 * filled (even–odd, so holes stay empty). O(edges × rows + cells), no point-in-polygon per cell.
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

/**
 * Visit every cell whose centre lies inside `rings` (even–odd, so holes stay out), row by
 * row from the north, each cell once. Coordinates in the grid's CRS.
 */
export function forEachCellInRings(grid: GridSpec, allRings: Position[][], visit: (cellIndex: number) => void): void {
  // A ring with a non-finite vertex (e.g. reprojected out of its domain) has no inside.
  const rings = allRings.filter(isFiniteRing);
  if (rings.length === 0) return;
  // Only the rows under the rings' vertical extent can have crossings.
  let minY = Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const p of ring) {
      if (p[1]! < minY) minY = p[1]!;
      if (p[1]! > maxY) maxY = p[1]!;
    }
  }
  const rowStart = Math.max(0, Math.floor((grid.originY - maxY) / grid.cellSize - 0.5));
  const rowEnd = Math.min(grid.height - 1, Math.ceil((grid.originY - minY) / grid.cellSize - 0.5));
  for (let row = rowStart; row <= rowEnd; row++) {
    const y = cellCentre(grid, 0, row)[1];
    const xs: number[] = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]! as [number, number];
        const [xj, yj] = ring[j]! as [number, number];
        // Half-open rule: a vertex exactly on the line is counted once.
        if (yi > y !== yj > y) xs.push(xi + ((y - yi) / (yj - yi)) * (xj - xi));
      }
    }
    if (xs.length < 2) continue;
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Cells whose centre x lies in [xs[k], xs[k+1]).
      const c0 = Math.max(0, Math.ceil((xs[k]! - grid.originX) / grid.cellSize - 0.5));
      const c1 = Math.min(grid.width - 1, Math.ceil((xs[k + 1]! - grid.originX) / grid.cellSize - 0.5) - 1);
      for (let c = c0; c <= c1; c++) visit(row * grid.width + c);
    }
  }
}

/**
 * Burn `value(i)` of each feature into `target` where the feature's polygons cover a cell centre.
 * Coordinates must be in the grid's CRS. Later features overwrite earlier ones.
 */
export function burnPolygons<T extends { [i: number]: number }>(
  grid: GridSpec,
  features: Feature[],
  target: T,
  value: (featureIndex: number) => number,
): T {
  features.forEach((f, fi) => {
    const v = value(fi);
    forEachCellInRings(grid, polygonRings(f.geometry), (i) => {
      target[i] = v;
    });
  });
  return target;
}

/** A 0/1 mask of the cells whose centre lies inside any of the features' polygons. */
export function polygonMask(grid: GridSpec, features: Feature[]): Uint8Array {
  return burnPolygons(grid, features, new Uint8Array(grid.width * grid.height), () => 1);
}
