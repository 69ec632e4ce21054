/**
 * A tile in pass 1, statistics (passes/statistics.ts): read and rasterise every indicator's
 * input on the tile, blank what the study area does not assess, and summarise each raw tile;
 * the raw tiles go back to be kept (Float32 where that is exact).
 */
import type { GridSpec } from '../../grid/gridSpec';
import { transformOf, type ModelDocument } from '../../model/document';
import { resolveModelPath } from '../../model/loadModel';
import { modelLayers, rawIndicatorTile } from '../../indicators/rawIndicator';
import { needsDistinct, summariseRawTile, type RawStats } from '../../indicators/transforms';
import type { StatsResult } from '../tileTasks';
import type { StoredTile } from '../tileStore';
import { ASSESSED, type TileContext } from './tileContext';

/**
 * The statistics and raw tiles of the tile whose grid is `tg`, in `doc.indicators` order — or
 * of the indicators at positions `only` of it (those a cache of raw tiles lacks), in that order.
 */
export async function statisticsTile(ctx: TileContext, tg: GridSpec, only?: number[]): Promise<StatsResult> {
  const mask = ctx.mask(tg);
  // Tiles wholly inside the study area (most of them) need no masking.
  const partial = mask.some((m) => m !== ASSESSED) ? mask : null;
  const stats: RawStats[] = [];
  const raws: StoredTile[] = [];
  for (const spec of only ? only.map((i) => ctx.doc.indicators[i]!) : ctx.doc.indicators) {
    const raw = await rawTile(ctx, spec, tg, partial);
    const summary = summariseRawTile(raw, needsDistinct(transformOf(spec)));
    stats.push(summary.stats);
    raws.push(summary.kept);
  }
  return { stats, raw: raws };
}

/** The raw indicator on a tile (Float32 where exact), NaN wherever the cell is not assessed (`mask` null: every cell is). */
async function rawTile(ctx: TileContext, spec: ModelDocument['indicators'][number], tg: GridSpec, mask: Uint8Array | null): Promise<StoredTile> {
  const ref = ctx.doc.layers[spec.layer]!;
  const raw = await rawIndicatorTile(spec, ref, resolveModelPath(ctx.model, ref.path), tg, modelLayers(ctx.model), ctx.sources);
  if (mask) for (let c = 0; c < raw.length; c++) if (mask[c] !== ASSESSED) raw[c] = NaN;
  return raw;
}
