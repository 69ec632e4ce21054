import { describe, expect, it } from 'vitest';
import { histogramClassCounts, moveBreak, valueToX, xToValue } from '../../../src-renderer/src/lib/histogram';

describe('break handles', () => {
  it('maps values to x and back', () => {
    expect(valueToX(0.25, 0, 1, 200)).toBe(50);
    expect(xToValue(50, 0, 1, 200)).toBe(0.25);
    expect(xToValue(valueToX(0.731, 0.2, 0.9, 317), 0.2, 0.9, 317)).toBeCloseTo(0.731, 12);
    expect(valueToX(5, 5, 5, 100)).toBe(0);
  });

  it('moves an inner break but never past its neighbours', () => {
    const b = [0, 0.2, 0.4, 0.6, 1];
    expect(moveBreak(b, 2, 0.5)).toEqual([0, 0.2, 0.5, 0.6, 1]);
    expect(moveBreak(b, 2, 0.9)[2]).toBeLessThan(0.6);
    expect(moveBreak(b, 2, 0.9)[2]).toBeGreaterThan(0.6 - 1e-6);
    expect(moveBreak(b, 1, -3)[1]).toBeGreaterThan(0);
    expect(b).toEqual([0, 0.2, 0.4, 0.6, 1]);
    expect(() => moveBreak(b, 0, 0.1)).toThrow(RangeError);
    expect(() => moveBreak(b, 4, 0.1)).toThrow(RangeError);
  });

  it('counts cells per class from the histogram bins (bin centre decides, classes are (b(i), b(i+1)])', () => {
    const h = { min: 0, max: 1, edges: [0, 0.25, 0.5, 0.75, 1], counts: [10, 20, 30, 40], validCells: 100 };
    // Centres 0.125, 0.375, 0.625, 0.875.
    expect(histogramClassCounts(h, [0, 0.5, 1])).toEqual([30, 70]);
    expect(histogramClassCounts(h, [0, 0.3, 0.7, 1])).toEqual([10, 50, 40]);
    expect(histogramClassCounts(h, [0, 0.125, 1])).toEqual([10, 90]);
  });
});
