/**
 * Zonal statistics per assessment unit (township, village) with cells weighted by the exact
 * fraction of the cell inside the unit (see cellCoverage.ts), so a township smaller than a
 * cell still gets its share, and a boundary cell is split between its neighbours.
 *
 * Tile-separable: `zonalPartials` summarises one tile (a GridSpec of any origin and size,
 * with its values); `mergeZonalPartials` adds the partials of the tiles (in any order — the
 * merge is associative and commutative up to floating-point rounding of the sums); and
 * `finishZonal` turns the merged partial into statistics. Areas are in m² of the projected
 * grid (cellSize in metres), never in degrees.
 *
 * With w = covered fraction of a cell (0…1), v = its value, A = cellSize²:
 *   count = Σ w over valid cells (cell equivalents)      area = Σ w·A (m²), nodataArea likewise
 *   sum = Σ w·v     mean = sum / count     min / max over cells with w > 0
 *   majority = the value with the largest Σ w (ties: the smallest value)
 *   areaByClass[v] = Σ w·A over cells of value v.
 * `sum` of a per-cell quantity (people per cell) is then the amount inside the unit under
 * the assumption that it is spread evenly over the cell.
 */
import type { Geometry } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { isGeographic } from '../crs/registry';
import { polygonCoverage } from './cellCoverage';
import type { GridSpec } from './gridSpec';

/** Additive summary of one unit over part of the grid. */
export interface ZonalPartial {
  /** Σ w of cells with a value. */
  weight: number;
  /** Σ w·v. */
  sum: number;
  min: number;
  max: number;
  /** Σ w·A of cells with a value, m². */
  area: number;
  /** Σ w·A of nodata (NaN) cells inside the unit, m². */
  nodataArea: number;
  /** Class value → Σ w·A (m²); only when classes are tallied. */
  classArea?: Map<number, number>;
  /** Class value → Σ w·q of a second per-cell quantity q (e.g. people per grade); only with `classSumOf`. */
  classSum?: Map<number, number>;
}

/** Final statistics of one unit. Undefined-valued fields (NaN) mean the unit holds no valid cell. */
export interface ZonalStats {
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
  /** Area of valid cells inside the unit, m². */
  areaM2: number;
  /** Area of nodata cells inside the unit, m². */
  nodataAreaM2: number;
  /** Most frequent value by covered area; NaN without class tallies or valid cells. */
  majority: number;
  /** Class value → m² (and Σ w·q of `classSumOf` when given, NaN cells of q adding 0), ascending by value; empty without class tallies. */
  areaByClass: { value: number; areaM2: number; sum?: number }[];
}

/** What `zonalPartials` tallies besides count/sum/mean/min/max/area. */
export interface ZonalOptions {
  /** Tally area per distinct value (majority, area by class). */
  classes?: boolean;
  /** Per-cell quantity (same grid) summed per class, e.g. people per grade. */
  classSumOf?: ArrayLike<number>;
  /** A value that means nodata besides NaN (e.g. grade 0 in a Uint8 grade raster). */
  nodata?: number;
}

/** An empty partial (the identity of the merge). */
export function emptyZonalPartial(withClasses: boolean, withClassSums = false): ZonalPartial {
  const p: ZonalPartial = { weight: 0, sum: 0, min: Infinity, max: -Infinity, area: 0, nodataArea: 0 };
  if (withClasses || withClassSums) p.classArea = new Map();
  if (withClassSums) p.classSum = new Map();
  return p;
}

/**
 * Summaries of each unit over one tile.
 * @param grid the tile (projected CRS, cellSize in metres).
 * @param values one value per tile cell, row-major, NaN (or `opts.nodata`) = nodata; any
 *   numeric array, e.g. the Uint8Array of grades.
 * @param units unit polygons in the grid's CRS (whole polygons: the tile clips them itself).
 * @param opts.classes tally area per distinct value (for majority and area-by-class; use on
 *   class / grade rasters, not on continuous values).
 * @param opts.classSumOf a second per-cell quantity on the same tile (e.g. people per cell)
 *   summed per class, weighted by w: people per risk grade per township. Implies `classes`.
 * @returns one partial per unit, in the order of `units`.
 */
