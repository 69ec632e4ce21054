/**
 * Entropy weight method: indicators whose values differ more across the cells carry more
 * information and get more weight. p_ij = x_ij / Σ_i x_ij, e_j = −Σ_i p_ij ln p_ij / ln n,
 * w_j ∝ 1 − e_j.
 *
 * Tile-separable: Σ p ln p = (Σ x ln x)/S − ln S with S = Σ x, so each tile contributes
 * only n, Σx and Σ x ln x per indicator ({@link EntropyPartial}), merged before the weights.
 */
import { RiskAtlasError } from '../../../src-shared/errors';

/** Per-indicator sums over the cells seen so far (nodata skipped). */
export interface EntropyPartial {
  /** Cells where every indicator is valid. */
  n: number;
  sum: number[];
  sumXLnX: number[];
}

/** An empty partial for `m` indicators. */
export const emptyEntropy = (m: number): EntropyPartial => ({ n: 0, sum: new Array(m).fill(0), sumXLnX: new Array(m).fill(0) });

/**
 * Add cells to a partial. `columns[j][i]` is indicator j at cell i (normalised, ≥ 0);
 * a cell with any NaN is skipped for all indicators so that every indicator sees the same cells.
 */
export function accumulateEntropy(p: EntropyPartial, columns: ArrayLike<number>[]): EntropyPartial {
  const m = columns.length;
  const len = columns[0]?.length ?? 0;
  for (let i = 0; i < len; i++) {
    let ok = true;
    for (let j = 0; j < m; j++) {
      const v = columns[j]![i]!;
      if (Number.isNaN(v)) ok = false;
      else if (v < 0) throw new RiskAtlasError('E_ARG_INVALID', `entropy weights need non-negative (normalised) values; indicator ${j + 1} has ${v}`);
    }
    if (!ok) continue;
    p.n++;
    for (let j = 0; j < m; j++) {
      const v = columns[j]![i]!;
      p.sum[j]! += v;
      if (v > 0) p.sumXLnX[j]! += v * Math.log(v);
    }
  }
  return p;
}

/** Merge two partials (from two tiles). */
export function mergeEntropy(a: EntropyPartial, b: EntropyPartial): EntropyPartial {
  return { n: a.n + b.n, sum: a.sum.map((s, j) => s + b.sum[j]!), sumXLnX: a.sumXLnX.map((s, j) => s + b.sumXLnX[j]!) };
}

export interface EntropyResult {
  weights: number[];
  /** e_j per indicator. */
  entropy: number[];
}

/**
 * Weights from merged sums. An indicator that is 0 everywhere carries no information (e = 1).
 * If every indicator has e = 1 the weights are equal.
 */
export function entropyWeights(p: EntropyPartial): EntropyResult {
  if (p.n < 2) throw new RiskAtlasError('E_ALL_NODATA', `entropy weights need at least 2 valid cells, got ${p.n}`);
  const lnN = Math.log(p.n);
  const entropy = p.sum.map((s, j) => (s > 0 ? Math.min(1, Math.max(0, -(p.sumXLnX[j]! / s - Math.log(s)) / lnN)) : 1));
  const d = entropy.map((e) => 1 - e);
  const total = d.reduce((a, b) => a + b, 0);
  const weights = total > 0 ? d.map((x) => x / total) : d.map(() => 1 / d.length);
  return { weights, entropy };
}

/**
 * Combine subjective (AHP/expert) and objective (entropy) weights: 'linear' is
 * α·a + (1 − α)·e; 'multiplicative' is a·e renormalised.
 */
export function combineWeights(subjective: number[], objective: number[], mode: 'linear' | 'multiplicative', alpha = 0.5): number[] {
  if (subjective.length !== objective.length) throw new RiskAtlasError('E_ARG_INVALID', 'the two weight sets have different lengths');
  if (mode === 'linear') {
    if (!(alpha >= 0 && alpha <= 1)) throw new RiskAtlasError('E_ARG_INVALID', `alpha must be in [0, 1], got ${alpha}`);
    return subjective.map((a, j) => alpha * a + (1 - alpha) * objective[j]!);
  }
  const prod = subjective.map((a, j) => a * objective[j]!);
  const s = prod.reduce((x, y) => x + y, 0);
  if (!(s > 0)) throw new RiskAtlasError('E_ARG_INVALID', 'multiplicative combination of these weights is all zero');
  return prod.map((x) => x / s);
}
