import { describe, expect, it } from 'vitest';
import { applyTransform, rawStatsOfTile, summariseRawTile } from '../../../../src-main/engine/indicators/transforms';

const f = (...v: number[]): Float64Array => Float64Array.from(v);
const near = (a: Float64Array, b: number[]): void => {
  expect(a.length).toBe(b.length);
  b.forEach((x, i) => (Number.isNaN(x) ? expect(a[i]).toBeNaN() : expect(a[i]).toBeCloseTo(x, 12)));
};

describe('indicator transforms (hand-worked)', () => {
  it('rescale maps min-max onto [a, b]: 2, 4, 6 → 0.1, 0.55, 1', () => {
    near(applyTransform(f(2, 4, 6, NaN), { type: 'rescale', range: [0.1, 1] }, 'positive'), [0.1, 0.55, 1, NaN]);
    near(applyTransform(f(2, 4, 6), { type: 'rescale', range: [0.1, 1] }, 'negative'), [1, 0.55, 0.1]);
  });

  it('z-score: 2, 4, 6 (mean 4, population sd √(8/3)) → ∓1.2247', () => {
    const sd = Math.sqrt(8 / 3);
    near(applyTransform(f(2, 4, 6), { type: 'zscore' }, 'positive'), [-2 / sd, 0, 2 / sd]);
    near(applyTransform(f(2, 4, 6), { type: 'zscore' }, 'negative'), [2 / sd, 0, -2 / sd]);
  });

  it('percentile rank with ties sharing the mean rank: 5, 1, 5, 3 → 5/6, 0, 5/6, 1/3', () => {
    near(applyTransform(f(5, 1, 5, 3, NaN), { type: 'percentile' }, 'positive'), [5 / 6, 0, 5 / 6, 1 / 3, NaN]);
  });

  it('log10(x + 1) then min-max: 0, 9, 99 → 0, 0.5, 1', () => {
    near(applyTransform(f(0, 9, 99), { type: 'log10' }, 'positive'), [0, 0.5, 1]);
    expect(() => applyTransform(f(-2), { type: 'log10' }, 'positive')).toThrow(/x > −1/);
  });

  it('sigmoid of the z-score: the mean maps to 0.5', () => {
    const r = applyTransform(f(2, 4, 6), { type: 'sigmoid' }, 'positive');
    expect(r[1]).toBeCloseTo(0.5, 12);
    expect(r[2]).toBeCloseTo(1 / (1 + Math.exp(-2 / Math.sqrt(8 / 3))), 12);
  });

  it('reclass by table: min ≤ x < max, the last class includes its max, unmatched → nodata', () => {
    const table = [
      { min: 0, max: 0.1, value: 1 },
      { min: 0.1, max: 0.2, value: 2 },
      { min: 0.2, max: 0.4, value: 3 },
    ];
    near(applyTransform(f(0, 0.1, 0.2, 0.4, 0.5, NaN), { type: 'reclass', table }, 'positive'), [1, 2, 3, 3, NaN, NaN]);
  });

  it('reclass by code: land-use codes → scores (a code not in the table is nodata), and slope classes in degrees mixed with codes', () => {
    const landUse = [
      { code: 1, value: 0.9 },
      { code: 2, value: 0.6 },
      { code: 4, value: 0.1 },
    ];
    near(applyTransform(f(1, 2, 3, 4, 1.5, NaN), { type: 'reclass', table: landUse }, 'positive'), [0.9, 0.6, NaN, 0.1, NaN, NaN]);
    const slope = [
      { code: -1, value: 0 },
      { min: 0, max: 8, value: 1 },
      { min: 8, max: 25, value: 3 },
      { min: 25, max: 90, value: 5 },
    ];
    near(applyTransform(f(-1, 0, 7.99, 8, 30, 90), { type: 'reclass', table: slope }, 'positive'), [0, 1, 1, 3, 5, 5]);
  });
});

describe('summariseRawTile (pass 1 of a run)', () => {
  it('keeps a Float32-exact Float64 tile as Float32, an inexact one as itself, a Float32 tile as itself — with rawStatsOfTile’s statistics', () => {
    const exact = Float64Array.from([1.5, NaN, -2, 1024]);
    const a = summariseRawTile(exact, false);
    expect(a.kept).toBeInstanceOf(Float32Array);
    expect(Array.from(a.kept)).toEqual(Array.from(exact));
    expect(a.stats).toEqual(rawStatsOfTile(exact, false));

    const inexact = Float64Array.from([0.1, 2, NaN]);
    expect(summariseRawTile(inexact, false).kept).toBe(inexact);

    const f32 = Float32Array.from([3, NaN, 5]);
    const c = summariseRawTile(f32, true);
    expect(c.kept).toBe(f32);
    expect(c.stats).toEqual(rawStatsOfTile(f32, true)); // percentile: with the distinct-value table
    expect(c.stats.distinct?.values.length).toBe(2);
  });
});
