import { describe, expect, it } from 'vitest';
import type { Geometry, Polygon } from 'geojson';
import { polygonAreaShare, polygonCoverage, ringSignedArea2 } from '../../../../src-main/engine/grid/cellCoverage';
import { polygonsOf } from '../../../../src-main/engine/grid/geometryParts';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import { geosCellMeasure, HAS_GDAL, lcg, starRing, starWithHole } from './reference';

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

/**
 * The dense formulation the module used before it went sparse (full per-cell accumulators,
 * a running sum down every column), kept as the bit-for-bit reference.
 */
function denseCoverage(grid: GridSpec, geom: Geometry): { col0: number; row0: number; width: number; height: number; fraction: Float64Array } | null {
  const polys = polygonsOf(geom);
  const xs = polys.flat(2).map((p) => p[0]!);
  const ys = polys.flat(2).map((p) => p[1]!);
  if (xs.length === 0) return null;
  const cs = grid.cellSize;
  const col0 = Math.max(0, Math.floor((Math.min(...xs) - grid.originX) / cs));
  const col1 = Math.min(grid.width, Math.ceil((Math.max(...xs) - grid.originX) / cs));
  const row0 = Math.max(0, Math.floor((grid.originY - Math.max(...ys)) / cs));
  const row1 = Math.min(grid.height, Math.ceil((grid.originY - Math.min(...ys)) / cs));
  if (col0 >= col1 || row0 >= row1) return null;
  const W = col1 - col0;
  const H = row1 - row0;
  const acc = new Float64Array(W * H);
  const step = new Float64Array(W * (H + 1));
  const wx0 = grid.originX + col0 * cs;
  const wy0 = grid.originY - row0 * cs;
  const band = (ya: number, yb: number, len: number, y0: number, y1: number): number => {
    const ts = [0, 1];
    const dy = yb - ya;
    if (dy !== 0) {
      const t0 = (y0 - ya) / dy;
      const t1 = (y1 - ya) / dy;
      if (t0 > 0 && t0 < 1) ts.push(t0);
      if (t1 > 0 && t1 < 1) ts.push(t1);
      ts.sort((a, b) => a - b);
    }
    let s = 0;
    for (let k = 0; k + 1 < ts.length; k++) {
      const y = ya + dy * ((ts[k]! + ts[k + 1]!) / 2);
      s += (Math.min(y1, Math.max(y0, y)) - y0) * (ts[k + 1]! - ts[k]!);
    }
    return s * len;
  };
  for (const poly of polys) {
    poly.forEach((ring, ri) => {
      const a2 = ringSignedArea2(ring);
      if (a2 === 0) return;
      const f = -(ri === 0 ? 1 : -1) * Math.sign(a2);
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j] as [number, number];
        const [bx, by] = ring[i] as [number, number];
        if (ax === bx) continue;
        const dir = bx > ax ? 1 : -1;
        const xl = Math.min(ax, bx);
        const xr = Math.max(ax, bx);
        const slope = (by - ay) / (bx - ax);
        for (let c = Math.max(0, Math.floor((xl - wx0) / cs)); c <= Math.min(W - 1, Math.ceil((xr - wx0) / cs) - 1); c++) {
          const x0 = Math.max(xl, wx0 + c * cs);
          const x1 = Math.min(xr, wx0 + (c + 1) * cs);
          const len = x1 - x0;
          if (len <= 0) continue;
          const ya = ay + (x0 - ax) * slope;
          const yb = ay + (x1 - ax) * slope;
          const w = f * dir;
          const rBot = Math.floor((wy0 - Math.min(ya, yb)) / cs);
          for (let r = Math.max(0, Math.floor((wy0 - Math.max(ya, yb)) / cs)); r <= Math.min(H - 1, rBot); r++) {
            const y1 = wy0 - r * cs;
            acc[r * W + c]! += w * band(ya, yb, len, y1 - cs, y1);
          }
          const below = Math.max(0, rBot + 1);
          if (below < H) step[below * W + c]! += w * cs * len;
        }
      }
    });
  }
  const fraction = new Float64Array(W * H);
  for (let c = 0; c < W; c++) {
    let carried = 0;
    for (let r = 0; r < H; r++) {
      carried += step[r * W + c]!;
      const v = (acc[r * W + c]! + carried) / (cs * cs);
      fraction[r * W + c] = v < 1e-12 ? 0 : v > 1 - 1e-12 ? 1 : v;
    }
  }
  return { col0, row0, width: W, height: H, fraction };
}

type Window = ReturnType<typeof denseCoverage>;

/** Same window and the same bits in every cell (the first differing cell, if any, shows up in the message). */
function expectSameBits(got: Window, want: Window): void {
  expect(got && { col0: got.col0, row0: got.row0, width: got.width, height: got.height }).toEqual(want && { col0: want.col0, row0: want.row0, width: want.width, height: want.height });
  if (!got || !want) return;
  const a = new BigUint64Array(got.fraction.buffer);
  const b = new BigUint64Array(want.fraction.buffer);
  const at = a.findIndex((v, i) => v !== b[i]);
  expect(at === -1 ? null : { cell: at, got: got.fraction[at], want: want.fraction[at] }).toBeNull();
}

