/**
 * A tile in pass 2, weights (passes/weights.ts): the entropy sums of its normalised
 * indicators, for each component that weighs by entropy.
 */
import { componentIndicators } from '../../model/document';
import { needsEntropy } from '../../weights/componentWeights';
import { accumulateEntropy, emptyEntropy, type EntropyPartial } from '../../weights/entropy';
import type { EntropyResult } from '../tileTasks';
import type { StoredTile } from '../tileStore';
import type { TileContext } from './tileContext';

/** Entropy sums of a tile from its kept raw tiles, per component source key. */
export function entropySums(ctx: TileContext, raw: StoredTile[]): EntropyResult {
  const norm = ctx.normaliser(raw);
  const sums: Record<string, EntropyPartial> = {};
  for (const src of ctx.plan.sources) {
    if (src.subsetOf || !needsEntropy(src.spec)) continue;
    const ids = componentIndicators(src.spec);
    sums[src.key] = accumulateEntropy(emptyEntropy(ids.length), ids.map(norm));
  }
  return { sums };
}
