/**
 * The weights a component actually uses, resolved from its spec: expert weights as given,
 * AHP from the pairwise matrix (with λmax, CI, CR — CR ≥ 0.10 is flagged, not hidden),
 * entropy from the normalised indicator grids over the cells where all are valid, or both
 * combined. Everything needed to reproduce the weights goes into provenance.
 */
import { ahpWeights } from '../../../src-shared/ahp';
import { accumulateEntropy, combineWeights, emptyEntropy, entropyWeights, type EntropyPartial } from './entropy';
import { componentIndicators, isMethodSpec, type ComponentSpec } from '../model/document';

export interface WeightDetail {
  /** hazardShare: a hazard's share of the shared H (its weights restricted and rescaled). */
  method: 'expert' | 'ahp' | 'entropy' | 'combined' | 'hazardShare';
  weights: Record<string, number>;
  ahp?: { weights: number[]; lambdaMax: number; ci: number; cr: number; consistent: boolean };
  entropy?: { weights: number[]; entropy: number[] };
}

/** True when the component's weights depend on the data (entropy or combined). */
export function needsEntropy(spec: ComponentSpec): boolean {
  return isMethodSpec(spec) && spec.method !== 'ahp';
}

/**
 * Resolve a component's weights given the entropy sums of its normalised indicators over
 * the cells where all are valid (merged from tiles; needed only when {@link needsEntropy}).
 */
export function resolveWeights(spec: ComponentSpec, entropySums?: EntropyPartial): WeightDetail {
  const ids = componentIndicators(spec);
  const byId = (w: number[]): Record<string, number> => Object.fromEntries(ids.map((id, i) => [id, w[i]!]));
  if (!isMethodSpec(spec)) return { method: 'expert', weights: { ...spec } };
  const entropy = (): ReturnType<typeof entropyWeights> => entropyWeights(entropySums ?? emptyEntropy(ids.length));
  switch (spec.method) {
    case 'ahp': {
      const ahp = ahpWeights(spec.matrix);
      return { method: 'ahp', weights: byId(ahp.weights), ahp };
    }
    case 'entropy': {
      const e = entropy();
      return { method: 'entropy', weights: byId(e.weights), entropy: e };
    }
    case 'combined': {
      const ahp = ahpWeights(spec.matrix);
      const e = entropy();
      return { method: 'combined', weights: byId(combineWeights(ahp.weights, e.weights, spec.mode, spec.alpha)), ahp, entropy: e };
    }
  }
}

/** Resolve a component's weights; `grid(id)` gives an indicator's normalised (whole) grid. */
export function resolveComponentWeights(spec: ComponentSpec, grid: (id: string) => Float64Array): WeightDetail {
  const ids = componentIndicators(spec);
  return resolveWeights(spec, needsEntropy(spec) ? accumulateEntropy(emptyEntropy(ids.length), ids.map(grid)) : undefined);
}
