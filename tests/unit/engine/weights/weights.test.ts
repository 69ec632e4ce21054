import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { ahpWeights, RANDOM_INDEX } from '../../../../src-shared/ahp';
import { accumulateEntropy, combineWeights, emptyEntropy, entropyWeights, mergeEntropy } from '../../../../src-main/engine/weights/entropy';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';

describe('AHP', () => {
  it('reproduces the textbook 3×3 example: w = 0.637, 0.258, 0.105; λmax = 3.039; CR = 0.033', () => {
    const r = ahpWeights([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(r.weights.map((w) => +w.toFixed(3))).toEqual([0.637, 0.258, 0.105]);
    expect(+r.lambdaMax.toFixed(3)).toBe(3.039);
    expect(+r.ci.toFixed(3)).toBe(0.019);
    expect(+r.cr.toFixed(3)).toBe(0.033);
    expect(r.consistent).toBe(true);
  });

  it('gives exact weights and CR = 0 for a perfectly consistent matrix', () => {
    // w = (0.5, 0.25, 0.125, 0.125): a_ij = w_i / w_j.
    const w = [0.5, 0.25, 0.125, 0.125];
    const r = ahpWeights(w.map((a) => w.map((b) => a / b)));
    r.weights.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 12));
    expect(r.lambdaMax).toBeCloseTo(4, 12);
    expect(r.cr).toBeCloseTo(0, 12);
  });

  it('flags an inconsistent matrix (CR ≥ 0.10)', () => {
    // A prefers B (5), B prefers C (5), yet C prefers A (3): circular judgements.
    const r = ahpWeights([
      [1, 5, 1 / 3],
      [1 / 5, 1, 5],
      [3, 1 / 5, 1],
    ]);
    expect(r.cr).toBeGreaterThanOrEqual(0.1);
    expect(r.consistent).toBe(false);
  });

  it('uses the standard RI table', () => {
    expect(RANDOM_INDEX.slice(0, 10)).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
  });

  it('refuses matrices that are not positive, square and reciprocal', () => {
    expect(() => ahpWeights([[1, 2], [2, 1]])).toThrow(/not reciprocal/);
    expect(() => ahpWeights([[1, 0], [0, 1]])).toThrow(/positive/);
    expect(() => ahpWeights([[1, 2, 3], [0.5, 1]])).toThrow(/row 1 has 3 entries, expected 2/);
    expect(() => ahpWeights([[2]])).toThrow(/diagonal/);
    // Rounded thirds as people type them are accepted.
    expect(ahpWeights([[1, 3], [0.333, 1]]).weights[0]).toBeCloseTo(0.75, 3);
  });

  it.skipIf(!hasReference('numpy'))('agrees with numpy’s eigen-decomposition on a 6×6 judgement matrix', () => {
    const m = [
      [1, 2, 3, 5, 7, 9],
      [1 / 2, 1, 2, 3, 5, 7],
      [1 / 3, 1 / 2, 1, 2, 3, 5],
      [1 / 5, 1 / 3, 1 / 2, 1, 2, 3],
      [1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2],
      [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1],
    ];
    const py = 'import sys, json\nimport numpy as np\nA=np.array(json.loads(sys.argv[1]))\nw,v=np.linalg.eig(A)\ni=int(np.argmax(w.real))\nx=v[:,i].real\nx=x/x.sum()\nprint(json.dumps([list(x), float(w[i].real)]))';
    const out = execFileSync(PYTHON, ['-c', py, JSON.stringify(m)], { encoding: 'utf8' });
    const [w, lambda] = JSON.parse(out) as [number[], number];
    const r = ahpWeights(m);
    r.weights.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 9));
    expect(r.lambdaMax).toBeCloseTo(lambda, 9);
  });
});

describe('entropy weights', () => {
  it('matches a hand-worked example: x1 = (1,2,3), x2 = (3,0,1) → e = 0.9206, 0.5119; w = 0.1399, 0.8601', () => {
    const r = entropyWeights(accumulateEntropy(emptyEntropy(2), [[1, 2, 3], [3, 0, 1]]));
    expect(r.entropy.map((e) => +e.toFixed(4))).toEqual([0.9206, 0.5119]);
    expect(r.weights.map((w) => +w.toFixed(4))).toEqual([0.1399, 0.8601]);
  });

  it('gives no weight to a constant indicator and all to one that singles out a cell', () => {
    const r = entropyWeights(accumulateEntropy(emptyEntropy(2), [[1, 1, 1], [0, 0, 1]]));
    expect(r.weights[0]).toBeCloseTo(0, 12);
    expect(r.weights[1]).toBeCloseTo(1, 12);
  });

  it('skips cells where any indicator is nodata, and merging tiles equals one pass', () => {
    const a = [1, 2, NaN, 3, 4, 0.5];
    const b = [3, 0, 7, 1, 2, 2];
    const whole = entropyWeights(accumulateEntropy(emptyEntropy(2), [a, b]));
    const tiles = mergeEntropy(accumulateEntropy(emptyEntropy(2), [a.slice(0, 3), b.slice(0, 3)]), accumulateEntropy(emptyEntropy(2), [a.slice(3), b.slice(3)]));
    expect(tiles.n).toBe(5);
    entropyWeights(tiles).weights.forEach((w, j) => expect(w).toBeCloseTo(whole.weights[j]!, 14));
  });

  it('refuses negative values and too few cells', () => {
    expect(() => accumulateEntropy(emptyEntropy(1), [[-1]])).toThrow(/non-negative/);
    expect(() => entropyWeights(accumulateEntropy(emptyEntropy(1), [[1]]))).toThrow(/at least 2/);
  });
});

describe('combined weights', () => {
  it('linear: α·AHP + (1 − α)·entropy', () => {
    const w = combineWeights([0.6, 0.4], [0.2, 0.8], 'linear', 0.25);
    expect(w[0]).toBeCloseTo(0.25 * 0.6 + 0.75 * 0.2, 12);
    expect(w[1]).toBeCloseTo(0.25 * 0.4 + 0.75 * 0.8, 12);
    expect(() => combineWeights([1], [1], 'linear', 1.5)).toThrow(/alpha/);
  });
  it('multiplicative: a·e renormalised', () => {
    const w = combineWeights([0.6, 0.4], [0.2, 0.8], 'multiplicative');
    expect(w[0]).toBeCloseTo(0.12 / 0.44, 12);
    expect(w[1]).toBeCloseTo(0.32 / 0.44, 12);
  });
});
