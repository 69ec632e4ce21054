import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { polygonAreaShare, polygonCoverage } from '../../../../src-main/engine/grid/cellCoverage';
import { geosCellMeasure, HAS_GDAL, lcg, starWithHole } from './reference';

const grid = { epsg: 4546, originX: 0, originY: 300, cellSize: 100, width: 3, height: 3 };
const poly = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('exact cell coverage of polygons', () => {
  it('splits a triangle over the cells it crosses (hand-worked)', () => {
    // x + (300 − y) < 150: cell (0,0) loses the corner triangle of legs 50 → 1 − 1250/10000.
    const w = polygonCoverage(grid, poly([[0, 300], [150, 300], [0, 150], [0, 300]]))!;
    expect({ col0: w.col0, row0: w.row0, width: w.width, height: w.height }).toEqual({ col0: 0, row0: 0, width: 2, height: 2 });
    expect(Array.from(w.fraction)).toEqual([0.875, 0.125, 0.125, 0]);
  });

  it('gives the same fractions for either ring orientation and subtracts holes', () => {
    const outer = [[-50, -50], [350, -50], [350, 350], [-50, 350], [-50, -50]];
    const hole = [[120, 120], [180, 120], [180, 180], [120, 180], [120, 120]];
    const ccw = polygonAreaShare(grid, [poly(outer, [...hole].reverse())]);
    const cw = polygonAreaShare(grid, [poly([...outer].reverse(), hole)]);
    expect(Array.from(ccw)).toEqual(Array.from(cw));
    // The centre cell loses the 60 × 60 hole; all others are full.
    expect(Array.from(ccw)).toEqual([1, 1, 1, 1, 0.64, 1, 1, 1, 1]);
  });

  it('finds a township smaller than a cell that the cell-centre rule would lose', () => {
    // 30 m × 20 m inside cell (1, 1), away from its centre (150, 150).
    const w = polygonCoverage(grid, poly([[105, 105], [135, 105], [135, 125], [105, 125], [105, 105]]))!;
    expect(w.col0).toBe(1);
    expect(w.row0).toBe(1);
    expect(w.fraction[0]).toBeCloseTo(600 / 10_000, 15);
  });

  it('is null for a polygon outside the grid and for non-polygons', () => {
    expect(polygonCoverage(grid, poly([[1000, 1000], [1100, 1000], [1100, 1100], [1000, 1000]]))).toBeNull();
    expect(polygonCoverage(grid, { type: 'Point', coordinates: [10, 10] })).toBeNull();
  });

  it('adds up to the polygon area (shoelace) for random polygons with holes, on a shifted tile too', () => {
    const rnd = lcg(7);
    const g = { epsg: 4546, originX: 1_000, originY: 9_000, cellSize: 30, width: 200, height: 200 };
    for (let k = 0; k < 20; k++) {
      const p = starWithHole(rnd, 1_000 + 1_000 + rnd() * 4_000, 3_000 + 1_000 + rnd() * 4_000, 300 + rnd() * 700);
      const share = polygonAreaShare(g, [p]);
      const area = p.coordinates.reduce((s, ring, i) => {
        let a = 0;
        for (let j = 1; j < ring.length; j++) a += ring[j - 1]![0]! * ring[j]![1]! - ring[j]![0]! * ring[j - 1]![1]!;
        return s + (i === 0 ? 1 : -1) * Math.abs(a / 2);
      }, 0);
      expect(share.reduce((s, v) => s + v, 0) * 900).toBeCloseTo(area, 4);
      expect(share.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('equals the whole-grid result on any sub-grid (tiles)', () => {
    const rnd = lcg(3);
    const g = { epsg: 4546, originX: 0, originY: 3_000, cellSize: 25, width: 120, height: 120 };
    const p = starWithHole(rnd, 1_500, 1_500, 1_200);
    const whole = polygonAreaShare(g, [p]);
    const tile = { ...g, originX: g.originX + 37 * 25, originY: g.originY - 51 * 25, width: 40, height: 33 };
    const part = polygonAreaShare(tile, [p]);
    for (let r = 0; r < tile.height; r++) {
      for (let c = 0; c < tile.width; c++) expect(part[r * tile.width + c]).toBe(whole[(r + 51) * g.width + c + 37]);
    }
  });

  it.skipIf(!HAS_GDAL)('agrees cell by cell with GEOS polygon ∩ cell areas', () => {
    const rnd = lcg(11);
    // Real Gauss-Krüger magnitudes (x ≈ 500 km, y ≈ 3,300 km), where rounding would show.
    const g = { epsg: 4546, originX: 500_500, originY: 3_302_500, cellSize: 50, width: 40, height: 40 };
    const polys = [starWithHole(rnd, 501_300, 3_301_400, 700), starWithHole(rnd, 501_800, 3_300_800, 250)];
    const ref = geosCellMeasure(g, polys, 'area');
    const ours = polygonAreaShare(g, polys);
    let maxErr = 0;
    for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(ours[i]! - ref[i]!));
    expect(maxErr).toBeLessThan(1e-9);
    expect(ref.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(50); // the test does cover partial cells
  });
});
