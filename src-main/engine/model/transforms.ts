/**
 * Indicator transforms (DOMAIN.md §2): raw values on the grid → the indicator used in the
 * components. NaN is nodata and stays NaN; statistics (min, max, mean, sd, ranks) use the
 * valid cells only. `direction: 'negative'` marks a cost indicator: larger raw values are
 * better, so the transformed value is flipped (1 − v on [0,1] scales, −z for z-scores).
 */
import { RiskAtlasError } from '../errors';
import { minMaxNormalise, validRange, type Direction } from './normalise';

export type TransformSpec =
  | { type: 'minmax' }
  /** Min-max onto [a, b] (e.g. [0.1, 1] to keep zeros out of products). */
  | { type: 'rescale'; range: [number, number] }
  /** (x − mean) / sd. */
  | { type: 'zscore' }
  /** Percentile rank in [0, 1]: the share of valid cells with a smaller value (ties share the mean rank). */
  | { type: 'percentile' }
  /** Min-max of log10(x + 1), for strongly skewed counts and densities; needs x > −1. */
  | { type: 'log10' }
  /** Logistic of the z-score, 1 / (1 + e^(−z)): a soft [0, 1] scale robust to outliers. */
  | { type: 'sigmoid' }
  /** Table lookup: value of the first class with min ≤ x < max (the last class includes its max); unmatched → nodata. */
  | { type: 'reclass'; table: { min: number; max: number; value: number }[] };

function meanSd(v: Float64Array): { mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (const x of v) if (!Number.isNaN(x)) (n++, (s += x));
  const mean = s / n;
  let ss = 0;
  for (const x of v) if (!Number.isNaN(x)) ss += (x - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / n) };
}

function zscores(v: Float64Array, sign: number): Float64Array {
  const { mean, sd } = meanSd(v);
  return Float64Array.from(v, (x) => (Number.isNaN(x) ? NaN : sd === 0 ? 0 : (sign * (x - mean)) / sd));
}

function percentileRanks(v: Float64Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) idx.push(i);
  idx.sort((a, b) => v[a]! - v[b]!);
  const out = new Float64Array(v.length).fill(NaN);
  const n = idx.length;
  for (let k = 0; k < n; ) {
    let e = k;
    while (e + 1 < n && v[idx[e + 1]!] === v[idx[k]!]) e++;
    const rank = n > 1 ? (k + e) / 2 / (n - 1) : 0; // ties share the mean rank
    for (let t = k; t <= e; t++) out[idx[t]!] = rank;
    k = e + 1;
  }
  return out;
}

/**
 * Apply a transform to a raw indicator grid. Returns a new array; the input is not changed.
 * Throws E_MODEL_INVALID for log10 of values ≤ −1 and malformed reclass tables.
 */
export function applyTransform(raw: Float64Array, spec: TransformSpec, direction: Direction): Float64Array {
  const flip01 = (a: Float64Array): Float64Array => (direction === 'negative' ? a.map((x) => 1 - x) : a);
  switch (spec.type) {
    case 'minmax':
      return minMaxNormalise(raw, direction);
    case 'rescale': {
      const [a, b] = spec.range;
      return minMaxNormalise(raw, direction).map((x) => a + (b - a) * x);
    }
    case 'zscore':
      return zscores(raw, direction === 'negative' ? -1 : 1);
    case 'percentile':
      return flip01(percentileRanks(raw));
    case 'log10': {
      const logged = raw.map((x) => {
        if (x <= -1) throw new RiskAtlasError('E_MODEL_INVALID', `log10(x + 1) needs x > −1; the layer has ${x}`);
        return Math.log10(x + 1);
      });
      return minMaxNormalise(logged, direction, validRange(logged));
    }
    case 'sigmoid':
      return zscores(raw, direction === 'negative' ? -1 : 1).map((z) => 1 / (1 + Math.exp(-z)));
    case 'reclass': {
      const t = spec.table;
      if (!t.length || t.some((c) => !(c.min < c.max))) throw new RiskAtlasError('E_MODEL_INVALID', 'reclass table needs classes with min < max');
      const last = t.reduce((m, c) => Math.max(m, c.max), -Infinity);
      return raw.map((x) => {
        if (Number.isNaN(x)) return NaN;
        const c = t.find((k) => x >= k.min && (x < k.max || (x === last && k.max === last)));
        return c ? c.value : NaN;
      });
    }
  }
}
