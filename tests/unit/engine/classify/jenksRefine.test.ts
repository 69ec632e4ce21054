import { describe, expect, it } from 'vitest';
import { breaksOfDistribution, jenksBreaks } from '../../../../src-main/engine/classify/breaks';
import { distributionOf } from '../../../../src-main/engine/classify/distribution';
import { JenksRefinement, keepMarked } from '../../../../src-main/engine/classify/jenksRefine';
import { mulberry32 } from '../../../../resources/sample/prng';

/** Within-class sum of squares of raw values under breaks (class c holds (b[c], b[c+1]], class 0 also b[0]). */
function ssOf(values: Float32Array, breaks: number[]): number {
  const k = breaks.length - 1;
  const groups: number[][] = Array.from({ length: k }, () => []);
  for (const v of values) {
    let c = 0;
    while (c < k - 1 && v > breaks[c + 1]!) c++;
    groups[c]!.push(v);
  }
  return groups.reduce((s, g) => {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    return s + g.reduce((a, b) => a + (b - m) ** 2, 0);
  }, 0);
}

const N = 150_000;
const shapes: Record<string, (r: () => number) => number> = {
  uniform: (r) => r(),
  bimodal: (r) => (r() < 0.6 ? 0.3 : 0.75) + 0.08 * (r() + r() + r() - 1.5),
  skewed: (r) => Math.exp(2 * (r() + r() + r() - 1.5)),
  'risk-like (smooth field + noise, clipped)': (r) => Math.min(1, Math.max(0, 0.45 + 0.2 * Math.sin(r() * 6) + 0.05 * (r() - 0.5))),
};

describe('Jenks refinement past the distinct-value limit', () => {
  for (const [name, draw] of Object.entries(shapes)) {
    it(`${name}: the refined histogram breaks equal the exact breaks over every distinct value`, () => {
      const rand = mulberry32(name.length * 7919);
      // Float32 values, as a run's index is: duplicates occur, like in real grids.
      const values = Float32Array.from({ length: N }, () => draw(rand));
      const exact = distributionOf(values, Infinity)!;
      expect(exact.exact).toBe(true);
      const want = breaksOfDistribution('jenks', exact, 5);

      const hist = distributionOf(values, 1000)!;
      expect(hist.exact).toBe(false);
      const refine = new JenksRefinement(hist, 5);
      refine.add(values);
      const got = refine.breaks();
      expect(got.certified).toBe(true);
      expect(got.breaks).toEqual(want);
      // And never worse than the histogram's own breaks.
      expect(ssOf(values, got.breaks)).toBeLessThanOrEqual(ssOf(values, breaksOfDistribution('jenks', hist, 5)) + 1e-9);
    });
  }

  it('values kept in two parts (another thread keeping those of the second half) give the breaks of one look', () => {
    const rand = mulberry32(4242);
    const values = Float32Array.from({ length: N }, () => shapes['risk-like (smooth field + noise, clipped)']!(rand));
    const hist = distributionOf(values, 1000)!;
    const one = new JenksRefinement(hist, 5);
    one.add(values);
    const two = new JenksRefinement(hist, 5);
    const into = { values: new Float64Array(16), n: 0 };
    expect(keepMarked(values.subarray(N / 2), two.marks(), into)).toBe(true);
    two.add(values.subarray(0, N / 2));
    two.addKept(into.values.slice(0, into.n));
    expect(into.n).toBeGreaterThan(0);
    expect(two.breaks()).toEqual(one.breaks());
    // A part that had too many values to keep: the histogram breaks stand, not certified.
    const over = new JenksRefinement(hist, 5);
    over.add(values.subarray(0, N / 2));
    over.addKept(null);
    expect(over.breaks()).toEqual({ breaks: breaksOfDistribution('jenks', hist, 5), certified: false });
  });

  it('the histogram alone misses the exact breaks (uniform data) and the whole-array jenksBreaks refines them', () => {
    const rand = mulberry32('uniform'.length * 7919);
    const values = Float32Array.from({ length: N }, () => rand());
    const want = breaksOfDistribution('jenks', distributionOf(values, Infinity)!, 5);
    expect(breaksOfDistribution('jenks', distributionOf(values, 1000)!, 5)).not.toEqual(want);
    // Past the real limit (10⁶ distinct values) jenksBreaks goes through the same refinement.
    const big = new Float32Array(1_200_000);
    for (let i = 0; i < big.length; i++) big[i] = rand();
    const exact = breaksOfDistribution('jenks', distributionOf(big, Infinity)!, 5);
    expect(jenksBreaks(big, 5)).toEqual(exact);
  });

  it('refuses values that changed between the two looks with E_INTERNAL', () => {
    const rand = mulberry32(9);
    const values = Float32Array.from({ length: 20_000 }, () => rand());
    const refine = new JenksRefinement(distributionOf(values, 100)!, 5);
    refine.add(values.subarray(0, 10_000)); // half the values are missing in the second look
    expect(() => refine.breaks()).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });

  it('is refused on an exact distribution (there is nothing to refine)', () => {
    expect(() => new JenksRefinement(distributionOf([1, 2, 3, 4])!, 2)).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });
});
