/**
 * The value distribution class breaks are computed from, built tile by tile.
 *
 * A tiled run never holds the whole risk index, so everything a break method needs is
 * accumulated from per-tile partials that merge exactly:
 * - count, min, max, and mean/M2 (Chan et al.'s pairwise update, merged in tile order so the
 *   bits do not depend on which worker finished first);
 * - the distinct values with their counts (exact, while there are at most a limit of them —
 *   10⁶ by default); past the limit the counts are dropped and a fine histogram of the full
 *   data is built in a second look at the values (bin edges need the final min and max).
 *
 * Every break method then works on the weighted values (distinct values, or bin means with
 * the bin's largest value as the place a break may fall), so the whole-array functions in
 * breaks.ts and the tiled run share one code path.
 */
import { distinctOfTiles } from './distinct';
import type { WeightedValues } from './jenks';

/** Count, mean and sum of squared deviations of a set of values (mergeable). */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/** What one pass over a tile's values finds (see {@link scanValues}). */
export interface ValueScan {
  min: number;
  max: number;
  moments: Moments;
  /** With a Float32 copy requested: true when every value (NaN included) survived the conversion. */
  exact32: boolean;
}

/**
 * Range and moments of the non-NaN values in one pass over them — each pass over a tile costs
 * about 1 ns per value here, bound by memory, so one pass instead of three matters. M2 comes
 * from sums of the values shifted by the first valid value K: Σd and Σd² with d = v − K, then
 * M2 = Σd² − (Σd)²/n (the "shifted data" form: K is a sample value, so the shift removes the
 * cancellation of the naive Σv² form). With `f32` (same length) the values are also copied
 * into it, and `exact32` says whether the copy lost anything: a raw tile is summarised and
 * compacted in the same pass.
 */
export function scanValues(values: ArrayLike<number>, f32?: Float32Array): ValueScan {
  const len = values.length;
  let first = 0;
  while (first < len && values[first] !== values[first]) first++;
  const k = first < len ? values[first]! : 0;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  let s = 0;
  let q = 0;
  let exact32 = true;
  for (let i = f32 ? 0 : first; i < len; i++) {
    const v = values[i]!;
    if (f32) {
      f32[i] = v;
      if (f32[i] !== v && v === v) exact32 = false;
    }
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - k;
    n++;
    s += d;
    q += d * d;
  }
  const m2 = n ? q - (s * s) / n : 0;
  return { min, max, moments: { n, mean: n ? k + s / n : 0, m2: m2 > 0 ? m2 : 0 }, exact32 };
}

/** Moments of the non-NaN values of `values` (one pass: {@link scanValues}). */
export function momentsOf(values: ArrayLike<number>): Moments {
  return scanValues(values).moments;
}

/** Merge two moment sets (Chan, Golub & LeVeque). Order matters for the last bits: merge in tile order. */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const d = b.mean - a.mean;
  return { n, mean: a.mean + (d * b.n) / n, m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n };
}

/** Population standard deviation of merged moments (0 for fewer than one value). */
export const momentsSd = (m: Moments): number => (m.n ? Math.sqrt(m.m2 / m.n) : 0);

/** The distinct non-NaN values of one tile, ascending, with their counts, and its moments and range. */
export interface TileValues {
  values: Float64Array;
  counts: Float64Array;
  moments: Moments;
  min: number;
  max: number;
}

/** Min, max and moments of the non-NaN values, in one pass ({@link scanValues}: {@link momentsOf}'s bits). */
export function rangeMoments(values: ArrayLike<number>): { min: number; max: number; moments: Moments } {
  const { min, max, moments } = scanValues(values);
  return { min, max, moments };
}

/** Summarise one tile's values (NaN = nodata, skipped). */
export function tileValues(values: ArrayLike<number>): TileValues {
  const valid = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) valid[n++] = v;
  }
  const sorted = valid.subarray(0, n).sort();
  const out = new Float64Array(n);
  const counts = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && out[m - 1] === sorted[i]) counts[m - 1]!++;
    else {
      out[m] = sorted[i]!;
      counts[m++] = 1;
    }
  }
  return {
    values: out.slice(0, m),
    counts: counts.slice(0, m),
    // Moments in the values' own order, as rangeMoments gives them: a tile summarised either
    // way contributes the same bits.
    moments: momentsOf(values),
    min: m ? out[0]! : Infinity,
    max: m ? out[m - 1]! : -Infinity,
  };
}

/** Ascending distinct values with their counts. */
export interface ValueCounts {
  values: Float64Array;
  counts: Float64Array;
}

