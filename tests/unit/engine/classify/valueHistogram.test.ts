import { describe, expect, it } from 'vitest';
import { countValues, histogramOf, histogramOfCounts, histogramOfTiles } from '../../../../src-main/engine/classify/valueHistogram';

describe('equal-width histograms of grid values', () => {
  it('histogram: equal bins over [min, max], the maximum in the last bin, NaN left out', () => {
    const h = histogramOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN], 5);
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 2, 2, 3]);
    expect(h.validCells).toBe(11);
    expect(histogramOf([3, 3, NaN], 4)).toEqual({ min: 3, max: 3, edges: [3, 3], counts: [2], validCells: 2 });
    expect(() => histogramOf([NaN], 4)).toThrow(expect.objectContaining({ code: 'E_ALL_NODATA' }));
  });

  it('of tiles over a known range: the same bins as of the whole array', () => {
    const whole = [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN];
    expect(histogramOfTiles([whole.slice(0, 5), whole.slice(5)], 5, 0.5, 10)).toEqual(histogramOf(whole, 5));
    expect(() => histogramOfTiles([[NaN]], 4, 0, 1)).toThrow(expect.objectContaining({ code: 'E_ALL_NODATA' }));
  });

  it('counted in two parts (two threads) and added: the histogram of the whole', () => {
    const whole = [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN];
    const a = new Float64Array(5);
    const b = new Float64Array(5);
    const n = countValues([whole.slice(0, 7)], 5, 0.5, 10, a) + countValues([whole.slice(7)], 5, 0.5, 10, b);
    expect(n).toBe(11);
    expect(histogramOfCounts(a.map((c, i) => c + b[i]!), n, 5, 0.5, 10)).toEqual(histogramOf(whole, 5));
  });
});
