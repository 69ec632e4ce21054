/**
 * Pass 1, statistics: every input is read and rasterised once, tile by tile (tiles/statistics.ts).
 * The raw indicator tiles go to the store for the later passes; their statistics, merged in
 * tile order, give each indicator's range and moments (and distinct values, for percentile) —
 * what normalisation needs.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import { mergeRawStats, type RawStats } from '../../indicators/transforms';
import { POLYGON_AREA_METHOD } from '../../crs/ellipsoidArea';
import type { RunContext } from '../setup';
import type { RunSummary } from '../summary';
import type { StatsResult, StatsTask } from '../tileTasks';
import type { StoredTile } from '../tileStore';

/**
 * Run pass 1 and send the indicators' statistics to the tiles. Returns each indicator's raw
 * range over the study area.
 * @throws RiskAtlasError E_ALL_NODATA for an indicator with no valid cell in the study area.
 */
export async function statisticsPass(run: RunContext): Promise<RunSummary['indicators']> {
  const { doc } = run;
  const stats: (RawStats | undefined)[] = doc.indicators.map(() => undefined);
  await run.eachTile<StatsTask, StatsResult>((tile) => ({ kind: 'stats', tile }), async (r, t) => {
    r.stats.forEach((s, i) => (stats[i] = stats[i] ? mergeRawStats(stats[i]!, s) : s));
    for (const [i, raw] of r.raw.entries()) await run.store.put(run.rawKey(t.index, i), raw);
  }, 'align', 0.02, 0.3);
  const ranges: RunSummary['indicators'] = [];
  doc.indicators.forEach((spec, i) => {
    const s = stats[i]!;
    if (!s.moments.n) throw new RiskAtlasError('E_ALL_NODATA', `indicator ${spec.id} has no valid cell inside the study area`, { file: doc.layers[spec.layer]!.path });
    run.globals.stats[spec.id] = s;
    ranges.push({ id: spec.id, min: s.min, max: s.max, validCells: s.moments.n, mean: s.moments.mean, sd: Math.sqrt(s.moments.m2 / s.moments.n), ...(spec.rasterize === 'attributePerArea' ? { areaMethod: POLYGON_AREA_METHOD } : {}) });
  });
  await run.exec.setGlobals(run.globals);
  return ranges;
}

/**
 * Complete a later pass's task with the kept raw tiles of its tile, in `doc.indicators`
 * order: copies (the store keeps them), or with `take` — the last pass to need them — the
 * tiles themselves, which the store then forgets.
 */
export async function withRawTiles<T extends { tile: { index: number }; raw: StoredTile[] }>(run: RunContext, task: T, take: boolean): Promise<T> {
  const key = (i: number): number => run.rawKey(task.tile.index, i);
  return { ...task, raw: await Promise.all(run.doc.indicators.map((_, i) => (take ? run.store.take(key(i)) : run.store.get(key(i))))) };
}
