/**
 * Degenerate and hostile geometries (empty parts, one- and two-vertex rings, repeated and
 * collinear vertices, self-intersections, NaN and huge coordinates) never crash or hang a
 * grid function: each returns a full grid of finite values or NaN, fractions stay in [0, 1].
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Geometry, Position } from 'geojson';
import { polygonAreaShare } from '../../../../src-main/engine/grid/cellCoverage';
import { lineLengthGrid, rasterizeFeatures } from '../../../../src-main/engine/grid/rasterizeFeatures';
import { distanceToFeatures } from '../../../../src-main/engine/grid/distance';
import { zonalStatistics } from '../../../../src-main/engine/grid/zonalStatistics';

const grid = { epsg: 4546, originX: 0, originY: 1_000, cellSize: 100, width: 10, height: 10 };
const coord = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -500, max: 1_500, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 100, 1_000, NaN, 1e12, -1e12) },
);
const pos = fc.tuple(coord, coord) as fc.Arbitrary<Position>;
const ring = fc.array(pos, { minLength: 0, maxLength: 8 }).map((r) => (r.length && Math.random() < 0.7 ? [...r, r[0]!] : r));
const geometry: fc.Arbitrary<Geometry> = fc.oneof(
  pos.map((p) => ({ type: 'Point', coordinates: p }) as Geometry),
  fc.array(pos, { maxLength: 6 }).map((c) => ({ type: 'LineString', coordinates: c }) as Geometry),
  fc.array(ring, { maxLength: 3 }).map((c) => ({ type: 'Polygon', coordinates: c }) as Geometry),
  fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }).map((c) => ({ type: 'MultiPolygon', coordinates: c }) as Geometry),
);
const runs = Number(process.env.FUZZ_RUNS ?? 200);

describe('degenerate geometries', () => {
  it('never crash a rasterisation and give sane values', () => {
    fc.assert(
      fc.property(fc.array(geometry, { maxLength: 5 }), (geoms) => {
        const n = grid.width * grid.height;
        const share = polygonAreaShare(grid, geoms);
        expect(share.length).toBe(n);
        expect(share.every((v) => v >= 0 && v <= 1)).toBe(true);
        for (const m of ['presence', 'count', 'density'] as const) expect(rasterizeFeatures(grid, geoms, m).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
        expect(lineLengthGrid(grid, geoms).every((v) => v >= 0 && !Number.isNaN(v))).toBe(true);
        expect(distanceToFeatures(grid, geoms).every((v) => Number.isNaN(v) || v >= 0)).toBe(true);
        const stats = zonalStatistics(grid, new Float64Array(n).fill(1), geoms, { classes: true });
        for (const s of stats) expect(s.areaM2 >= 0 && s.areaM2 <= n * 10_000 * 2 + 1e-6).toBe(true);
      }),
      { numRuns: runs },
    );
  });
});
