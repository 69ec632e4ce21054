import { describe, expect, it } from 'vitest';
import { minMaxNormalise, validRange, weightedMinMaxSum } from '../../../../src-main/engine/indicators/normalise';
import { riskIndex, weightedSum } from '../../../../src-main/engine/risk/combine';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

describe('min-max normalisation', () => {
  it('maps positive indicators to (x−min)/(max−min) and keeps nodata', () => {
    expect(Array.from(minMaxNormalise(f(2, 4, NaN, 6), 'positive'))).toEqual([0, 0.5, NaN, 1]);
  });
  it('maps negative (cost) indicators to (max−x)/(max−min)', () => {
    expect(Array.from(minMaxNormalise(f(2, 4, 6), 'negative'))).toEqual([1, 0.5, 0]);
  });
  it('turns a constant indicator into 0 and an all-nodata one into nodata', () => {
    expect(Array.from(minMaxNormalise(f(3, 3, NaN), 'positive'))).toEqual([0, 0, NaN]);
    expect(validRange(f(NaN, NaN))).toBeNull();
  });
});

describe('components and risk operators', () => {
  it('weighted sum propagates nodata', () => {
    expect(Array.from(weightedSum([f(1, 0, NaN), f(0, 1, 1)], [0.25, 0.75]))).toEqual([0.25, 0.75, NaN]);
  });
  it('weightedSum enters capacity as lack of capacity (1 − C)', () => {
    const r = riskIndex({ H: f(1, 0.5), E: f(0.5, 0.5), C: f(1, 0) }, 'weightedSum', { H: 0.5, E: 0.3, C: 0.2 });
    expect(r[0]).toBeCloseTo(0.5 * 1 + 0.3 * 0.5 + 0.2 * 0, 12);
    expect(r[1]).toBeCloseTo(0.5 * 0.5 + 0.3 * 0.5 + 0.2 * 1, 12);
  });
  it('hevc multiplies H × E × V × (1 − C)', () => {
    const r = riskIndex({ H: f(0.8), E: f(0.5), V: f(0.5), C: f(0.25) }, 'hevc');
    expect(r[0]).toBeCloseTo(0.8 * 0.5 * 0.5 * 0.75, 12);
  });

  it.each([
    ['weightedProduct', { H: 0.5, E: 0.5 }, Math.sqrt(0.64 * 0.25)],
    ['hevOverC', {}, (0.64 * 0.25 * 0.5) / 0.5],
    ['geometricMean', {}, (0.64 * 0.25 * 0.5 * 0.5) ** (1 / 4)],
    ['max', {}, 0.64],
    ['inform', {}, (Math.sqrt(0.64 * 0.25) * 0.5 * 0.5) ** (1 / 3)],
    ['lightning', { E: 0.6, V: 0.4 }, 0.64 * (0.6 * 0.25 + 0.4 * 0.5)],
  ] as const)('%s on H = 0.64, E = 0.25, V = 0.5, C = 0.5 matches the hand-worked value', (op, w, expected) => {
    const r = riskIndex({ H: f(0.64), E: f(0.25), V: f(0.5), C: f(0.5) }, op, w);
    expect(r[0]).toBeCloseTo(expected, 12);
  });
  it('hevOverC divides by the floor where there is no capacity', () => {
    expect(riskIndex({ H: f(0.5), C: f(0) }, 'hevOverC', {}, 0.2)[0]).toBeCloseTo(2.5, 12);
  });
  it('every operator gives nodata where a component is nodata', () => {
    for (const op of ['weightedSum', 'weightedProduct', 'hevc', 'hevOverC', 'geometricMean', 'max', 'inform', 'lightning'] as const) {
      expect(riskIndex({ H: f(0.5), E: f(NaN), V: f(0.5), C: f(0.5) }, op, { H: 0.25, E: 0.25, V: 0.25, C: 0.25 })[0]).toBeNaN();
    }
  });
});

describe('risk matrix and FEMA NRI operators (hand-worked)', () => {
  const f = (...v: number[]) => Float64Array.from(v);
  it('riskMatrix: hazard class × vulnerability class → table value; thresholds are upper-inclusive', () => {
    const matrix = { rows: 'H' as const, columns: 'V' as const, rowThresholds: [0.33, 0.66], columnThresholds: [0.5], table: [[1, 2], [2, 3], [3, 4]] };
    // H 0.1 → row 0; 0.33 → row 0 (≤ t0); 0.5 → row 1; 0.9 → row 2. V 0.5 → col 0; 0.51 → col 1.
    const out = riskIndex({ H: f(0.1, 0.33, 0.5, 0.9, NaN), V: f(0.51, 0.5, 0.51, 0.51, 0.2) }, 'riskMatrix', {}, 0.1, matrix);
    expect(Array.from(out)).toEqual([2, 1, 3, 4, NaN]);
    expect(() => riskIndex({ H: f(0.1) }, 'riskMatrix')).toThrow(/needs a matrix/);
  });
  it('nri: H × E × V ÷ max(C, floor)', () => {
    const out = riskIndex({ H: f(0.5, 0.5, 0.5), E: f(0.8, 0.8, 0.8), V: f(0.25, 0.25, 0.25), C: f(0.5, 0.05, NaN) }, 'nri', {}, 0.1);
    expect(out[0]).toBeCloseTo((0.5 * 0.8 * 0.25) / 0.5, 15);
    expect(out[1]).toBeCloseTo((0.5 * 0.8 * 0.25) / 0.1, 15);
    expect(out[2]).toBeNaN();
  });
});

describe('weightedMinMaxSum (the fused component sum of a tiled run)', () => {
  it('gives exactly the bits of minMaxNormalise then weightedSum: Float32 and Float64 tiles, NaN, both directions, a constant indicator', () => {
    let s = 12345;
    const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 5000;
    const f32 = Float32Array.from({ length: n }, () => (rand() < 0.05 ? NaN : 700 + 2300 * rand()));
    const f64 = Float64Array.from({ length: n }, () => (rand() < 0.05 ? NaN : -3 + 1e-3 * rand()));
    const flat = Float32Array.from({ length: n }, () => (rand() < 0.1 ? NaN : 4.5));
    const terms = [
      { raw: f32, weight: 0.45, min: 700, max: 3000, direction: 'positive' as const },
      { raw: f64, weight: 0.35, min: -3, max: -3 + 1e-3, direction: 'negative' as const },
      { raw: flat, weight: 0.2, min: 4.5, max: 4.5, direction: 'positive' as const },
    ];
    const got = weightedMinMaxSum(terms, new Float64Array(n));
    const normalised = terms.map((t) => minMaxNormalise(Float64Array.from(t.raw), t.direction, { min: t.min, max: t.max, count: n }));
    const want = weightedSum(normalised, terms.map((t) => t.weight));
    let nan = 0;
    for (let i = 0; i < n; i++) {
      expect(Object.is(got[i], want[i])).toBe(true);
      if (Number.isNaN(got[i])) nan++;
    }
    // NaN in any term made the cell nodata, and only those cells.
    expect(nan).toBe(Array.from({ length: n }, (_, i) => terms.some((t) => Number.isNaN(t.raw[i]!))).filter(Boolean).length);
  });
});
