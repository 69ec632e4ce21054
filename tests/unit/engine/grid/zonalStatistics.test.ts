import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import {
  finishZonal,
  mergeZonalPartials,
  zonalPartials,
  zonalStatistics,
} from '../../../../src-main/engine/grid/zonalStatistics';
import { polygonMask } from '../../../../src-main/engine/grid/rasterizePolygons';
import { lcg, starWithHole } from './reference';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

// 2 × 2 cells of 100 m: values 1 2 / 3 NaN.
const grid = { epsg: 4546, originX: 0, originY: 200, cellSize: 100, width: 2, height: 2 };
const values = [1, 2, 3, NaN];

describe('zonal statistics with cell fractions', () => {
  it('weights cells by the share inside the unit (hand-worked)', () => {
    // x ∈ [50, 200], y ∈ [50, 200]: half of cell 0, all of cell 1, a quarter of cell 2, half of the NaN cell.
    const [s] = zonalStatistics(grid, values, [rect(50, 50, 200, 200)], { classes: true });
    expect(s!.count).toBeCloseTo(0.5 + 1 + 0.25, 12);
    expect(s!.sum).toBeCloseTo(0.5 * 1 + 2 + 0.25 * 3, 12);
    expect(s!.mean).toBeCloseTo(3.25 / 1.75, 12);
    expect(s!.min).toBe(1);
    expect(s!.max).toBe(3);
    expect(s!.areaM2).toBeCloseTo(17_500, 6);
    expect(s!.nodataAreaM2).toBeCloseTo(5_000, 6);
    expect(s!.majority).toBe(2);
    expect(s!.areaByClass.map((c) => [c.value, Math.round(c.areaM2)])).toEqual([[1, 5000], [2, 10000], [3, 2500]]);
  });

  it('keeps a township smaller than one cell (the cell-centre rule gives it nothing)', () => {
    const small = rect(110, 120, 140, 160); // 30 m × 40 m in cell 1 (value 2), centre (150, 150) outside
    expect(polygonMask(grid, [{ type: 'Feature', properties: {}, geometry: small }]).reduce((a, b) => a + b, 0)).toBe(0);
    const [s] = zonalStatistics(grid, values, [small], { classes: true });
    expect(s!.areaM2).toBeCloseTo(1_200, 9);
    expect(s!.count).toBeCloseTo(0.12, 12);
    expect(s!.mean).toBe(2);
    expect(s!.majority).toBe(2);
    // People spread evenly over the cell: 500 per cell → 60 in the township.
    const [p] = zonalStatistics(grid, [500, 500, 500, 500], [small]);
    expect(p!.sum).toBeCloseTo(60, 9);
  });

  it('splits a boundary cell between neighbouring units so their areas add up', () => {
    const a = rect(0, 0, 130, 200);
    const b = rect(130, 0, 200, 200);
    const [sa, sb] = zonalStatistics(grid, [1, 1, 1, 1], [a, b]);
    expect(sa!.areaM2 + sb!.areaM2).toBeCloseTo(40_000, 6);
    expect(sa!.areaM2).toBeCloseTo(26_000, 6);
  });

  it('tallies a second quantity per class (people per grade)', () => {
    const [s] = zonalStatistics(grid, [1, 1, 2, 2], [rect(0, 0, 200, 150)], { classSumOf: [10, 20, 30, NaN] });
    expect(s!.areaByClass).toEqual([
      { value: 1, areaM2: expect.closeTo(10_000, 6), sum: expect.closeTo(15, 9) },
      { value: 2, areaM2: expect.closeTo(20_000, 6), sum: expect.closeTo(30, 9) },
    ]);
  });

  it('reads a Uint8 grade raster with 0 as nodata (people per grade per unit)', () => {
    const grades = Uint8Array.from([1, 2, 0, 2]);
    const [s] = zonalStatistics(grid, grades, [rect(0, 0, 200, 150)], { nodata: 0, classSumOf: [10, 20, 30, 40] });
    // y ≤ 150: the northern cells half, the southern ones whole; cell 2 (grade 0) is nodata.
    expect(s!.nodataAreaM2).toBeCloseTo(10_000, 6);
    expect(s!.areaByClass).toEqual([
      { value: 1, areaM2: expect.closeTo(5_000, 6), sum: expect.closeTo(0.5 * 10, 9) },
      { value: 2, areaM2: expect.closeTo(15_000, 6), sum: expect.closeTo(0.5 * 20 + 40, 9) },
    ]);
    expect(s!.majority).toBe(2);
  });

  it('merges per-tile partials into the whole-grid result', () => {
    const rnd = lcg(5);
    const g = { epsg: 4546, originX: 0, originY: 4_000, cellSize: 40, width: 100, height: 100 };
    const v = Float64Array.from({ length: 100 * 100 }, () => (rnd() < 0.05 ? NaN : Math.floor(rnd() * 5)));
    const units = [starWithHole(rnd, 1_500, 2_000, 1_200), starWithHole(rnd, 3_000, 3_000, 700), rect(3_901, 3_901, 3_919, 3_917)];
    const whole = zonalStatistics(g, v, units, { classes: true });
    // Four uneven tiles.
    const tiles: [number, number, number, number][] = [[0, 0, 37, 61], [37, 0, 63, 61], [0, 61, 37, 39], [37, 61, 63, 39]];
    const parts = tiles.map(([c0, r0, w, h]) => {
      const tile = { ...g, originX: g.originX + c0 * 40, originY: g.originY - r0 * 40, width: w, height: h };
      const tv = new Float64Array(w * h);
      for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) tv[r * w + c] = v[(r0 + r) * 100 + c0 + c]!;
      return zonalPartials(tile, tv, units, { classes: true });
    });
    const merged = mergeZonalPartials(parts).map(finishZonal);
    merged.forEach((m, u) => {
      const w = whole[u]!;
      for (const k of ['count', 'sum', 'mean', 'areaM2', 'nodataAreaM2'] as const) expect(m[k]).toBeCloseTo(w[k], 6);
      expect(m.min).toBe(w.min);
      expect(m.max).toBe(w.max);
      expect(m.majority).toBe(w.majority);
      expect(m.areaByClass.map((c) => c.value)).toEqual(w.areaByClass.map((c) => c.value));
    });
    expect(whole[2]!.areaM2 + whole[2]!.nodataAreaM2).toBeCloseTo(18 * 16, 6);
  });

  it('gives NaN statistics for a unit with no valid cell, and coded errors for bad input', () => {
    const [s] = zonalStatistics(grid, values, [rect(150, 10, 190, 90)]);
    expect(s!.mean).toBeNaN();
    expect(s!.nodataAreaM2).toBeCloseTo(3_200, 9);
    expect(() => zonalStatistics(grid, [1, 2, 3], [])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => zonalStatistics({ ...grid, epsg: 4490 }, values, [])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
  });
});