export function zonalPartials(grid: GridSpec, values: ArrayLike<number>, units: (Geometry | null | undefined)[], opts: ZonalOptions = {}): ZonalPartial[] {
  const q = opts.classSumOf;
  for (const arr of q ? [values, q] : [values]) {
    if (arr.length !== grid.width * grid.height) {
      throw new RiskAtlasError('E_ARG_INVALID', `${arr.length} values for a ${grid.width} × ${grid.height} grid`);
    }
  }
  if (isGeographic(grid.epsg)) {
    throw new RiskAtlasError('E_ARG_INVALID', `zonal areas need a projected grid in metres; EPSG:${grid.epsg} is in degrees`);
  }
  const cellArea = grid.cellSize * grid.cellSize;
  return units.map((geom) => {
    const p = emptyZonalPartial(Boolean(opts.classes), Boolean(q));
    const win = polygonCoverage(grid, geom);
    if (!win) return p;
    for (let r = 0; r < win.height; r++) {
      const base = (win.row0 + r) * grid.width + win.col0;
      for (let c = 0; c < win.width; c++) {
        const w = win.fraction[r * win.width + c]!;
        if (w === 0) continue;
        const v = values[base + c]!;
        if (Number.isNaN(v) || v === opts.nodata) {
          p.nodataArea += w * cellArea;
          continue;
        }
        p.weight += w;
        p.sum += w * v;
        p.area += w * cellArea;
        if (v < p.min) p.min = v;
        if (v > p.max) p.max = v;
        if (p.classArea) p.classArea.set(v, (p.classArea.get(v) ?? 0) + w * cellArea);
        if (p.classSum) {
          const qv = q![base + c]!;
          p.classSum.set(v, (p.classSum.get(v) ?? 0) + (Number.isNaN(qv) ? 0 : w * qv));
        }
      }
    }
    return p;
  });
}

/** Merge two partials of the same unit (e.g. of two tiles) into a new one. */
export function mergeZonalPartial(a: ZonalPartial, b: ZonalPartial): ZonalPartial {
  const out: ZonalPartial = {
    weight: a.weight + b.weight,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    area: a.area + b.area,
    nodataArea: a.nodataArea + b.nodataArea,
  };
  if (a.classArea || b.classArea) {
    const m = new Map(a.classArea ?? []);
    for (const [k, v] of b.classArea ?? []) m.set(k, (m.get(k) ?? 0) + v);
    out.classArea = m;
  }
  if (a.classSum || b.classSum) {
    const m = new Map(a.classSum ?? []);
    for (const [k, v] of b.classSum ?? []) m.set(k, (m.get(k) ?? 0) + v);
    out.classSum = m;
  }
  return out;
}

/** Merge per-tile partial lists (each one partial per unit, same unit order). */
export function mergeZonalPartials(tiles: ZonalPartial[][]): ZonalPartial[] {
  if (tiles.length === 0) return [];
  const n = tiles[0]!.length;
  if (tiles.some((t) => t.length !== n)) throw new RiskAtlasError('E_ARG_INVALID', 'tiles summarise different numbers of units');
  return Array.from({ length: n }, (_, u) => tiles.reduce((acc, t) => mergeZonalPartial(acc, t[u]!), emptyZonalPartial(false)));
}

/** Statistics from a (merged) partial. */
export function finishZonal(p: ZonalPartial): ZonalStats {
  const has = p.weight > 0;
  const classes = [...(p.classArea ?? [])].sort((a, b) => a[0] - b[0]);
  let majority = NaN;
  let bestArea = -Infinity;
  for (const [v, a] of classes) {
    if (a > bestArea) {
      bestArea = a;
      majority = v;
    }
  }
  return {
    count: p.weight,
    sum: p.sum,
    mean: has ? p.sum / p.weight : NaN,
    min: has ? p.min : NaN,
    max: has ? p.max : NaN,
    areaM2: p.area,
    nodataAreaM2: p.nodataArea,
    majority,
    areaByClass: classes.map(([value, areaM2]) => (p.classSum ? { value, areaM2, sum: p.classSum.get(value) ?? 0 } : { value, areaM2 })),
  };
}

/** Whole-grid convenience: partials of the one tile, finished. */
export function zonalStatistics(grid: GridSpec, values: ArrayLike<number>, units: (Geometry | null | undefined)[], opts: ZonalOptions = {}): ZonalStats[] {
  return zonalPartials(grid, values, units, opts).map(finishZonal);
}
