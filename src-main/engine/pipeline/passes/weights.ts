/**
 * Pass 2, weights: when a component weighs by entropy, one pass over the kept raw tiles sums
 * each tile's normalised indicators (tiles/weights.ts); then every component's indicator
 * weights are resolved (AHP, expert, entropy …), a hazard's share of the shared H is cut
 * from it, and the weights go to the tiles.
 */
import { mergeEntropy, type EntropyPartial } from '../../weights/entropy';
import { needsEntropy, resolveWeights, type WeightDetail } from '../../weights/componentWeights';
import type { ModelDocument } from '../../model/document';
import type { ComponentPlan } from '../componentPlan';
import type { RunContext } from '../setup';
import type { EntropyResult, EntropyTask } from '../tileTasks';
import { withRawTiles } from './statistics';

/** A run's weights, as its summary reports them. */
export interface RunWeights {
  /**
   * Indicator weights per component source key ('H', 'E' … for the model's components,
   * 'landslide.H' for a hazard's own), plus the risk formula's component weights ('risk',
   * '<hazard>.risk') and the hazards' weights in the comprehensive risk ('hazards').
   */
  weights: Record<string, Record<string, number>>;
  /** How each component's weights were found (AHP λmax/CI/CR, entropy values), by the same keys. */
  details: Record<string, WeightDetail>;
}

/** Run pass 2 and send the indicator weights and the hazards' weights to the tiles. */
export async function weightsPass(run: RunContext): Promise<RunWeights> {
  const { plan, globals } = run;
  const sums: Record<string, EntropyPartial> = {};
  run.report('normalise', 0.3);
  if (plan.sources.some((s) => needsEntropy(s.spec))) {
    await run.eachTile<EntropyTask, EntropyResult>(
      (tile) => ({ kind: 'entropy', tile, raw: [] }),
      (r) => {
        for (const [key, p] of Object.entries(r.sums)) sums[key] = sums[key] ? mergeEntropy(sums[key]!, p) : p;
      },
      'normalise', 0.3, 0.45,
      // The index pass needs the raw tiles again: copies.
      (task) => withRawTiles(run, task, false),
    );
  }
  const resolved = resolveRunWeights(run.doc, plan, sums);
  globals.weights = resolved.tileWeights;
  globals.hazardWeights = resolved.hazardWeights;
  await run.exec.setGlobals(globals);
  return { weights: resolved.weights, details: resolved.details };
}

/** Every weight a model's tiles use and its summary reports (see {@link resolveRunWeights}). */
export interface ResolvedWeights extends RunWeights {
  /** Indicator weights per component source key, as the tiles take them (globals.weights). */
  tileWeights: Record<string, Record<string, number>>;
  /** Weight of each risk in the comprehensive risk, in `plan.runs` order (globals.hazardWeights). */
  hazardWeights: number[];
}

/**
 * Resolve every component's weights from its spec and (for entropy) the entropy sums of its
 * normalised indicators merged over the tiles, by source key; cut each hazard's share from
 * the shared H; and gather the risk formulas' and hazards' weights for the summary.
 */
export function resolveRunWeights(doc: ModelDocument, plan: ComponentPlan, sums: Record<string, EntropyPartial>): ResolvedWeights {
  const details: Record<string, WeightDetail> = {};
  const weights: Record<string, Record<string, number>> = {};
  for (const src of plan.sources) {
    if (src.subsetOf) continue;
    const detail = resolveWeights(src.spec, sums[src.key]);
    details[src.key] = detail;
    weights[src.key] = detail.weights;
  }
  // A hazard's share of the shared H: those indicators' weights, rescaled; the share is its weight.
  const shares: Record<string, number> = {};
  for (const src of plan.sources) {
    if (!src.subsetOf) continue;
    const from = weights[src.subsetOf.key]!;
    const share = src.subsetOf.indicators.reduce((a, id) => a + from[id]!, 0);
    const w = Object.fromEntries(src.subsetOf.indicators.map((id) => [id, share > 0 ? from[id]! / share : 1 / src.subsetOf!.indicators.length]));
    shares[src.key] = share;
    details[src.key] = { method: 'hazardShare', weights: w };
    weights[src.key] = w;
  }
  const tileWeights = { ...weights };
  const hazardWeights = plan.runs.map(({ run: r }) => r.weight ?? shares[`${r.id}.H`]!);
  if (doc.risk?.weights) weights.risk = { ...doc.risk.weights };
  for (const { run: r } of plan.runs) if (r.isHazard && r.risk?.weights && r.risk !== doc.risk) weights[`${r.id}.risk`] = { ...r.risk.weights };
  if (doc.hazards && doc.comprehensive?.method !== 'max') weights.hazards = Object.fromEntries(plan.runs.map(({ run: r }, i) => [r.id, hazardWeights[i]!]));
  return { weights, details, tileWeights, hazardWeights };
}
