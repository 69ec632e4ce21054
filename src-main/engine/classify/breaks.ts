/**
 * Class breaks for a risk index. Convention everywhere in RiskAtlas: `breaks` has k+1
 * ascending numbers [min, b1, …, b(k−1), max]; ascending class c holds the values in
 * (breaks[c], breaks[c+1]], and class 0 also holds breaks[0]. Nodata never enters.
 */
import { optimalPartition, type WeightedValues } from './jenks';

export type BreakMethod = 'jenks' | 'quantile' | 'equalInterval' | 'stdDev' | 'kmeans';

/** Above this many distinct values Jenks runs on a fine histogram instead (bin = 1/65536 of the range). */
export const JENKS_EXACT_LIMIT = 1_000_000;
const HISTOGRAM_BINS = 65_536;

/** The distinct values of `values` (already free of nodata) with their counts, ascending. */
export function distinctValues(values: ArrayLike<number>): WeightedValues {
  const sorted = Float64Array.from(values).sort();
  const out: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (out.length && out[out.length - 1] === v) counts[counts.length - 1]!++;
    else {
      out.push(v);
      counts.push(1);
    }
  }
  return { values: Float64Array.from(out), weights: Float64Array.from(counts) };
}

/**
 * A fine histogram of `values` as weighted points: each non-empty bin is represented by
 * the exact mean of its values, and remembers its largest value so breaks fall on data.
 */
function histogramValues(values: ArrayLike<number>, min: number, max: number): WeightedValues & { binMax: Float64Array } {
  const count = new Float64Array(HISTOGRAM_BINS);
  const sum = new Float64Array(HISTOGRAM_BINS);
  const top = new Float64Array(HISTOGRAM_BINS).fill(-Infinity);
  const scale = (HISTOGRAM_BINS - 1) / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const b = Math.floor((v - min) * scale);
    count[b]!++;
    sum[b]! += v;
    if (v > top[b]!) top[b] = v;
  }
  const vals: number[] = [];
  const ws: number[] = [];
  const maxes: number[] = [];
  for (let b = 0; b < HISTOGRAM_BINS; b++) {
    if (count[b]! === 0) continue;
    vals.push(sum[b]! / count[b]!);
    ws.push(count[b]!);
    maxes.push(top[b]!);
  }
  return { values: Float64Array.from(vals), weights: Float64Array.from(ws), binMax: Float64Array.from(maxes) };
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
 * Natural breaks (exact Jenks). Exact on the distinct values up to {@link JENKS_EXACT_LIMIT};
 * beyond, optimal on a 65,536-bin histogram of the full data (breaks still fall on data values).
 */
export function jenksBreaks(values: ArrayLike<number>, k: number): number[] {
  const [min, max] = minMax(values);
  if (values.length === 0) return [];
  if (min === max) return [min, max];
  const distinct = distinctValues(values);
  const data = distinct.values.length <= JENKS_EXACT_LIMIT ? distinct : histogramValues(values, min, max);
  const upper = 'binMax' in data ? (data as { binMax: Float64Array }).binMax : data.values;
  const starts = optimalPartition(data, k);
  const breaks = [min];
  for (let c = 1; c < starts.length; c++) breaks.push(upper[starts[c]! - 1]!);
  breaks.push(max);
  return breaks;
}

/** Quantile breaks: each class holds about n/k values (ties may make classes uneven). */
export function quantileBreaks(values: ArrayLike<number>, k: number): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const breaks = [sorted[0]!];
  for (let c = 1; c < k; c++) breaks.push(sorted[Math.max(0, Math.ceil((c * n) / k) - 1)]!);
  breaks.push(sorted[n - 1]!);
  return breaks;
}

/** Equal-interval breaks over [min, max]. */
export function equalIntervalBreaks(values: ArrayLike<number>, k: number): number[] {
  if (values.length === 0) return [];
  const [min, max] = minMax(values);
  return Array.from({ length: k + 1 }, (_, c) => (c === k ? max : min + ((max - min) * c) / k));
}

/**
 * Standard-deviation breaks: classes one standard deviation wide, centred on the mean
 * (k = 5: mean ± 0.5 sd, ± 1.5 sd), the outer classes open to the data's min and max.
 * Inner breaks outside [min, max] are clamped, which may leave an outer class empty.
 */
export function stdDevBreaks(values: ArrayLike<number>, k: number): number[] {
  if (values.length === 0) return [];
  const [min, max] = minMax(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / values.length);
  const inner = Array.from({ length: k - 1 }, (_, i) => Math.min(max, Math.max(min, mean + (i + 1 - k / 2) * sd)));
  return [min, ...inner, max];
}

/**
 * k-means (Lloyd's algorithm) on the distinct values, started from the quantile breaks so
 * the result is deterministic. It converges to a local optimum; Jenks is the global one,
 * and is what the census uses — k-means is offered for comparison with other tools.
 */
export function kmeansBreaks(values: ArrayLike<number>, k: number): number[] {
  if (values.length === 0) return [];
  const [min, max] = minMax(values);
  if (min === max) return [min, max];
  const { values: x, weights: w } = distinctValues(values);
  const q = quantileBreaks(values, k);
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
  const breaks = [min];
  for (let i = 0; i + 1 < x.length; i++) if (assign[i + 1] !== assign[i]) breaks.push(x[i]!);
  breaks.push(max);
  return breaks;
}

/** Breaks by method (`fixed` thresholds are given by the model, not computed). */
export function computeBreaks(method: BreakMethod, values: ArrayLike<number>, k: number): number[] {
  switch (method) {
    case 'jenks':
      return jenksBreaks(values, k);
    case 'quantile':
      return quantileBreaks(values, k);
    case 'equalInterval':
      return equalIntervalBreaks(values, k);
    case 'stdDev':
      return stdDevBreaks(values, k);
    case 'kmeans':
      return kmeansBreaks(values, k);
  }
}

/**
 * Breaks from fixed inner thresholds (reused across counties for comparability): the data's
 * min and max close the outer classes; values beyond a threshold fall in the outer classes.
 */
export function fixedBreaks(values: ArrayLike<number>, thresholds: number[]): number[] {
  const [min, max] = minMax(values);
  return [Math.min(min, thresholds[0]!), ...thresholds, Math.max(max, thresholds[thresholds.length - 1]!)];
}

/**
 * The ascending class (0-based) of a value under `breaks`: the first c with value ≤ breaks[c+1].
 * Values below the first break go to class 0, above the last to the top class.
 */
export function classOf(value: number, breaks: readonly number[]): number {
  const k = breaks.length - 1;
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= breaks[mid + 1]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
