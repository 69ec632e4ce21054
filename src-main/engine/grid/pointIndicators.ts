/**
 * Vector → grid indicators for point (and line-vertex) features: kernel density and
 * Euclidean distance. Coordinates must already be in the grid's (projected, metre) CRS.
 */
import type { Feature, Position } from 'geojson';
import { cellCentre, type GridSpec } from './gridSpec';
import { SegmentIndex } from './distance';

/** A weighted location in grid CRS metres. */
export interface WeightedPoint {
  x: number;
  y: number;
  w: number;
}

/** Every vertex of a geometry: points as they are, lines and polygons by their vertices. */
export function vertices(f: Feature): Position[] {
  const g = f.geometry;
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap((geometry) => vertices({ type: 'Feature', properties: null, geometry }));
  }
}

/**
 * Quartic (biweight) kernel density, as in ArcGIS Kernel Density and QGIS Heatmap:
 * density(c) = Σ w · 3/(π r²) · (1 − d²/r²)² over points within r of the cell centre.
 * @param radius search radius, metres.
 * @returns weight per km² for every cell (0 where no point is within reach).
 */
export function kernelDensity(grid: GridSpec, points: WeightedPoint[], radius: number): Float64Array {
  const out = new Float64Array(grid.width * grid.height);
  const r2 = radius * radius;
  const norm = (3 / (Math.PI * r2)) * 1e6; // per m² → per km²
  const reach = Math.ceil(radius / grid.cellSize);
  for (const p of points) {
    // Only the cells within the radius: scatter instead of gathering over all points.
    const pc = Math.floor((p.x - grid.originX) / grid.cellSize);
    const pr = Math.floor((grid.originY - p.y) / grid.cellSize);
    for (let row = Math.max(0, pr - reach); row <= Math.min(grid.height - 1, pr + reach); row++) {
      for (let col = Math.max(0, pc - reach); col <= Math.min(grid.width - 1, pc + reach); col++) {
        const [x, y] = cellCentre(grid, col, row);
        const d2 = (x - p.x) ** 2 + (y - p.y) ** 2;
        if (d2 >= r2) continue;
        const t = 1 - d2 / r2;
        out[row * grid.width + col]! += p.w * norm * t * t;
      }
    }
  }
  return out;
}

/**
 * Euclidean distance (metres) from every cell centre to the nearest point, through the
 * segment index of distance.ts (a point is a zero-length segment); NaN everywhere when
 * there are no points. For lines and polygons use `distanceToFeatures`.
 */
export function distanceToPoints(grid: GridSpec, points: WeightedPoint[]): Float64Array {
  const out = new Float64Array(grid.width * grid.height);
  if (!points.length) return out.fill(NaN);
  const index = new SegmentIndex(points.flatMap((p) => [p.x, p.y, p.x, p.y]));
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const [x, y] = cellCentre(grid, col, row);
      out[row * grid.width + col] = index.nearest(x, y);
    }
  }
  return out;
}
