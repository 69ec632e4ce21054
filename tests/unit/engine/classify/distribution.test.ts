import { describe, expect, it } from 'vitest';
import { DistributionBuilder, distributionOf, Histogram, mergeMoments, momentsOf, scanValues, tileValues } from '../../../../src-main/engine/classify/distribution';
import { breaksOfDistribution, jenksBreaks, quantileBreaks } from '../../../../src-main/engine/classify/breaks';
import { optimalPartition, withinClassSS } from '../../../../src-main/engine/classify/jenks';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('mergeable value distribution', () => {
  it('moments merge to the whole: [1, 2] + [3, 4, NaN] → n 4, mean 2.5, M2 5', () => {
    const m = mergeMoments(momentsOf([1, 2]), momentsOf([3, 4, NaN]));
    expect(m.n).toBe(4);
    expect(m.mean).toBeCloseTo(2.5, 15);
    expect(m.m2).toBeCloseTo(5, 14);
  });

  it('tile values are the distinct values with counts, NaN left out', () => {
    const t = tileValues([3, 1, NaN, 3, 2, 1, 3]);
    expect(Array.from(t.values)).toEqual([1, 2, 3]);
    expect(Array.from(t.counts)).toEqual([2, 1, 3]);
    expect([t.min, t.max, t.moments.n]).toEqual([1, 3, 6]);
  });

  it('tiles merged in any split give the distribution of the whole', () => {
    const rnd = lcg(7);
    const v = Float64Array.from({ length: 5000 }, () => Math.round(rnd() * 300) / 10);
    const b = new DistributionBuilder();
    for (let i = 0; i < v.length; i += 777) b.add(tileValues(v.subarray(i, i + 777)));
    const tiled = b.finish()!;
    const whole = distributionOf(v)!;
    expect(tiled.exact).toBe(true);
    expect(Array.from(tiled.data.values)).toEqual(Array.from(whole.data.values));
    expect(Array.from(tiled.data.weights)).toEqual(Array.from(whole.data.weights));
    expect(tiled.mean).toBeCloseTo(whole.mean, 12);
    expect(tiled.sd).toBeCloseTo(whole.sd, 12);
    for (const m of ['jenks', 'quantile', 'equalInterval', 'stdDev', 'kmeans'] as const) {
      breaksOfDistribution(m, tiled, 5).forEach((x, i) => expect(x).toBeCloseTo(breaksOfDistribution(m, whole, 5)[i]!, 12));
    }
  });

  it('quantile breaks from the counts equal the sorted-array definition (rank ⌈c·n/k⌉)', () => {
    const rnd = lcg(3);
    const v = Array.from({ length: 1001 }, () => Math.floor(rnd() * 50));
    const sorted = [...v].sort((a, b) => a - b);
    const expected = [sorted[0]!, ...[1, 2, 3, 4].map((c) => sorted[Math.ceil((c * v.length) / 5) - 1]!), sorted[v.length - 1]!];
    expect(quantileBreaks(v, 5)).toEqual(expected);
  });

  it('past the distinct-value limit it needs a histogram pass, then Jenks runs on bin means and breaks fall on data', () => {
    const rnd = lcg(11);
    const v = Float64Array.from({ length: 20000 }, () => rnd() ** 2);
    const b = new DistributionBuilder(1000);
    for (let i = 0; i < v.length; i += 4096) b.add(tileValues(v.subarray(i, i + 4096)));
    expect(b.needsHistogram).toBe(true);
    expect(() => b.finish()).toThrow(/histogram pass/);
    for (let i = 0; i < v.length; i += 4096) b.addHistogram(v.subarray(i, i + 4096));
    const d = b.finish()!;
    expect(d.exact).toBe(false);
    const breaks = breaksOfDistribution('jenks', d, 5);
    const data = new Set(v);
    for (const x of breaks) expect(data.has(x)).toBe(true);
    // Within a bin width (range / 65535) of the exact optimum's breaks.
    const exact = jenksBreaks(v, 5);
    const bin = (d.max - d.min) / 65535;
    breaks.forEach((x, i) => expect(Math.abs(x - exact[i]!)).toBeLessThanOrEqual(bin * 2));
  });

  it('the histogram represents each bin by the exact mean of its values', () => {
    const h = new Histogram(0, 1);
    h.add([0, 0, 1, NaN]);
    const { data, upper } = h.weighted();
    expect(Array.from(data.values)).toEqual([0, 1]);
    expect(Array.from(data.weights)).toEqual([2, 1]);
    expect(Array.from(upper)).toEqual([0, 1]);
  });

  it('a histogram filled by two threads, each adding the values of its own bins, has the bits of one filled at once (sums, counts, tops)', () => {
    const rnd = lcg(11);
    // Float32 values (a risk index), clustered so that sums in a bin round differently by order.
    const values = Float32Array.from({ length: 200_000 }, () => (rnd() < 0.01 ? NaN : 0.2 + 0.6 * rnd() ** 2 + 1e-7 * rnd()));
    const whole = new Histogram(0.2, 0.8);
    whole.add(values);
    const shared = new SharedArrayBuffer(Histogram.sharedBytes);
    const mine = new Histogram(0.2, 0.8, { buffer: shared, fresh: true });
    const theirs = new Histogram(0.2, 0.8, { buffer: shared, fresh: false });
    const split = mine.binOf(0.35);
    theirs.addRange(values, split, 65_536);
    mine.addRange(values, 0, split);
    const a = whole.weighted();
    const b = mine.weighted();
    expect(Buffer.from(b.data.values.buffer).equals(Buffer.from(a.data.values.buffer))).toBe(true);
    expect(Buffer.from(b.data.weights.buffer).equals(Buffer.from(a.data.weights.buffer))).toBe(true);
    expect(Buffer.from(b.upper.buffer).equals(Buffer.from(a.upper.buffer))).toBe(true);
    // Each part alone holds only its own bins.
    const low = new Histogram(0.2, 0.8);
    low.addRange(values, 0, split);
    expect(low.weighted().data.weights.reduce((x, y) => x + y, 0)).toBe(values.filter((v) => v === v && whole.binOf(v) < split).length);
  });

  it('Jenks on a distribution is the brute-force optimum on small inputs', () => {
    const d = distributionOf([1, 2, 2, 3, 10, 11, 12, 30, 31])!;
    const starts = optimalPartition(d.data, 3);
    let best = Infinity;
    const n = d.data.values.length;
    for (let a = 1; a < n; a++) for (let b = a + 1; b < n; b++) best = Math.min(best, withinClassSS(d.data, [0, a, b]));
    expect(withinClassSS(d.data, starts)).toBeCloseTo(best, 12);
    expect(breaksOfDistribution('jenks', d, 3)).toEqual([1, 3, 12, 31]);
  });
});

