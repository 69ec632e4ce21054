/**
 * Coverage within a radius: service capacity reachable per resident by the two-step
 * floating catchment area method (2SFCA; Luo & Wang 2003), e.g. shelter places (RNRS /
 * 容纳人数) within 1 km per person.
 *
 * With supplies j (capacity S_j at point s_j), population P_k per cell k (cell centre c_k)
 * and radius d0 (metres):
 *   step 1, each supply's ratio:      R_j = S_j / Σ_{k : |c_k − s_j| ≤ d0} P_k
 *   step 2, each cell's accessibility: A_i = Σ_{j : |c_i − s_j| ≤ d0} R_j
 * A_i is capacity per resident (places per person). A supply with no people within d0 has
 * no ratio and adds nothing; population nodata counts as 0 people.
 *
 * Tile-separable: step 1 of a supply within d0 of a tile needs the people within d0 of the
 * supply, i.e. up to 2·d0 beyond the tile. Pass the population on the tile grown by that
 * halo ({@link catchmentGrid}); supplies anywhere may be passed (only those within d0 of the
 * tile count).
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { cellCentre, expandGrid, type GridSpec } from './gridSpec';
import type { WeightedPoint } from './pointIndicators';

/** Population on a grid of its own (normally {@link catchmentGrid} of the output grid). */
export interface PopulationGrid {
  grid: GridSpec;
  /** People per cell, row-major; NaN = nodata (counted as 0). */
  values: ArrayLike<number>;
}

/** The grid to read population on for a 2SFCA of `radius` metres over `grid`: grown by 2·radius. */
export function catchmentGrid(grid: GridSpec, radius: number): GridSpec {
  return expandGrid(grid, Math.ceil((2 * radius) / grid.cellSize));
}

/** Visit the cells of `grid` whose centre is within `radius` of (x, y) (distance ≤ radius). */
function forEachCellWithin(grid: GridSpec, x: number, y: number, radius: number, visit: (i: number) => void): void {
  const cs = grid.cellSize;
  const c0 = Math.max(0, Math.floor((x - radius - grid.originX) / cs - 0.5));
  const c1 = Math.min(grid.width - 1, Math.ceil((x + radius - grid.originX) / cs - 0.5));
  const r0 = Math.max(0, Math.floor((grid.originY - (y + radius)) / cs - 0.5));
  const r1 = Math.min(grid.height - 1, Math.ceil((grid.originY - (y - radius)) / cs - 0.5));
  const r2 = radius * radius;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const [cx, cy] = cellCentre(grid, c, r);
      if ((cx - x) ** 2 + (cy - y) ** 2 <= r2) visit(r * grid.width + c);
    }
  }
}

/**
 * 2SFCA accessibility (capacity per resident) on every cell of `grid`.
 * @param supplies supply points in the grid's CRS, `w` = capacity (e.g. places).
 * @param population people per cell, on a grid covering `grid` plus 2·radius (see {@link catchmentGrid}).
 * @param radius catchment radius, metres.
 * @returns capacity per person per cell; 0 where no supply with people in reach is within the radius.
 */
export function floatingCatchment(grid: GridSpec, supplies: WeightedPoint[], population: PopulationGrid, radius: number): Float64Array {
  if (!(radius > 0) || !Number.isFinite(radius)) throw new RiskAtlasError('E_ARG_INVALID', `the catchment radius must be a positive number of metres, got ${radius}`);
  const pg = population.grid;
  if (population.values.length !== pg.width * pg.height) {
    throw new RiskAtlasError('E_ARG_INVALID', `${population.values.length} population values for a ${pg.width} × ${pg.height} grid`);
  }
  const out = new Float64Array(grid.width * grid.height);
  // Only supplies within the radius of the grid's extent can reach one of its cells.
  const [minX, maxY] = [grid.originX, grid.originY];
  const maxX = minX + grid.width * grid.cellSize;
  const minY = maxY - grid.height * grid.cellSize;
  for (const s of supplies) {
    if (!Number.isFinite(s.w) || s.w <= 0) continue;
    if (s.x < minX - radius || s.x > maxX + radius || s.y < minY - radius || s.y > maxY + radius) continue;
    let people = 0;
    forEachCellWithin(pg, s.x, s.y, radius, (k) => {
      const p = population.values[k]!;
      if (!Number.isNaN(p)) people += p;
    });
    if (!(people > 0)) continue;
    const ratio = s.w / people;
    forEachCellWithin(grid, s.x, s.y, radius, (i) => {
      out[i]! += ratio;
    });
  }
  return out;
}
