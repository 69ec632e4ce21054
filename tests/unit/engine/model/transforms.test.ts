import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../../../src-main/engine/model/transforms';

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
});
