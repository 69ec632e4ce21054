/**
 * Editing an AHP pairwise matrix cell by cell: the user sets the upper triangle on
 * Saaty's 1–9 scale; the lower triangle is always the reciprocal, so the matrix stays a
 * valid input for `src-shared/ahp.ts` (which computes the weights and CR).
 */

/** Saaty's scale as offered in the editor: 1/9 … 1 … 9. */
export const SAATY_VALUES: number[] = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** "3" or "1/3" for a judgement. */
export function saatyLabel(v: number): string {
  if (v >= 1) return String(Math.round(v));
  return `1/${Math.round(1 / v)}`;
}

/** The nearest value of the scale, for a matrix typed with rounded fractions (0.333). */
export function nearestSaaty(v: number): number {
  let best = SAATY_VALUES[0]!;
  for (const s of SAATY_VALUES) if (Math.abs(Math.log(s) - Math.log(v)) < Math.abs(Math.log(best) - Math.log(v))) best = s;
  return best;
}

/** A copy of `m` with m[i][j] = v and m[j][i] = 1/v. The diagonal cannot be set. */
export function setJudgement(m: number[][], i: number, j: number, v: number): number[][] {
  if (i === j) throw new RangeError('the diagonal of a pairwise matrix is always 1');
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`a judgement must be a positive number, got ${v}`);
  const out = m.map((row) => row.slice());
  out[i]![j] = v;
  out[j]![i] = 1 / v;
  return out;
}

/** The n × n matrix of equal importance. */
export function identityMatrix(n: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, () => 1));
}
