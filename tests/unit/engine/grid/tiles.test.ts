/**
 * Every grid function takes a GridSpec and fills exactly that grid: on any tile of a grid
 * (any origin on the same lattice, any size) it gives the values the whole grid has there.
 * The model run streams tiles, so this is what makes its output independent of the tiling.
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import { lineLengthGrid, rasterizeFeatures } from '../../../../src-main/engine/grid/rasterizeFeatures';
import { distanceToFeatures } from '../../../../src-main/engine/grid/distance';
import { kernelDensity } from '../../../../src-main/engine/grid/pointIndicators';
import { polygonAreaShare } from '../../../../src-main/engine/grid/cellCoverage';
import { lcg, starWithHole } from './reference';

const whole: GridSpec = { epsg: 4546, originX: 400_000, originY: 3_310_000, cellSize: 50, width: 80, height: 70 };
/** Tiles of uneven sizes covering the whole grid. */
const tiles: [number, number, number, number][] = [[0, 0, 33, 29], [33, 0, 47, 29], [0, 29, 33, 41], [33, 29, 47, 41]];
const tileSpec = ([c0, r0, w, h]: [number, number, number, number]): GridSpec => ({ ...whole, originX: whole.originX + c0 * 50, originY: whole.originY - r0 * 50, width: w, height: h });

function expectTilesMatch(f: (g: GridSpec) => Float64Array, digits: number): void {
  const full = f(whole);
  expect(full.some((v) => v > 0)).toBe(true); // something to compare
  for (const t of tiles) {
    const part = f(tileSpec(t));
    const [c0, r0, w, h] = t;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const a = part[r * w + c]!;
        const b = full[(r0 + r) * whole.width + c0 + c]!;
        if (Math.abs(a - b) > 10 ** -digits * Math.max(1, Math.abs(b))) expect(a).toBeCloseTo(b, digits);
      }
    }
  }
}

describe('tiles give the whole grid’s values', () => {
  const rnd = lcg(77);
  const X = (): number => whole.originX - 300 + rnd() * 4_600;
  const Y = (): number => whole.originY + 300 - rnd() * 4_100;
  const points: Geometry[] = Array.from({ length: 300 }, () => ({ type: 'Point', coordinates: [X(), Y()] }));
  const weights = points.map(() => rnd() * 10);
  const lines: Geometry[] = Array.from({ length: 30 }, () => ({ type: 'LineString', coordinates: Array.from({ length: 5 }, () => [X(), Y()]) }));
  const polys: Geometry[] = Array.from({ length: 8 }, () => starWithHole(rnd, X(), Y(), 200 + rnd() * 600));

  it('counts, sums and densities', () => {
    for (const m of ['presence', 'count'] as const) expectTilesMatch((g) => rasterizeFeatures(g, [...points, ...lines, ...polys], m), 12);
    expectTilesMatch((g) => rasterizeFeatures(g, points, 'sum', weights), 12);
    expectTilesMatch((g) => rasterizeFeatures(g, points, 'density', weights), 12);
  });
  it('line length and area share', () => {
    expectTilesMatch((g) => lineLengthGrid(g, lines, true), 6);
    expectTilesMatch((g) => polygonAreaShare(g, polys), 9);
  });
  it('distance and kernel density', () => {
    expectTilesMatch((g) => distanceToFeatures(g, [...lines, ...polys]), 9);
    const pts = points.map((p, i) => ({ x: (p as { coordinates: number[] }).coordinates[0]!, y: (p as { coordinates: number[] }).coordinates[1]!, w: weights[i]! }));
    expectTilesMatch((g) => kernelDensity(g, pts, 400), 9);
  });
});
