/**
 * Analytic Hierarchy Process (Saaty): weights from a pairwise comparison matrix on the 1–9
 * scale — the principal eigenvector, λmax, CI = (λmax − n)/(n − 1), CR = CI/RI.
 * CR ≥ 0.10 means the judgements are too inconsistent to use as they are.
 */
import { RiskAtlasError } from './errors';

/**
 * Saaty's random consistency index RI for n = 1…15 (Saaty 1980; the census specs quote
 * n ≤ 10: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49).
 */
export const RANDOM_INDEX = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59] as const;

/** CR at or above this is flagged as inconsistent. */
export const CR_LIMIT = 0.1;

export interface AhpResult {
  /** Weights summing to 1, in the matrix's row order. */
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  /** True when CR < 0.10 (always true for n ≤ 2). */
  consistent: boolean;
}

const RECIPROCAL_TOLERANCE = 1e-3;

/** Check that `m` is a positive reciprocal square matrix with a unit diagonal. */
export function checkPairwise(m: number[][]): void {
  const n = m.length;
  if (n < 1 || n > RANDOM_INDEX.length) throw new RiskAtlasError('E_ARG_INVALID', `an AHP matrix needs 1–${RANDOM_INDEX.length} rows, got ${n}`);
  m.forEach((row, i) => {
    if (row.length !== n) throw new RiskAtlasError('E_ARG_INVALID', `AHP matrix row ${i + 1} has ${row.length} entries, expected ${n}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v <= 0) throw new RiskAtlasError('E_ARG_INVALID', `AHP matrix [${i + 1},${j + 1}] must be a positive number, got ${v}`);
      if (i === j && Math.abs(v - 1) > 1e-9) throw new RiskAtlasError('E_ARG_INVALID', `AHP matrix diagonal [${i + 1},${i + 1}] must be 1`);
      // Judgements are often typed as rounded fractions (0.333 for 1/3): allow that much.
      if (Math.abs(v * m[j]![i]! - 1) > RECIPROCAL_TOLERANCE * Math.max(v, m[j]![i]!)) {
        throw new RiskAtlasError('E_ARG_INVALID', `AHP matrix is not reciprocal at [${i + 1},${j + 1}]: ${v} × ${m[j]![i]} ≠ 1`);
      }
    });
  });
}

/**
 * AHP weights by the principal eigenvector (power iteration, which converges for positive
 * matrices by Perron–Frobenius), with λmax, CI and CR.
 */
export function ahpWeights(m: number[][]): AhpResult {
  checkPairwise(m);
  const n = m.length;
  let w = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < 1000; iter++) {
    const next = m.map((row) => row.reduce((s, v, j) => s + v * w[j]!, 0));
    const sum = next.reduce((a, b) => a + b, 0);
    const normed = next.map((v) => v / sum);
    const delta = normed.reduce((d, v, i) => Math.max(d, Math.abs(v - w[i]!)), 0);
    w = normed;
    if (delta < 1e-15) break;
  }
  const aw = m.map((row) => row.reduce((s, v, j) => s + v * w[j]!, 0));
  const lambdaMax = aw.reduce((s, v, i) => s + v / w[i]!, 0) / n;
  const ci = n > 1 ? Math.max(0, (lambdaMax - n) / (n - 1)) : 0;
  const ri = RANDOM_INDEX[n - 1]!;
  const cr = ri > 0 ? ci / ri : 0;
  return { weights: w, lambdaMax, ci, cr, consistent: cr < CR_LIMIT };
}