/** Merge two ascending value tables into one, adding the counts of equal values. O(a + b). */
export function mergeValueCounts(a: ValueCounts, b: ValueCounts): ValueCounts {
  const values = new Float64Array(a.values.length + b.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i]! : Infinity;
    const vb = j < b.values.length ? b.values[j]! : Infinity;
    const v = va < vb ? va : vb;
    let c = 0;
    if (va === v) c += a.counts[i++]!;
    if (vb === v) c += b.counts[j++]!;
    values[m] = v;
    counts[m++] = c;
  }
  return { values: values.slice(0, m), counts: counts.slice(0, m) };
}

/** Everything a break method needs. `upper[i]` is the largest data value represented by `data.values[i]`. */
export interface Distribution {
  n: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
  data: WeightedValues;
  upper: Float64Array;
  /** True when `data` holds every distinct value; false for a histogram. */
  exact: boolean;
  /** For a histogram: how a value maps to its bin ({@link histogramBin}), so a later look at the values can find them. */
  histogram?: { min: number; scale: number };
}

/** The histogram bin of value `v` (in [min, max]) for a histogram over [min, …] with `scale` bins per unit. */
export const histogramBin = (v: number, min: number, scale: number): number => Math.floor((v - min) * scale);

/** Above this many distinct values the breaks come from a histogram of {@link HISTOGRAM_BINS} bins. */
export const DISTINCT_LIMIT = 1_000_000;
/** Histogram resolution: bin width is 1/65,535 of the value range. */
export const HISTOGRAM_BINS = 65_536;

/**
 * A fine histogram over a known [min, max]: count, exact sum and largest value per bin,
 * so each non-empty bin is represented by the exact mean of its values.
 */
export class Histogram {
  /**
   * Per bin b: count at 4b, sum at 4b + 1, largest value at 4b + 2 — one cache line per value
   * added instead of three (the bins a grid's values visit are scattered over 2 MiB).
   */
  private readonly bins: Float64Array;
  private readonly scale: number;

  /**
   * @param shared the bins in memory two threads share ({@link Histogram.sharedBytes} bytes):
   *   each adds the values of its own bins ({@link addRange}); the first to make it sets them up
   *   (`fresh`), the other attaches to them
   */
  constructor(
    private readonly min: number,
    max: number,
    shared?: { buffer: SharedArrayBuffer; fresh: boolean },
  ) {
    this.scale = max > min ? (HISTOGRAM_BINS - 1) / (max - min) : 0;
    this.bins = new Float64Array(shared?.buffer ?? new ArrayBuffer(Histogram.sharedBytes));
    if (shared && !shared.fresh) return;
    for (let b = 0; b < HISTOGRAM_BINS; b++) this.bins[4 * b + 2] = -Infinity;
  }

  /** The bin of `v` (a value in [min, max]). */
  binOf(v: number): number {
    return histogramBin(v, this.min, this.scale);
  }

  /** Bytes of a histogram's bins. */
  static readonly sharedBytes = 4 * HISTOGRAM_BINS * 8;

  /** Add values (NaN skipped). Values must lie in [min, max]. */
  add(values: ArrayLike<number>): void {
    this.addRange(values, 0, HISTOGRAM_BINS);
  }

  /**
   * Add the values (NaN skipped) that fall in bins `from` … `to` − 1 and no other: two threads
   * adding all values, each for its own bins, make each bin's sum in the order one thread
   * adding them all would — the same bits.
   */
  addRange(values: ArrayLike<number>, from: number, to: number): void {
    // Fields in locals: read through `this` in the loop they cost a reload per value.
    const { bins, min, scale } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      const bin = histogramBin(v, min, scale);
      if (bin < from || bin >= to) continue;
      const b = 4 * bin;
      bins[b]!++;
      bins[b + 1]! += v;
      if (v > bins[b + 2]!) bins[b + 2] = v;
    }
  }

  /** Non-empty bins as weighted values (bin means), the largest value of each bin, and the bin mapping. */
  weighted(): { data: WeightedValues; upper: Float64Array; histogram: { min: number; scale: number } } {
    const { bins } = this;
    let m = 0;
    for (let b = 0; b < HISTOGRAM_BINS; b++) if (bins[4 * b]! !== 0) m++;
    const values = new Float64Array(m);
    const weights = new Float64Array(m);
    const upper = new Float64Array(m);
    for (let b = 0, e = 0; b < HISTOGRAM_BINS; b++) {
      const c = bins[4 * b]!;
      if (c === 0) continue;
      values[e] = bins[4 * b + 1]! / c;
      weights[e] = c;
      upper[e++] = bins[4 * b + 2]!;
    }
    return { data: { values, weights }, upper, histogram: { min: this.min, scale: this.scale } };
  }
}

/**
 * Builds a {@link Distribution} from tiles. Add every tile's {@link TileValues} in tile order;
 * if {@link needsHistogram} is then true, feed all values again through {@link addHistogram}
 * before {@link finish}.
 */
