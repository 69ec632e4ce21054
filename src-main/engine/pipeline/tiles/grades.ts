/**
 * A tile in pass 4, grades (passes/grades.ts): its kept index tile (or its percentile scores)
 * graded against the class breaks, excluded land given the 'restricted' grade when the model
 * asks for one, and the grades tallied per class and assessment unit (with people, when the
 * model has a population layer).
 */
import { classOf } from '../../classify/breaks';
import { tallyGrades } from '../../classify/gradeStatistics';
import { polygonCoverage } from '../../grid/cellCoverage';
import type { GridSpec } from '../../grid/gridSpec';
import { burnPolygons } from '../../grid/rasterizePolygons';
import { rawIndicator } from '../../indicators/rawIndicator';
import { percentileRank } from '../../indicators/transforms';
import { resolveModelPath } from '../../model/loadModel';
import type { GradeResult } from '../tileTasks';
import type { Tile } from '../tiling';
import { encodeTile } from './encode';
import { EXCLUDED, fail, OUTSIDE, type TileContext } from './tileContext';

/** The grades of `tile` (grid `tg`, study-area `mask`) from its index tile. */
export async function gradeTile(ctx: TileContext, tile: Tile, tg: GridSpec, mask: Uint8Array, index: Float32Array): Promise<GradeResult> {
  const { doc, globals, units: unitPolygons } = ctx;
  const breaks = globals.breaks ?? fail('class breaks are missing');
  const k = breaks.length - 1;
  const sc = globals.score;
  // With percentile scoring the grades are of the scores (Float32, as written), else of the index.
  const score = sc ? index.map(percentileRank(sc.keys, sc.counts, sc.n)) : undefined;
  const graded = score ?? index;
  const restricted = doc.grid.exclude?.as === 'restricted';
  const grades = new Uint8Array(index.length);
  for (let c = 0; c < graded.length; c++) {
    const v = graded[c]!;
    if (v === v) grades[c] = k - classOf(v, breaks);
    else if (restricted && mask[c] === EXCLUDED) grades[c] = k + 1;
  }
  const population = await populationTile(ctx, tg, mask);
  const covers = unitPolygons?.map((u) => polygonCoverage(tg, u.geometry));
  const tally = tallyGrades(grades, restricted ? k + 1 : k, unitPolygons?.length ?? 0, covers, population, tg.width);
  // Zoning names zones by township: each cell belongs to the township at its centre.
  const units = unitPolygons && doc.zoning ? burnPolygons(tg, unitPolygons, new Int32Array(index.length).fill(-1), (i) => i) : undefined;
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
