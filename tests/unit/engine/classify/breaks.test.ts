import { describe, expect, it } from 'vitest';
import { classOf, equalIntervalBreaks, fixedBreaks, jenksBreaks, kmeansBreaks, quantileBreaks, stdDevBreaks } from '../../../../src-main/engine/classify/breaks';
import { gradeClasses } from '../../../../src-main/engine/classify/gradeStatistics';
import { schemeFor, hexToRgb } from '../../../../src-shared/schemes';

describe('class breaks', () => {
  it('equal interval splits [min,max] into k equal steps', () => {
    const b = equalIntervalBreaks([0, 0.3, 1], 5);
    [0, 0.2, 0.4, 0.6, 0.8, 1].forEach((x, i) => expect(b[i]).toBeCloseTo(x, 12));
    expect(b[5]).toBe(1);
  });

  it('quantile puts n/k values in each class', () => {
    const v = Array.from({ length: 10 }, (_, i) => i + 1);
    const b = quantileBreaks(v, 5);
    expect(b).toEqual([1, 2, 4, 6, 8, 10]);
    const counts = [0, 0, 0, 0, 0];
    for (const x of v) counts[classOf(x, b)]!++;
    expect(counts).toEqual([2, 2, 2, 2, 2]);
  });

  it('classOf uses (lower, upper] classes with the minimum in the first', () => {
    const b = [0, 1, 2, 3];
    expect(classOf(0, b)).toBe(0);
    expect(classOf(1, b)).toBe(0);
    expect(classOf(1.0001, b)).toBe(1);
    expect(classOf(3, b)).toBe(2);
    expect(classOf(99, b)).toBe(2);
    expect(classOf(-5, b)).toBe(0);
  });

  it('grade 1 is the highest class and areas follow the cell size in metres', () => {
    const grid = { epsg: 4546, originX: 0, originY: 0, cellSize: 100, width: 4, height: 1 };
    const grades = Uint8Array.from([1, 2, 2, 0]);
    const classes = gradeClasses(grid, grades, [0, 0.5, 1], { id: 't', label: 't', names: ['高', '低'], colors: ['#E60000', '#38A800'] });
    expect(classes[0]).toMatchObject({ grade: 1, name: '高', min: 0.5, max: 1, cells: 1, areaKm2: 0.01 });
    expect(classes[1]).toMatchObject({ grade: 2, name: '低', min: 0, max: 0.5, cells: 2, areaKm2: 0.02 });
    expect(classes[0]!.sharePct).toBeCloseTo(100 / 3, 10);
  });

  it('schemes refuse a class count they do not have', () => {
    expect(schemeFor('high5', 5).names).toEqual(['高', '较高', '中', '较低', '低']);
    expect(() => schemeFor('four', 5)).toThrow(/4 classes/);
    expect(() => schemeFor('nope', 5)).toThrow(/unknown scheme/);
    expect(hexToRgb('#E60000')).toEqual([230, 0, 0]);
  });

  it('standard deviation: 1-sd classes centred on the mean (values 0…10: mean 5, sd √10)', () => {
    const v = Array.from({ length: 11 }, (_, i) => i);
    const sd = Math.sqrt(10);
    const b = stdDevBreaks(v, 5);
    [0, 5 - 1.5 * sd, 5 - 0.5 * sd, 5 + 0.5 * sd, 5 + 1.5 * sd, 10].forEach((x, i) => expect(b[i]).toBeCloseTo(x, 12));
  });

  it('k-means finds well-separated clusters and, started from quantiles, reaches the Jenks optimum there', () => {
    const v = [1, 2, 3, 10, 11, 12, 30, 31, 32];
    expect(kmeansBreaks(v, 3)).toEqual([1, 3, 12, 32]);
    expect(kmeansBreaks(v, 3)).toEqual(jenksBreaks(v, 3));
  });

  it('fixed thresholds are kept as given, the data closing the outer classes', () => {
    expect(fixedBreaks([0.05, 0.3, 0.95], [0.2, 0.4, 0.6, 0.8])).toEqual([0.05, 0.2, 0.4, 0.6, 0.8, 0.95]);
    // Data inside one class: the outer breaks still bracket the thresholds.
    expect(fixedBreaks([0.5], [0.2, 0.4, 0.6, 0.8])).toEqual([0.2, 0.2, 0.4, 0.6, 0.8, 0.8]);
  });
});
