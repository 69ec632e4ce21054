/**
 * Class breaks for a risk index, by method. Breaks follow the convention stated in
 * src-shared/classes.ts ([min, b1, …, b(k−1), max]; ascending class c holds the values in
 * (breaks[c], breaks[c+1]]; nodata never enters). `classOf` lives there, since the renderer
 * classes histograms with it too, and is re-exported here for the engine.
 */
import { optimalPartition, partitionBreaks, type WeightedValues } from './jenks';
import { DISTINCT_LIMIT, distributionOf, tileValues, type Distribution } from './distribution';
import { JenksRefinement } from './jenksRefine';

export { classOf } from '../../../src-shared/classes';

export type BreakMethod = 'jenks' | 'quantile' | 'equalInterval' | 'stdDev' | 'kmeans';

/** Above this many distinct values Jenks runs on a fine histogram instead (bin = 1/65535 of the range). */
export const JENKS_EXACT_LIMIT = DISTINCT_LIMIT;

/** The distinct values of `values` (already free of nodata) with their counts, ascending. */
export function distinctValues(values: ArrayLike<number>): WeightedValues {
  const t = tileValues(values);
  return { values: t.values, weights: t.counts };
}

/**
 * Natural breaks (exact Jenks) of a distribution: optimal on the distinct values when the
 * distribution is exact, else on the histogram of the full data (breaks still fall on data
 * values: the largest value of the bin that ends a class).
 */
function jenksOf(d: Distribution, k: number): number[] {
  if (d.min === d.max) return [d.min, d.max];
  return partitionBreaks(optimalPartition(d.data, k), d.upper, d.min, d.max);
}

/**
 * Quantile breaks: the value at rank ⌈c·n/k⌉ of the sorted data (exact with distinct values;
 * with a histogram, the largest value of the bin holding that rank).
 */
function quantileOf(d: Distribution, k: number): number[] {
  const breaks = [d.min];
  const w = d.data.weights;
  let i = 0;
  let below = 0; // values in entries before i
  for (let c = 1; c < k; c++) {
    const rank = Math.max(0, Math.ceil((c * d.n) / k) - 1); // 0-based rank in the sorted data
    while (i < w.length - 1 && below + w[i]! <= rank) below += w[i++]!;
    breaks.push(d.upper[i]!);
  }
  breaks.push(d.max);
  return breaks;
}

function equalIntervalOf(d: Distribution, k: number): number[] {
  return Array.from({ length: k + 1 }, (_, c) => (c === k ? d.max : d.min + ((d.max - d.min) * c) / k));
}

function stdDevOf(d: Distribution, k: number): number[] {
  const inner = Array.from({ length: k - 1 }, (_, i) => Math.min(d.max, Math.max(d.min, d.mean + (i + 1 - k / 2) * d.sd)));
  return [d.min, ...inner, d.max];
}

function kmeansOf(d: Distribution, k: number): number[] {
  if (d.min === d.max) return [d.min, d.max];
  const { values: x, weights: w } = d.data;
  const q = quantileOf(d, k);
  let centres = Array.from({ length: k }, (_, c) => (q[c]! + q[c + 1]!) / 2);
  let assign = new Int32Array(x.length);
  for (let iter = 0; iter < 200; iter++) {
    const next = new Int32Array(x.length);
    let c = 0;
    for (let i = 0; i < x.length; i++) {
      // Values are sorted, so the nearest centre only moves forward.
      while (c + 1 < k && Math.abs(x[i]! - centres[c + 1]!) <= Math.abs(x[i]! - centres[c]!)) c++;
      next[i] = c;
    }
    const sums = new Float64Array(k);
    const counts = new Float64Array(k);
    for (let i = 0; i < x.length; i++) {
      sums[next[i]!]! += w[i]! * x[i]!;
      counts[next[i]!]! += w[i]!;
    }
    const moved = centres.map((m, j) => (counts[j]! > 0 ? sums[j]! / counts[j]! : m));
    const same = next.every((v, i) => v === assign[i]);
    assign = next;
    centres = moved;
    if (same && iter > 0) break;
  }
  const breaks = [d.min];
  for (let i = 0; i + 1 < x.length; i++) if (assign[i + 1] !== assign[i]) breaks.push(d.upper[i]!);
  breaks.push(d.max);
  return breaks;
}

/**
 * Breaks of a distribution (see {@link DistributionBuilder}) by method — what a tiled run uses.
 * `fixed` thresholds are given by the model: see {@link fixedBreaks}.
 */
export function breaksOfDistribution(method: BreakMethod, d: Distribution, k: number): number[] {
  switch (method) {
    case 'jenks':
      return jenksOf(d, k);
    case 'quantile':
      return quantileOf(d, k);
    case 'equalInterval':
      return equalIntervalOf(d, k);
    case 'stdDev':
      return stdDevOf(d, k);
    case 'kmeans':
      return kmeansOf(d, k);
  }
}

const ofValues =
  (method: BreakMethod) =>
  (values: ArrayLike<number>, k: number): number[] => {
    const d = distributionOf(values);
    if (!d) return [];
    if (method === 'jenks' && d.histogram && d.min < d.max) {
      const refine = new JenksRefinement(d, k);
      refine.add(values);
      return refine.breaks().breaks;
    }
    return breaksOfDistribution(method, d, k);
  };

/**
 * Natural breaks (exact Jenks). Exact on the distinct values up to {@link JENKS_EXACT_LIMIT};
 * beyond, optimal on a 65,536-bin histogram of the full data, then refined on the exact
 * values near each break (classify/jenksRefine.ts). Breaks always fall on data values.
 */
export const jenksBreaks = ofValues('jenks');

/** Quantile breaks: each class holds about n/k values (ties may make classes uneven). */
export const quantileBreaks = ofValues('quantile');

/** Equal-interval breaks over [min, max]. */
export const equalIntervalBreaks = ofValues('equalInterval');

/**
 * Standard-deviation breaks: classes one standard deviation wide, centred on the mean
 * (k = 5: mean ± 0.5 sd, ± 1.5 sd), the outer classes open to the data's min and max.
 * Inner breaks outside [min, max] are clamped, which may leave an outer class empty.
 */
export const stdDevBreaks = ofValues('stdDev');

/**
 * k-means (Lloyd's algorithm) on the distinct values, started from the quantile breaks so
 * the result is deterministic. It converges to a local optimum; Jenks is the global one,
 * and is what the census uses — k-means is offered for comparison with other tools.
 */
export const kmeansBreaks = ofValues('kmeans');

/** Breaks by method (`fixed` thresholds are given by the model, not computed). */
export function computeBreaks(method: BreakMethod, values: ArrayLike<number>, k: number): number[] {
  return ofValues(method)(values, k);
}

function minMax(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/**
 * Breaks from fixed inner thresholds (reused across counties for comparability): the data's
 * min and max close the outer classes; values beyond a threshold fall in the outer classes.
 */
export function fixedBreaks(values: ArrayLike<number> | { min: number; max: number }, thresholds: number[]): number[] {
  const [min, max] = 'min' in values ? [values.min, values.max] : minMax(values);
  return [Math.min(min, thresholds[0]!), ...thresholds, Math.max(max, thresholds[thresholds.length - 1]!)];
}
