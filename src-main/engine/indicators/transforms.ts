/**
 * Indicator transforms (docs/architecture.md "Indicators and normalisation"): raw values on the grid → the indicator used in the
 * components. NaN is nodata and stays NaN; statistics (min, max, mean, sd, ranks) use the
 * valid cells only. `direction: 'negative'` marks a cost indicator: larger raw values are
 * better, so the transformed value is flipped (1 − v on [0,1] scales, −z for z-scores).
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { mergeMoments, mergeValueCounts, momentsSd, rangeMoments, scanValues, tileValues, type Moments } from '../classify/distribution';
import { minMaxNormalise, type Direction } from './normalise';
import type { ReclassEntry } from '../../../src-shared/model';

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
  /** Table lookup: value of the first class x falls in — min ≤ x < max (the top range includes its max), or x = code; unmatched → nodata. */
  | { type: 'reclass'; table: ReclassEntry[] };

/**
 * Global statistics of one raw indicator over the study area — all a transform needs to be
 * applied to any tile on its own. Built per tile ({@link rawStatsOfTile}) and merged in tile
 * order ({@link mergeRawStats}); percentile also needs the distinct values with their counts
 * (exact: its memory grows with the number of distinct raw values, not with the grid).
 */
export interface RawStats {
  min: number;
  max: number;
  moments: Moments;
  /** Ascending distinct values and counts: only for `percentile`. */
  distinct?: { values: Float64Array; counts: Float64Array };
}

/** Statistics of one tile of raw values (NaN = nodata). `distinct`: keep the value table (percentile). */
export function rawStatsOfTile(raw: ArrayLike<number>, distinct: boolean): RawStats {
  if (!distinct) return rangeMoments(raw);
  const t = tileValues(raw);
  return { min: t.min, max: t.max, moments: t.moments, distinct: { values: t.values, counts: t.counts } };
}

/**
 * Statistics of one raw tile ({@link rawStatsOfTile}'s) and the tile as kept between a run's
 * passes: Float32 when every value survives the round trip (a Float32 raster copied onto its
 * own grid) — half the memory and the same values — else the Float64 tile itself. A tile
 * that already is Float32 is kept as it is. Statistics and Float32 copy come from one pass.
 */
export function summariseRawTile(raw: Float64Array | Float32Array, distinct: boolean): { stats: RawStats; kept: Float32Array | Float64Array } {
  const f32 = raw instanceof Float32Array ? undefined : new Float32Array(raw.length);
  const scan = scanValues(raw, f32);
  const kept = f32 && scan.exact32 ? f32 : raw;
  if (distinct) return { stats: rawStatsOfTile(raw, true), kept };
  return { stats: { min: scan.min, max: scan.max, moments: scan.moments }, kept };
}

/** Merge the statistics of two tiles; merge in tile order so the result is the same bits every run. */
export function mergeRawStats(a: RawStats, b: RawStats): RawStats {
  return {
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    moments: mergeMoments(a.moments, b.moments),
    ...(a.distinct && b.distinct ? { distinct: mergeValueCounts(a.distinct, b.distinct) } : {}),
  };
}

/** True when the transform needs the distinct-value table. */
export const needsDistinct = (spec: TransformSpec): boolean => spec.type === 'percentile';

function zscores(v: Float64Array, sign: number, m: Moments): Float64Array {
  const sd = momentsSd(m);
  return Float64Array.from(v, (x) => (Number.isNaN(x) ? NaN : sd === 0 ? 0 : (sign * (x - m.mean)) / sd));
}

/**
 * The percentile rank function of a distribution given as ascending `keys` with `counts`
 * (n values in all): (values below + (ties − 1)/2) / (n − 1), ties sharing their mean rank, in
 * [0, 1]. With distinct values as keys it is exact; with a histogram's bin maxima as keys
 * every value of a bin gets the bin's mid rank. NaN stays NaN.
 */
export function percentileRank(keys: Float64Array, counts: Float64Array, n: number): (x: number) => number {
  // Values below each key, by a running sum over the table.
  const below = new Float64Array(keys.length);
  for (let i = 1; i < below.length; i++) below[i] = below[i - 1]! + counts[i - 1]!;
  return (x) => {
    if (x !== x) return NaN;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return n > 1 ? (2 * below[lo]! + counts[lo]! - 1) / 2 / (n - 1) : 0;
  };
}

function percentileRanks(v: Float64Array, table: { values: Float64Array; counts: Float64Array }, n: number): Float64Array {
  return v.map(percentileRank(table.values, table.counts, n));
}

/**
 * Apply a transform to raw values (a whole grid or one tile) given the indicator's global
 * statistics. Returns a new array — or `out` for min-max, the transform of nearly every model,
 * so a tiled run can reuse its buffers (`out` may be `raw` itself). Throws E_MODEL_INVALID
 * for log10 of values ≤ −1 and malformed reclass tables, E_ARG_INVALID when percentile
 * statistics lack the value table.
 */
export function transformWithStats(raw: Float64Array, spec: TransformSpec, direction: Direction, stats: RawStats, out?: Float64Array): Float64Array {
  const flip01 = (a: Float64Array): Float64Array => (direction === 'negative' ? a.map((x) => 1 - x) : a);
  const range = stats.moments.n ? { min: stats.min, max: stats.max, count: stats.moments.n } : null;
  const sign = direction === 'negative' ? -1 : 1;
  switch (spec.type) {
    case 'minmax':
      return minMaxNormalise(raw, direction, range, out);
    case 'rescale': {
      const [a, b] = spec.range;
      return minMaxNormalise(raw, direction, range).map((x) => a + (b - a) * x);
    }
    case 'zscore':
      return zscores(raw, sign, stats.moments);
    case 'percentile':
      if (!stats.distinct) throw new RiskAtlasError('E_ARG_INVALID', 'percentile ranks need the distinct-value table of the indicator');
      return flip01(percentileRanks(raw, stats.distinct, stats.moments.n));
    case 'log10': {
      if (range && range.min <= -1) throw new RiskAtlasError('E_MODEL_INVALID', `log10(x + 1) needs x > −1; the layer has ${range.min}`);
      // log10 is monotone, so the range of the logged values is the logged range.
      const logged = raw.map((x) => Math.log10(x + 1));
      return minMaxNormalise(logged, direction, range && { min: Math.log10(range.min + 1), max: Math.log10(range.max + 1), count: range.count });
    }
    case 'sigmoid':
      return zscores(raw, sign, stats.moments).map((z) => 1 / (1 + Math.exp(-z)));
    case 'reclass': {
      const t = spec.table;
      if (!t.length || t.some((c) => 'min' in c && !(c.min < c.max))) throw new RiskAtlasError('E_MODEL_INVALID', 'reclass table needs classes with min < max');
      const last = t.reduce((m, c) => ('max' in c ? Math.max(m, c.max) : m), -Infinity);
      const holds = (k: ReclassEntry, x: number): boolean => ('code' in k ? x === k.code : x >= k.min && (x < k.max || (x === last && k.max === last)));
      return raw.map((x) => {
        if (Number.isNaN(x)) return NaN;
        const c = t.find((k) => holds(k, x));
        return c ? c.value : NaN;
      });
    }
  }
}

/**
 * Apply a transform to a whole raw indicator grid (its statistics are its own).
 * Returns a new array; the input is not changed.
 * Throws E_MODEL_INVALID for log10 of values ≤ −1 and malformed reclass tables.
 */
export function applyTransform(raw: Float64Array, spec: TransformSpec, direction: Direction): Float64Array {
  return transformWithStats(raw, spec, direction, rawStatsOfTile(raw, needsDistinct(spec)));
}