describe('sparse per-tile coverage keeps the dense results', () => {
  const rnd = lcg(29);
  // Gauss-Krüger magnitudes; cells of 30 m.
  const g: GridSpec = { epsg: 4546, originX: 500_010, originY: 3_500_020, cellSize: 30, width: 300, height: 260 };
  const cx = g.originX + 150 * 30;
  const cy = g.originY - 130 * 30;
  const shapes: Geometry[] = [
    starWithHole(rnd, cx, cy, 3_000),
    starWithHole(rnd, cx - 2_500, cy + 1_500, 900),
    // Two overlapping parts (counted twice, capped at 1) and a clockwise part.
    { type: 'MultiPolygon', coordinates: [starWithHole(rnd, cx, cy, 1_500).coordinates, [starRing(rnd, cx + 700, cy, 400, 1_200, 23, true)], [starRing(rnd, cx + 3_000, cy - 2_000, 100, 800, 11)]] },
    // Vertices on cell corners and edges along cell lines, a vertical edge inside a column.
    poly([[g.originX + 30, g.originY - 30], [g.originX + 3_015, g.originY - 30], [g.originX + 3_015, g.originY - 4_500], [g.originX + 30, g.originY - 4_500], [g.originX + 30, g.originY - 30]]),
    // Reaches beyond the grid on three sides.
    poly([[g.originX - 500, g.originY + 500], [g.originX + 4_000, g.originY - 9_000], [g.originX + 12_000, g.originY + 100], [g.originX - 500, g.originY + 500]]),
  ];

  it('gives the dense fractions bit for bit, call after call (the scratch is left clean)', () => {
    for (let round = 0; round < 2; round++) {
      for (const s of shapes) expectSameBits(polygonCoverage(g, s), denseCoverage(g, s));
    }
  });

  it('gives every tile the window cut from the whole-grid coverage', () => {
    for (const s of shapes) {
      const whole = polygonCoverage(g, s)!;
      for (let row0 = 0; row0 < g.height; row0 += 64) {
        for (let col0 = 0; col0 < g.width; col0 += 64) {
          const tile: GridSpec = { ...g, originX: g.originX + col0 * 30, originY: g.originY - row0 * 30, width: Math.min(64, g.width - col0), height: Math.min(64, g.height - row0) };
          const w = polygonCoverage(tile, s);
          // The whole-grid window cut to the tile; null when they do not meet.
          const c0 = Math.max(whole.col0, col0);
          const c1 = Math.min(whole.col0 + whole.width, col0 + tile.width);
          const r0 = Math.max(whole.row0, row0);
          const r1 = Math.min(whole.row0 + whole.height, row0 + tile.height);
          if (c0 >= c1 || r0 >= r1) {
            expect(w).toBeNull();
            continue;
          }
          expect({ col0: w!.col0, row0: w!.row0, width: w!.width, height: w!.height }).toEqual({ col0: c0 - col0, row0: r0 - row0, width: c1 - c0, height: r1 - r0 });
          const cut = new Float64Array(w!.fraction.length);
          for (let r = r0; r < r1; r++) cut.set(whole.fraction.subarray((r - whole.row0) * whole.width + c0 - whole.col0, (r - whole.row0) * whole.width + c1 - whole.col0), (r - r0) * w!.width);
          // A tile sums the steps carried in from above it in edge order, the whole grid row by
          // row down the column: equal up to rounding (on these shapes, to the bit).
          let maxDiff = 0;
          for (let i = 0; i < cut.length; i++) maxDiff = Math.max(maxDiff, Math.abs(w!.fraction[i]! - cut[i]!));
          expect(maxDiff).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('is null for a tile its bounding box misses, even beside or between its parts', () => {
    const parts: Geometry = { type: 'MultiPolygon', coordinates: [[[[0, 0], [100, 0], [100, 100], [0, 0]]], [[[900, 0], [1_000, 0], [1_000, 100], [900, 0]]]] };
    const tile = (originX: number, originY: number): GridSpec => ({ epsg: 4546, originX, originY, cellSize: 10, width: 5, height: 5 });
    expect(polygonCoverage(tile(-100, 100), parts)).toBeNull(); // west of it
    expect(polygonCoverage(tile(400, 300), parts)).toBeNull(); // north of the box
    expect(polygonCoverage(tile(1_000, 100), parts)).toBeNull(); // touching its east edge only
    // Between the parts, inside the box: a window of zeros.
    const between = polygonCoverage(tile(400, 100), parts)!;
    expect(between.fraction.every((v) => v === 0)).toBe(true);
  });

  it('gives a window larger than the reused scratch (whole-grid calls) the dense fractions too', () => {
    const big: GridSpec = { epsg: 4546, originX: 0, originY: 30_000, cellSize: 30, width: 1_100, height: 1_000 };
    // Its outer ring reaches past the grid's corners, so the window is the whole grid.
    const s = starWithHole(lcg(5), 16_500, 15_000, 38_000);
    const w = polygonCoverage(big, s)!;
    expect(w.width * w.height).toBeGreaterThan(1 << 20);
    expectSameBits(w, denseCoverage(big, s));
    // And the scratch is still clean for the next, small call.
    expectSameBits(polygonCoverage(g, shapes[0]!), denseCoverage(g, shapes[0]!));
  });
});
