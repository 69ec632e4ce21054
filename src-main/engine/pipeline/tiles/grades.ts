/**
 * A tile in pass 4, grades (passes/grades.ts): its kept index tile (or its percentile scores)
 * graded against the class breaks, excluded land given the 'restricted' grade when the model
 * asks for one, and the grades tallied per class and assessment unit (with people, when the
 * model has a population layer).
 *
 * What a tile's grading needs besides its index — the study-area mask, people per cell, the
 * units' coverage and the unit of each cell — does not depend on the weights or the breaks:
 * {@link gradeInputs} finds it, so the live recompute (pipeline/live/) can keep it between edits.
 */
import { classOf } from '../../classify/breaks';
import { tallyGrades, type GradeTally } from '../../classify/gradeStatistics';
import { polygonCoverage, type CoverageWindow } from '../../grid/cellCoverage';
import type { GridSpec } from '../../grid/gridSpec';
import { burnPolygons } from '../../grid/rasterizePolygons';
import { rawIndicator } from '../../indicators/rawIndicator';
import { percentileRank } from '../../indicators/transforms';
import { resolveModelPath } from '../../model/loadModel';
import type { GradeResult } from '../tileTasks';
import type { Tile } from '../tiling';
import { encodeTile } from './encode';
import { EXCLUDED, fail, OUTSIDE, type TileContext } from './tileContext';

/** What grading one tile needs besides its index (see the module comment). */
export interface GradeInputs {
  /** Study-area mask (tileContext.ts OUTSIDE / ASSESSED / EXCLUDED). */
  mask: Uint8Array;
  /** People per cell, with a population layer. */
  population?: Float64Array;
  /** Each assessment unit's coverage of the tile (null where it misses it), with units. */
  covers?: (CoverageWindow | null)[];
  /** Zoning with units: the unit at each cell's centre (−1 outside). */
  units?: Int32Array;
  /** The tile's width in cells. */
  width: number;
}

/** The grading inputs of the tile whose grid is `tg`. */
export async function gradeInputs(ctx: TileContext, tg: GridSpec): Promise<GradeInputs> {
  const { doc, units: unitPolygons } = ctx;
  const mask = ctx.mask(tg);
  const population = await populationTile(ctx, tg, mask);
  const covers = unitPolygons?.map((u) => polygonCoverage(tg, u.geometry));
  // Zoning names zones by township: each cell belongs to the township at its centre.
  const units = unitPolygons && doc.zoning ? burnPolygons(tg, unitPolygons, new Int32Array(tg.width * tg.height).fill(-1), (i) => i) : undefined;
  return { mask, width: tg.width, ...(population ? { population } : {}), ...(covers ? { covers } : {}), ...(units ? { units } : {}) };
}

/** A tile's grades, the index as written when it is scored (percentile), and their tally. */
export interface TileGrades {
  grades: Uint8Array;
  score?: Float32Array;
  tally: GradeTally;
}

/** How values are graded, besides the tile's own inputs: what {@link gradeCells} needs of the model and the classes. */
export interface GradeRule {
  /** Class breaks ([min, b1 … b(k−1), max]). */
  breaks: number[];
  /** Excluded land gets grade k + 1 ('restricted' in the model). */
  restricted: boolean;
  /** Number of assessment units the tally has rows for. */
  unitCount: number;
}

/** Grade one tile's index against the run's breaks (`globals.breaks`) and tally the grades. */
export function gradeValues(ctx: TileContext, index: Float32Array, inputs: GradeInputs, into?: Uint8Array): TileGrades {
  const { doc, globals } = ctx;
  const breaks = globals.breaks ?? fail('class breaks are missing');
  const sc = globals.score;
  // With percentile scoring the grades are of the scores (Float32, as written), else of the index.
  const score = sc ? index.map(percentileRank(sc.keys, sc.counts, sc.n)) : undefined;
  const grades = into ?? new Uint8Array(index.length);
  const tally = gradeCells(score ?? index, inputs, { breaks, restricted: doc.grid.exclude?.as === 'restricted', unitCount: ctx.units?.length ?? 0 }, grades);
  return { grades, tally, ...(score ? { score } : {}) };
}

/**
 * Grade the values of one tile into `grades` (every cell written: 0 where there is no value)
 * and tally them — a pure function of its arguments, so the live recompute grades half the
 * tiles in a second thread (live/liveHelper.ts).
 */
export function gradeCells(graded: ArrayLike<number>, inputs: GradeInputs, rule: GradeRule, grades: Uint8Array): GradeTally {
  const { breaks, restricted } = rule;
  const k = breaks.length - 1;
  const { mask } = inputs;
  for (let c = 0; c < graded.length; c++) {
    const v = graded[c]!;
    if (v === v) grades[c] = k - classOf(v, breaks);
    else grades[c] = restricted && mask[c] === EXCLUDED ? k + 1 : 0;
  }
  return tallyGrades(grades, restricted ? k + 1 : k, rule.unitCount, inputs.covers, inputs.population, inputs.width);
}

/** The grades of `tile` (grid `tg`) from its index tile, encoded for the grade GeoTIFF. */
export async function gradeTile(ctx: TileContext, tile: Tile, tg: GridSpec, index: Float32Array): Promise<GradeResult> {
  const { doc, globals } = ctx;
  const inputs = await gradeInputs(ctx, tg);
  const { grades, score, tally } = gradeValues(ctx, index, inputs);
  const { population, units } = inputs;
  return {
    grades,
    encodedGrades: encodeTile(globals, tile, grades),
    tally,
    ...(score ? { encodedScore: encodeTile(globals, tile, score) } : {}),
    ...(doc.zoning ? { ...(population ? { population: Float32Array.from(population) } : {}), ...(units ? { units } : {}) } : {}),
  };
}

/**
 * People per cell from the layer `statistics.population` names, sampled at cell centres
 * (nearest) — exact when the population grid is the analysis grid, as census population
 * grids are. Nodata and cells outside the study area count 0 (excluded land keeps its people,
 * so a 'restricted' grade reports who lives there). Undefined without a population layer.
 */
async function populationTile(ctx: TileContext, tg: GridSpec, mask: Uint8Array): Promise<Float64Array | undefined> {
  const id = ctx.doc.statistics?.population;
  if (!id) return undefined;
  const ref = ctx.doc.layers[id]!;
  const raw = await rawIndicator({ id: 'population', layer: id, resample: 'nearest', transform: 'minmax', direction: 'positive' }, ref, resolveModelPath(ctx.model, ref.path), tg, undefined, ctx.sources);
  return raw.map((v, i) => (mask[i] !== OUTSIDE && v === v ? v : 0));
}