export class DistributionBuilder {
  private moments: Moments = { n: 0, mean: 0, m2: 0 };
  private min = Infinity;
  private max = -Infinity;
  /** The distinct values so far (merged table), null once there are more than the limit. */
  private table: ValueCounts | null = { values: new Float64Array(0), counts: new Float64Array(0) };
  private histogram: Histogram | null = null;

  constructor(private readonly limit = DISTINCT_LIMIT) {}

  /** Merge one tile's summary. */
  add(t: TileValues): void {
    this.moments = mergeMoments(this.moments, t.moments);
    if (t.min < this.min) this.min = t.min;
    if (t.max > this.max) this.max = t.max;
    if (!this.table) return;
    this.table = mergeValueCounts(this.table, t);
    if (this.table.values.length > this.limit) this.table = null; // too many for exact breaks: a histogram pass follows
  }

  /**
   * Add every tile of a grid at once, in order: the same as adding each tile's
   * {@link tileValues}, without sorting each tile (classify/distinct.ts) — on a builder that
   * has seen no value yet; otherwise tile by tile.
   */
  addTiles(tiles: Float32Array[]): void {
    if (this.moments.n !== 0 || !this.table || this.table.values.length !== 0) {
      for (const t of tiles) this.add(tileValues(t));
      return;
    }
    for (const t of tiles) {
      const r = rangeMoments(t);
      this.moments = mergeMoments(this.moments, r.moments);
      if (r.min < this.min) this.min = r.min;
      if (r.max > this.max) this.max = r.max;
    }
    this.table = distinctOfTiles(tiles, this.limit, { n: this.moments.n, min: this.min, max: this.max });
  }

  /** Number of values seen. */
  get count(): number {
    return this.moments.n;
  }

  /** Mean of the values seen (0 without any). */
  get mean(): number {
    return this.moments.mean;
  }

  /** True once the distinct values overflowed: later tiles need only {@link rangeMoments} (as TileValues without values). */
  get overflowed(): boolean {
    return this.table === null;
  }

  /** True when the distinct values overflowed and a histogram pass is needed. */
  get needsHistogram(): boolean {
    return this.table === null && this.moments.n > 0;
  }

  /** Second look at the values, after every tile was added (only when {@link needsHistogram}). */
  addHistogram(values: ArrayLike<number>): void {
    this.histogram ??= new Histogram(this.min, this.max);
    this.histogram.add(values);
  }

  /**
   * The histogram the second look fills, in `shared` memory ({@link Histogram.sharedBytes}) so
   * a second thread can fill part of its bins (live/liveHelper.ts); and the range it spans.
   */
  sharedHistogram(shared: SharedArrayBuffer): { histogram: Histogram; min: number; max: number } {
    this.histogram = new Histogram(this.min, this.max, { buffer: shared, fresh: true });
    return { histogram: this.histogram, min: this.min, max: this.max };
  }

  /** The distribution; null when no value was seen. */
  finish(): Distribution | null {
    const { n } = this.moments;
    if (n === 0) return null;
    const base = { n, min: this.min, max: this.max, mean: this.moments.mean, sd: momentsSd(this.moments) };
    if (this.table) return { ...base, data: { values: this.table.values, weights: this.table.counts }, upper: this.table.values, exact: true };
    if (!this.histogram) throw new Error('DistributionBuilder: the histogram pass is missing');
    return { ...base, ...this.histogram.weighted(), exact: false };
  }
}

/**
 * The distribution of f(x) given `mapped[i]` = f(the i-th entry's largest value), for a
 * non-decreasing f (e.g. percentile ranks): same weights, entries mapped, moments recomputed
 * from the weighted entries. Each entry stands for one value (exact) or one bin (histogram).
 */
export function mapDistribution(d: Distribution, mapped: Float64Array): Distribution {
  let s = 0;
  for (let i = 0; i < mapped.length; i++) s += d.data.weights[i]! * mapped[i]!;
  const mean = s / d.n;
  let m2 = 0;
  for (let i = 0; i < mapped.length; i++) m2 += d.data.weights[i]! * (mapped[i]! - mean) ** 2;
  return {
    n: d.n,
    min: mapped[0]!,
    max: mapped[mapped.length - 1]!,
    mean,
    sd: Math.sqrt(m2 / d.n),
    data: { values: mapped, weights: d.data.weights },
    upper: mapped,
    exact: d.exact,
  };
}

/** The distribution of a whole array (NaN skipped): exact up to `limit` distinct values, else a histogram. */
export function distributionOf(values: ArrayLike<number>, limit = DISTINCT_LIMIT): Distribution | null {
  const b = new DistributionBuilder(limit);
  b.add(tileValues(values));
  if (b.needsHistogram) b.addHistogram(values);
  return b.finish();
}
