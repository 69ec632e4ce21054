/**
 * Pass 1, statistics: every input is read and rasterised once, tile by tile (tiles/statistics.ts).
 * The raw indicator tiles go to the store for the later passes; their statistics, merged in
 * tile order, give each indicator's range and moments (and distinct values, for percentile) —
 * what normalisation needs. With a cache of raw tiles (runModel's `cache`), only the
 * indicators it lacks are read, and they are kept there for the next run.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import { mergeRawStats, type RawStats } from '../../indicators/transforms';
import { POLYGON_AREA_METHOD } from '../../crs/ellipsoidArea';
import type { RunContext } from '../setup';
import type { RunSummary } from '../summary';
import type { StatsResult, StatsTask } from '../tileTasks';
import type { StoredTile } from '../tileStore';

/**
 * What pass 1 needs of a run — also what the live recompute (pipeline/live/) gives it: the
 * cache, or (a run without one) the store and its keys.
 */
export type RawTilesContext = Pick<RunContext, 'doc' | 'tiles' | 'eachTile' | 'globals' | 'exec'> & KeptRaw;
type KeptRaw = Pick<RunContext, 'cache'> | Pick<RunContext, 'store' | 'rawKey'>;

/**
 * Run pass 1 and send the indicators' statistics to the tiles. Returns each indicator's raw
 * range over the study area.
 * @throws RiskAtlasError E_ALL_NODATA for an indicator with no valid cell in the study area.
 */
export async function statisticsPass(run: RawTilesContext): Promise<RunSummary['indicators']> {
  const { doc } = run;
  const cache = 'cache' in run ? run.cache : undefined;
  const stats: (RawStats | undefined)[] = doc.indicators.map((_, i) => cache?.raw.stats(cache.keys[i]!));
  const missing = doc.indicators.map((_, i) => i).filter((i) => !stats[i]);
  if (cache) for (const i of missing) await cache.raw.begin(cache.keys[i]!, run.tiles.length);
  if (missing.length) {
    await run.eachTile<StatsTask, StatsResult>((tile) => ({ kind: 'stats', tile, ...(cache ? { indicators: missing } : {}) }), async (r, t) => {
      for (const [j, s] of r.stats.entries()) {
        const i = missing[j]!;
        stats[i] = stats[i] ? mergeRawStats(stats[i]!, s) : s;
      }
      for (const [j, raw] of r.raw.entries()) {
        const i = missing[j]!;
        if (cache) await cache.raw.put(cache.keys[i]!, t.index, raw);
        else if ('store' in run) await run.store.put(run.rawKey(t.index, i), raw);
      }
    }, 'align', 0.02, 0.3);
  }
  const ranges: RunSummary['indicators'] = [];
  doc.indicators.forEach((spec, i) => {
    const s = stats[i]!;
    if (!s.moments.n) throw new RiskAtlasError('E_ALL_NODATA', `indicator ${spec.id} has no valid cell inside the study area`, { file: doc.layers[spec.layer]!.path });
    run.globals.stats[spec.id] = s;
    ranges.push({ id: spec.id, min: s.min, max: s.max, validCells: s.moments.n, mean: s.moments.mean, sd: Math.sqrt(s.moments.m2 / s.moments.n), ...(spec.rasterize === 'attributePerArea' ? { areaMethod: POLYGON_AREA_METHOD } : {}) });
  });
  if (cache) for (const i of missing) cache.raw.complete(cache.keys[i]!, stats[i]!);
  await run.exec.setGlobals(run.globals);
  return ranges;
}

/**
 * Complete a later pass's task with the kept raw tiles of its tile, in `doc.indicators`
 * order: copies (the store keeps them), or with `take` — the last pass to need them — the
 * tiles themselves, which the store then forgets. From a cache, always copies.
 */
export async function withRawTiles<T extends { tile: { index: number }; raw: StoredTile[] }>(run: Pick<RunContext, 'doc'> & KeptRaw, task: T, take: boolean): Promise<T> {
  const t = task.tile.index;
  const tile = (i: number): Promise<StoredTile> => {
    if ('cache' in run && run.cache) return run.cache.raw.tile(run.cache.keys[i]!, t);
    if (!('store' in run)) throw new RiskAtlasError('E_INTERNAL', 'no kept raw tiles');
    return take ? run.store.take(run.rawKey(t, i)) : run.store.get(run.rawKey(t, i));
  };
  return { ...task, raw: await Promise.all(run.doc.indicators.map((_, i) => tile(i))) };
}
