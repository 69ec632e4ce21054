import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { polygonMask } from '../../../../src-main/engine/grid/rasterizePolygons';
import { distanceToPoints, kernelDensity } from '../../../../src-main/engine/grid/pointIndicators';
import { gridForExtent } from '../../../../src-main/engine/grid/gridSpec';

const grid = { epsg: 4546, originX: 0, originY: 500, cellSize: 100, width: 5, height: 5 };

describe('polygon mask (cell-centre rule)', () => {
  it('fills the cells whose centres are inside and leaves holes empty', () => {
    const square: Feature = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[0, 0], [500, 0], [500, 500], [0, 500], [0, 0]],
          [[200, 200], [300, 200], [300, 300], [200, 300], [200, 200]],
        ],
      },
    };
    const m = polygonMask(grid, [square]);
    expect(Array.from(m).reduce((a, b) => a + b, 0)).toBe(24);
    expect(m[2 * 5 + 2]).toBe(0);
  });
  it('includes a cell only when its centre is inside', () => {
    const tri: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 500], [160, 500], [0, 340], [0, 500]]] } };
    // Only cell (0,0) with centre (50,450) lies inside x + (500 − y) < 160.
    expect(Array.from(polygonMask(grid, [tri])).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('point indicators', () => {
  it('distance is the exact Euclidean distance to the nearest point', () => {
    const d = distanceToPoints(grid, [{ x: 50, y: 450, w: 1 }]);
    expect(d[0]).toBe(0);
    expect(d[1]).toBe(100);
    expect(d[6]).toBeCloseTo(Math.SQRT2 * 100, 9);
  });
  it('kernel density integrates to the point weight (per km² × km²)', () => {
    const g = gridForExtent(4546, [0, 0, 10_000, 10_000], 10);
    const dens = kernelDensity(g, [{ x: 5000, y: 5000, w: 3 }], 1000);
    const total = dens.reduce((a, b) => a + b, 0) * (g.cellSize * g.cellSize) / 1e6;
    expect(total).toBeCloseTo(3, 2);
    // Peak = w·3/(π r²) per m² at the centre, in per-km².
    expect(dens.reduce((a, b) => Math.max(a, b), 0)).toBeCloseTo(3 * (3 / (Math.PI * 1e6)) * 1e6 * (1 - 50 / 1e6) ** 2, 1);
  });
  it('grids snap their origin to the cell size', () => {
    expect(gridForExtent(4546, [123, 456, 789, 1001], 100)).toEqual({ epsg: 4546, originX: 100, originY: 1100, cellSize: 100, width: 7, height: 7 });
  });
});
