/**
 * Prevention zoning of a run: capacity grades → zone matrix → generalisation → zone
 * polygons with the attributes a zoning map and its table need (area, share, population,
 * dominant hazard, township, name such as "城关镇滑坡重点防治区").
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GridSpec } from '../grid/gridSpec';
import { classOf } from '../classify/breaks';
import { majorityFilter, minimumMappingUnit } from './generalise';
import { zoneFromMatrix } from '../../../src-shared/zoneMatrix';
import { labelRegions, polygonise } from './polygonise';

export { HAZARD_NAMES } from '../../../src-shared/hazardNames';

export interface ZoningInput {
  grid: GridSpec;
  /** Risk grade per cell, 1 = highest, 0 = nodata. */
  grades: Uint8Array;
  /** Capacity grade per cell, 1 = weakest … m, 0 = nodata (see {@link capacityGrades}). */
  capacityGrades: Uint8Array;
  /** The m+1 quantile breaks of capacity the grades came from (recorded in the outputs). */
  capacityBreaks: number[];
  matrix: number[][];
  names: string[];
  majority?: number;
  minAreaKm2?: number;
  population?: Float32Array | Float64Array;
  /** Weighted hazard contributions per hazard label, for the dominant hazard of each zone. */
  hazards: { label: string; grid: Float32Array | Float64Array }[];
  /** Township per cell (−1 outside) and their names, to name zones by place. */
  units?: { units: Int32Array; info: { code: string; name: string }[] };
}

export interface ZoningResult {
  zones: Uint8Array;
  capacityBreaks: number[];
  features: Feature<Polygon | MultiPolygon>[];
}

/**
 * Capacity grades of some cells (a tile or a whole grid) under quantile `breaks` of the
 * capacity component: grade 1 = weakest (lowest capacity), 0 = nodata (NaN).
 */
export function capacityGrades(capacity: ArrayLike<number>, breaks: number[]): Uint8Array {
  const out = new Uint8Array(capacity.length);
  for (let i = 0; i < capacity.length; i++) {
    const v = capacity[i]!;
    if (v === v) out[i] = classOf(v, breaks) + 1;
  }
  return out;
}

/**
 * The zoning raster: each cell's zone from its risk and capacity grades through the matrix,
 * generalised (majority filter, then the minimum mapping unit); 0 = nodata.
 */
export function zoneRaster(z: Pick<ZoningInput, 'grid' | 'grades' | 'capacityGrades' | 'matrix' | 'majority' | 'minAreaKm2'>): Uint8Array {
  const { grid } = z;
  let zones = zoneFromMatrix(z.grades, z.capacityGrades, z.matrix);
  if (z.majority && z.majority > 1) zones = majorityFilter(zones, grid.width, grid.height, z.majority, 0);
  const cellKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  if (z.minAreaKm2) zones = minimumMappingUnit(zones, grid.width, grid.height, Math.ceil(z.minAreaKm2 / cellKm2), 0);
  return zones;
}

/**
 * Compute the zoning raster and its polygons. Holds whole grids: the grade and capacity
 * grade grids (1 byte per cell) plus population and hazard-contribution grids as given.
 */
export function computeZoning(z: ZoningInput): ZoningResult {
  const { grid, capacityBreaks } = z;
  const zones = zoneRaster(z);
  const cellKm2 = (grid.cellSize * grid.cellSize) / 1e6;

  const regions = polygonise(zones, grid, 0);
  // Attributes per region, from one pass over the cells; labelRegions numbers regions as polygonise does.
  const regionOf = labelRegions(zones, grid.width, grid.height, 0).region;
  const n = regions.length;
  const people = new Float64Array(n);
  const hazardSums = z.hazards.map(() => new Float64Array(n));
  const unitVotes = new Map<number, Map<number, number>>();
  let totalCells = 0;
  for (let i = 0; i < zones.length; i++) {
    const g = regionOf[i]!;
    if (g < 0) continue;
    totalCells++;
    if (z.population) people[g]! += z.population[i]!;
    z.hazards.forEach((h, k) => {
      const v = h.grid[i]!;
      if (!Number.isNaN(v)) hazardSums[k]![g]! += v;
    });
    const u = z.units?.units[i] ?? -1;
    if (u >= 0) {
      const m = unitVotes.get(g) ?? new Map<number, number>();
      m.set(u, (m.get(u) ?? 0) + 1);
      unitVotes.set(g, m);
    }
  }
  const features = regions.map((r, g): Feature<Polygon | MultiPolygon> => {
    let hazard = '';
    let best = -Infinity;
    z.hazards.forEach((h, k) => {
      if (hazardSums[k]![g]! > best) (best = hazardSums[k]![g]!), (hazard = h.label);
    });
    let township = '';
    let votes = -1;
    for (const [u, c] of unitVotes.get(g) ?? []) if (c > votes) (votes = c), (township = z.units!.info[u]!.name);
    const zoneName = z.names[r.label - 1] ?? `${r.label}`;
    return {
      type: 'Feature',
      properties: {
        FQDM: r.label,
        FQMC: zoneName,
        MC: `${township}${hazard}${zoneName}`,
        XZQMC: township,
        ZYZH: hazard,
        MJ_KM2: round(r.cells * cellKm2, 4),
        ZB: round((r.cells / totalCells) * 100, 4),
        RK: Math.round(people[g]!),
      },
      geometry: r.polygon,
    };
  });
  return { zones, capacityBreaks, features };
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
