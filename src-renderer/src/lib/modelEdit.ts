/**
 * Pure edits of a model document for the panels: each returns a new document (the API
 * validates it on `model.update`, and keeps the old one for undo).
 */
import type { ModelDocument } from '../../../src-main/api/contract';
import { componentIndicators, isMethodSpec, type Component, type ComponentSpec, type IndicatorSpec } from '../../../src-shared/model';
import { identityMatrix } from './ahpEdit';

export type WeightMethod = 'expert' | 'ahp' | 'entropy' | 'combined';

/** How a component is weighted. */
export function methodOf(spec: ComponentSpec): WeightMethod {
  return isMethodSpec(spec) ? spec.method : 'expert';
}

/**
 * How an indicator is named wherever the interface shows one: its display name (the model's
 * optional `name`), else its source layer's name with the id, else the id. The one place that
 * decides it, so no panel shows a bare id like h_landslide when a name exists.
 */
export function indicatorLabel(doc: ModelDocument, id: string): string {
  const ind = doc.indicators.find((i) => i.id === id) as ({ name?: string } & ModelDocument['indicators'][number]) | undefined;
  if (ind?.name) return ind.name;
  const layer = ind ? doc.layers[ind.layer] : undefined;
  return layer ? `${layer.name}（${id}）` : id;
}

/** A copy of the document with one component replaced. */
export function withComponent(doc: ModelDocument, c: Component, spec: ComponentSpec): ModelDocument {
  return { ...doc, components: { ...doc.components, [c]: spec } };
}

/**
 * The component switched to another weighting method, keeping its indicators: AHP and
 * combined start from the current matrix or equal importance, expert from equal weights.
 */
export function switchMethod(spec: ComponentSpec, method: WeightMethod): ComponentSpec {
  const indicators = componentIndicators(spec);
  const matrix = isMethodSpec(spec) && 'matrix' in spec ? spec.matrix : identityMatrix(indicators.length);
  switch (method) {
    case 'expert':
      return Object.fromEntries(indicators.map((id) => [id, 1 / indicators.length]));
    case 'ahp':
      return { method: 'ahp', indicators, matrix };
    case 'entropy':
      return { method: 'entropy', indicators };
    case 'combined':
      return { method: 'combined', indicators, matrix, mode: 'linear', alpha: 0.5 };
  }
}

/**
 * Expert weights scaled to sum to 1 (the model refuses other sums), rounded to 4 decimals
 * with the rounding remainder on the largest weight.
 */
export function normaliseWeights(w: Record<string, number>): Record<string, number> {
  const ids = Object.keys(w);
  const sum = ids.reduce((s, k) => s + Math.max(0, w[k]!), 0);
  if (sum <= 0) return Object.fromEntries(ids.map((k) => [k, Math.round(10_000 / ids.length) / 10_000]));
  const out = Object.fromEntries(ids.map((k) => [k, Math.round((Math.max(0, w[k]!) / sum) * 10_000) / 10_000]));
  const top = ids.reduce((a, b) => (out[b]! > out[a]! ? b : a));
  out[top] = Math.round((out[top]! + 1 - ids.reduce((s, k) => s + out[k]!, 0)) * 10_000) / 10_000;
  return out;
}

/** A copy with one indicator changed. */
export function withIndicator(doc: ModelDocument, id: string, patch: Partial<IndicatorSpec>): ModelDocument {
  return { ...doc, indicators: doc.indicators.map((i) => (i.id === id ? { ...i, ...patch } : i)) };
}

/**
 * A zoning matrix for k risk grades × m capacity grades when there is no default: zone 1
 * (重点) where high risk meets weak capacity, zone 3 (一般) for low risk, 2 between — the
 * rule of the default 5 × 3 matrix generalised by the grades' relative positions.
 */
export function zoningMatrix(k: number, m: number): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      // r: 0 for the highest risk grade … 1 for the lowest; c: 0 for the weakest capacity … 1 for the strongest.
      const r = k > 1 ? i / (k - 1) : 0;
      const c = m > 1 ? j / (m - 1) : 0;
      // Weights and thresholds chosen so that 5 × 3 gives exactly DEFAULT_ZONE_MATRIX (tested).
      const s = r + 0.4 * c;
      return s < 0.35 ? 1 : s < 0.72 ? 2 : 3;
    }),
  );
}
