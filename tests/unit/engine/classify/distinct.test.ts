import { describe, expect, it } from 'vitest';
import { DistributionBuilder, rangeMoments, tileValues, type Distribution } from '../../../../src-main/engine/classify/distribution';
import { distinctOfTiles as distinctWithRange, MARK_LIMIT } from '../../../../src-main/engine/classify/distinct';

/** distinctOfTiles with the range its caller (DistributionBuilder.addTiles) knows. */
function distinctOfTiles(ts: Float32Array[], limit: number): ReturnType<typeof distinctWithRange> {
  const r = ts.map((t) => rangeMoments(t));
  return distinctWithRange(ts, limit, { n: r.reduce((s, x) => s + x.moments.n, 0), min: Math.min(...r.map((x) => x.min)), max: Math.max(...r.map((x) => x.max)) });
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Tiles of Float32 values drawn by `draw`, with NaN sprinkled in. */
function tiles(seed: number, count: number, size: number, draw: (r: () => number) => number): Float32Array[] {
  const r = lcg(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: size }, () => (r() < 0.05 ? NaN : draw(r))));
}

/** The distribution a run builds: each tile's sorted table merged in order, then the histogram look if needed. */
function byTile(ts: Float32Array[], limit: number): Distribution {
  const b = new DistributionBuilder(limit);
  for (const t of ts) b.add(tileValues(t));
  if (b.needsHistogram) for (const t of ts) b.addHistogram(t);
  return b.finish()!;
}

function atOnce(ts: Float32Array[], limit: number): Distribution {
  const b = new DistributionBuilder(limit);
  b.addTiles(ts);
  if (b.needsHistogram) for (const t of ts) b.addHistogram(t);
  return b.finish()!;
}

/** Same numbers, bit for bit (Object.is tells −0 from +0). */
function expectSameDistribution(a: Distribution, b: Distribution): void {
  expect([a.n, a.min, a.max, a.mean, a.sd, a.exact]).toEqual([b.n, b.min, b.max, b.mean, b.sd, b.exact]);
  expect(a.data.values.length).toBe(b.data.values.length);
  const differ = (x: Float64Array, y: Float64Array): number => x.findIndex((v, i) => !Object.is(v, y[i]));
  expect([differ(a.data.values, b.data.values), differ(a.data.weights, b.data.weights), differ(a.upper, b.upper)]).toEqual([-1, -1, -1]);
}

describe('distinct values of a whole grid without sorting', () => {
  it('gives the table of the tiles merged in order: ties, NaN, negative values, −0 and +0', () => {
    const ts = tiles(3, 7, 500, (r) => [-0, 0, -1.5, 2.25][Math.floor(r() * 4)]! + (r() < 0.5 ? Math.round(r() * 40) / 8 : 0));
    expectSameDistribution(atOnce(ts, 1e6), byTile(ts, 1e6));
  });

  it('a zero is −0 or +0 as the last tile holding a zero has it', () => {
    const neg = Float32Array.of(-0, 1);
    const pos = Float32Array.of(0, 2);
    for (const order of [[neg, pos], [pos, neg], [pos, neg, pos]]) {
      const t = distinctOfTiles(order, 10)!;
      const merged = byTile(order, 10);
      expect(Object.is(t.values[0], merged.data.values[0])).toBe(true);
    }
    expect(Object.is(distinctOfTiles([pos, neg], 10)!.values[0], -0)).toBe(true);
  });

  it.each([
    ['marked (many values over a narrow span)', 0.4, 1e-3],
    ['radix-sorted (values over a wide span)', 0.25, 0.5],
  ])('smooth Float32 fields (a risk index), %s: the same distribution, exact below the limit and a histogram above it', (_, from, span) => {
    const ts = tiles(11, 9, 4096, (r) => Math.fround(from + span * r()));
    const distinct = atOnce(ts, 1e6).data.values.length;
    expectSameDistribution(atOnce(ts, 1e6), byTile(ts, 1e6));
    // A limit just below the distinct count: both overflow to the same histogram.
    const over = atOnce(ts, distinct - 1);
    expect(over.exact).toBe(false);
    expectSameDistribution(over, byTile(ts, distinct - 1));
    expect(distinctOfTiles(ts, distinct - 1)).toBeNull();
    // Exactly at the limit the table is complete (counting stops only past it).
    expect(distinctOfTiles(ts, distinct)!.counts.reduce((a, b) => a + b, 0)).toBe(atOnce(ts, 1e6).n);
  });

  it('values spanning more Float32 values than it marks (10⁻³⁰ … 1, and −0 … 2) are radix-sorted, with the same result', () => {
    const wide = tiles(5, 3, 300, (r) => Math.fround((r() < 0.5 ? -1 : 1) * 10 ** (-30 * r())));
    expect(Math.fround(1) / Math.fround(1e-30)).toBeGreaterThan(MARK_LIMIT);
    expectSameDistribution(atOnce(wide, 1e6), byTile(wide, 1e6));
    const integers = tiles(6, 4, 300, (r) => [-0, 0, 1, 2][Math.floor(r() * 4)]!);
    expectSameDistribution(atOnce(integers, 1e6), byTile(integers, 1e6));
    expectSameDistribution(atOnce(integers, 2), byTile(integers, 2));
    expect(distinctOfTiles(integers, 2)).toBeNull();
  });

  it('a grid of nodata only has no distribution', () => {
    const b = new DistributionBuilder();
    b.addTiles([Float32Array.of(NaN, NaN)]);
    expect(b.finish()).toBeNull();
  });
});
