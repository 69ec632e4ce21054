import { describe, expect, it } from 'vitest';
import type { Feature, Geometry, Position } from 'geojson';
import { burnPolygons, forEachCellInRings, polygonMask, polygonRings } from '../../../../src-main/engine/grid/rasterizePolygons';
import { distanceToPoints, kernelDensity } from '../../../../src-main/engine/grid/pointIndicators';
import { cellCentre, gridForExtent, type GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import { isFiniteRing } from '../../../../src-main/engine/grid/geometryParts';
import { lcg, starRing, starWithHole } from './reference';

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

/**
 * The scanline the module used before it kept an active-edge list (every edge of every ring
 * tested on every row), kept as the reference: the cells it visits, in order.
 */
function previousScanline(grid: GridSpec, allRings: Position[][]): number[] {
  const out: number[] = [];
  const rings = allRings.filter(isFiniteRing);
  if (rings.length === 0) return out;
  const ys = rings.flat().map((p) => p[1]!);
  const rowStart = Math.max(0, Math.floor((grid.originY - Math.max(...ys)) / grid.cellSize - 0.5));
  const rowEnd = Math.min(grid.height - 1, Math.ceil((grid.originY - Math.min(...ys)) / grid.cellSize - 0.5));
  for (let row = rowStart; row <= rowEnd; row++) {
    const y = cellCentre(grid, 0, row)[1];
    const xs: number[] = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]! as [number, number];
        const [xj, yj] = ring[j]! as [number, number];
        if (yi > y !== yj > y) xs.push(xi + ((y - yi) / (yj - yi)) * (xj - xi));
      }
    }
    if (xs.length < 2) continue;
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const c0 = Math.max(0, Math.ceil((xs[k]! - grid.originX) / grid.cellSize - 0.5));
      const c1 = Math.min(grid.width - 1, Math.ceil((xs[k + 1]! - grid.originX) / grid.cellSize - 0.5) - 1);
      for (let c = c0; c <= c1; c++) out.push(row * grid.width + c);
    }
  }
  return out;
}

describe('scanline with an active-edge list keeps the previous cell-centre rule', () => {
  // Gauss-Krüger magnitudes, 30 m cells.
  const g: GridSpec = { epsg: 4546, originX: 500_000, originY: 3_500_000, cellSize: 30, width: 160, height: 140 };
  const x = (col: number): number => g.originX + col * 30;
  const y = (row: number): number => g.originY - row * 30;
  const rnd = lcg(17);
  const shapes: Record<string, Geometry> = {
    'star with a hole': starWithHole(rnd, x(80), y(70), 1_900),
    'multipolygon with overlapping and clockwise parts': {
      type: 'MultiPolygon',
      coordinates: [starWithHole(rnd, x(50), y(50), 1_200).coordinates, [starRing(rnd, x(60), y(55), 300, 900, 19, true)], [starRing(rnd, x(130), y(110), 200, 700, 13)]],
    },
    // Vertices exactly on cell centres, horizontal edges along rows of centres, and a
    // vertical edge through a column of centres.
    'vertices on cell centres, horizontal edges': {
      type: 'Polygon',
      coordinates: [[[x(10.5), y(10.5)], [x(40.5), y(10.5)], [x(40.5), y(20.5)], [x(25.5), y(30.5)], [x(55.5), y(30.5)], [x(55.5), y(60.5)], [x(10.5), y(60.5)], [x(10.5), y(10.5)]], [[x(20.5), y(40.5)], [x(30.5), y(40.5)], [x(30.5), y(50.5)], [x(20.5), y(50.5)], [x(20.5), y(40.5)]]],
    },
    'edges on cell boundaries': { type: 'Polygon', coordinates: [[[x(3), y(3)], [x(9), y(3)], [x(9), y(9)], [x(3), y(9)], [x(3), y(3)]]] },
    // A comb: 40 teeth give 80 crossings per row (the sort for many crossings).
    comb: {
      type: 'Polygon',
      coordinates: [[[x(0.2), y(139)], ...Array.from({ length: 40 }, (_, k) => [[x(0.2 + 3.9 * k), y(100.3)], [x(2.1 + 3.9 * k), y(100.3)], [x(2.1 + 3.9 * k), y(138.2)], [x(4.1 + 3.9 * k), y(138.2)]]).flat(), [x(158), y(139)], [x(0.2), y(139)]]],
    },
    'reaching past the grid': { type: 'Polygon', coordinates: [[[x(-20), y(-10)], [x(200), y(70)], [x(90), y(300)], [x(-20), y(-10)]]] },
    'beside the grid (bounding box misses)': { type: 'Polygon', coordinates: [[[x(170), y(10)], [x(200), y(10)], [x(185), y(90)], [x(170), y(10)]]] },
    'non-finite ring': { type: 'Polygon', coordinates: [[[x(1), y(1)], [NaN, y(5)], [x(9), y(9)], [x(1), y(1)]]] },
  };

  for (const [name, geom] of Object.entries(shapes)) {
    it(name, () => {
      const rings = polygonRings(geom);
      const visited: number[] = [];
      forEachCellInRings(g, rings, (i) => visited.push(i));
      const want = previousScanline(g, rings);
      expect(visited).toEqual(want);
      const mask = polygonMask(g, [{ type: 'Feature', properties: {}, geometry: geom }]);
      expect(mask.reduce((n, v) => n + v, 0)).toBe(want.length);
      for (const i of want) expect(mask[i]).toBe(1);
    });
  }

  it('covers cells in the shapes meant to (the reference is not vacuous)', () => {
    expect(previousScanline(g, polygonRings(shapes.comb!)).length).toBeGreaterThan(2_000);
    expect(previousScanline(g, polygonRings(shapes['vertices on cell centres, horizontal edges']!)).length).toBeGreaterThan(1_000);
  });

  it('burns later features over earlier ones, run by run', () => {
    const features: Feature[] = Object.values(shapes).map((geometry) => ({ type: 'Feature', properties: {}, geometry }));
    const want = new Int32Array(g.width * g.height).fill(-1);
    features.forEach((f, fi) => {
      for (const i of previousScanline(g, polygonRings(f.geometry))) want[i] = fi;
    });
    expect(burnPolygons(g, features, new Int32Array(g.width * g.height).fill(-1), (i) => i)).toEqual(want);
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