describe('scanValues (one pass per tile)', () => {
  /** Two-pass reference: mean, then Σ(v − mean)² — in Float64, over the valid values. */
  function twoPass(values: ArrayLike<number>): { n: number; mean: number; m2: number } {
    const v = Array.from(values).filter((x) => !Number.isNaN(x));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return { n: v.length, mean, m2: v.reduce((a, b) => a + (b - mean) ** 2, 0) };
  }

  it('hand-worked: range and moments of [NaN, 1, 2, NaN, 4] (mean 7/3, M2 14/3)', () => {
    const s = scanValues([NaN, 1, 2, NaN, 4]);
    expect([s.min, s.max, s.moments.n]).toEqual([1, 4, 3]);
    expect(s.moments.mean).toBeCloseTo(7 / 3, 14);
    expect(s.moments.m2).toBeCloseTo(14 / 3, 13);
  });

  it('keeps M2 accurate far from zero (values 10⁶ + noise: the shifted sums do not cancel)', () => {
    let seed = 3;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const v = Float64Array.from({ length: 100_000 }, () => 1e6 + rand());
    const got = scanValues(v).moments;
    const want = twoPass(v);
    expect(got.n).toBe(want.n);
    expect(Math.abs(got.mean - want.mean) / want.mean).toBeLessThan(1e-14);
    expect(Math.abs(got.m2 - want.m2) / want.m2).toBeLessThan(1e-9);
  });

  it('copies into Float32 and says whether that was exact (NaN counts as exact)', () => {
    const f32 = new Float32Array(3);
    expect(scanValues(Float64Array.from([0.5, NaN, 3]), f32).exact32).toBe(true);
    expect(Array.from(f32)).toEqual([0.5, NaN, 3]);
    expect(scanValues(Float64Array.from([0.5, NaN, 0.1]), new Float32Array(3)).exact32).toBe(false);
  });

  it('an all-NaN tile: n 0, empty range', () => {
    const s = scanValues([NaN, NaN]);
    expect(s.moments).toEqual({ n: 0, mean: 0, m2: 0 });
    expect([s.min, s.max]).toEqual([Infinity, -Infinity]);
  });
});
