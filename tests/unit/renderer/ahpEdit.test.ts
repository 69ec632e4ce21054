import { describe, expect, it } from 'vitest';
import { identityMatrix, nearestSaaty, saatyLabel, setJudgement, SAATY_VALUES } from '../../../src-renderer/src/lib/ahpEdit';
import { ahpWeights, checkPairwise } from '../../../src-shared/ahp';

describe('AHP matrix editing', () => {
  it('keeps the matrix reciprocal, so the engine accepts every edit', () => {
    let m = identityMatrix(4);
    m = setJudgement(m, 0, 1, 3);
    m = setJudgement(m, 0, 2, 5);
    m = setJudgement(m, 1, 3, 1 / 2);
    expect(m[1]![0]).toBeCloseTo(1 / 3, 12);
    expect(m[2]![0]).toBeCloseTo(1 / 5, 12);
    expect(m[3]![1]).toBe(2);
    expect(() => checkPairwise(m)).not.toThrow();
  });

  it('does not touch the input matrix and refuses the diagonal and non-positive values', () => {
    const m = identityMatrix(3);
    const n = setJudgement(m, 0, 1, 7);
    expect(m[0]![1]).toBe(1);
    expect(n[0]![1]).toBe(7);
    expect(() => setJudgement(m, 1, 1, 3)).toThrow(RangeError);
    expect(() => setJudgement(m, 0, 1, 0)).toThrow(RangeError);
    expect(() => setJudgement(m, 0, 1, NaN)).toThrow(RangeError);
  });

  it('an edit that makes the judgements inconsistent raises CR above 0.10 (hand-checked)', () => {
    // Consistent: a = 2b, b = 2c, a = 4c → CR = 0.
    let m = identityMatrix(3);
    m = setJudgement(m, 0, 1, 2);
    m = setJudgement(m, 1, 2, 2);
    m = setJudgement(m, 0, 2, 4);
    const ok = ahpWeights(m);
    expect(ok.cr).toBeCloseTo(0, 10);
    expect(ok.weights[0]).toBeCloseTo(4 / 7, 10);
    // Now say c is 4 times as important as a: a cycle. λmax for this matrix is 3 + 2·cosh-like term; CR ≫ 0.1.
    m = setJudgement(m, 0, 2, 1 / 4);
    const bad = ahpWeights(m);
    expect(bad.consistent).toBe(false);
    expect(bad.cr).toBeGreaterThan(0.1);
  });

  it('labels and snaps to the Saaty scale', () => {
    expect(SAATY_VALUES).toHaveLength(17);
    expect(saatyLabel(3)).toBe('3');
    expect(saatyLabel(1 / 3)).toBe('1/3');
    expect(saatyLabel(1)).toBe('1');
    expect(nearestSaaty(0.333)).toBeCloseTo(1 / 3, 12);
    expect(nearestSaaty(0.5)).toBe(0.5);
    expect(nearestSaaty(2.2)).toBe(2);
    expect(nearestSaaty(12)).toBe(9);
  });
});
