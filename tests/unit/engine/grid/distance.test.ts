import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { distanceToFeatures, SegmentIndex, segmentsOf } from '../../../../src-main/engine/grid/distance';
import { distanceToPoints } from '../../../../src-main/engine/grid/pointIndicators';
import { HAS_GDAL, lcg, python, starWithHole } from './reference';

const grid = { epsg: 4546, originX: 0, originY: 500, cellSize: 100, width: 5, height: 5 };

/** Brute-force reference: distance from (x, y) to each segment, minimum. */
function bruteForce(segs: number[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i < segs.length; i += 4) {
    const [ax, ay, bx, by] = segs.slice(i, i + 4) as [number, number, number, number];
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}

describe('distance to features', () => {
  it('measures to the segment, not to its vertices (hand-worked)', () => {
    // A horizontal road y = 260 from x = −1000 to 1000: cell centres at y = 450, 350, 250, …
    const d = distanceToFeatures(grid, [{ type: 'LineString', coordinates: [[-1000, 260], [1000, 260]] }]);
    expect(d[0]).toBeCloseTo(190, 12);
    expect(d[2 * 5 + 3]).toBeCloseTo(10, 12);
    expect(d[4 * 5 + 4]).toBeCloseTo(210, 12);
  });

  it('is 0 inside polygons (holes excluded) and the distance to the boundary outside', () => {
    const poly: Geometry = {
      type: 'Polygon',
      coordinates: [
        [[0, 0], [500, 0], [500, 500], [0, 500], [0, 0]],
        [[120, 120], [380, 120], [380, 380], [120, 380], [120, 120]],
      ],
    };
    const d = distanceToFeatures(grid, [poly]);
    expect(d[0]).toBe(0);
    expect(d[2 * 5 + 2]).toBeCloseTo(130, 12); // centre (250, 250) in the hole, 130 m from its edges
    expect(d[1 * 5 + 1]).toBeCloseTo(30, 12); // (150, 350) in the hole, 30 m from its west and north edges
  });

  it('gives points the exact distance, through both entry points', () => {
    const rnd = lcg(8);
    const g = { epsg: 4546, originX: 0, originY: 5_000, cellSize: 50, width: 100, height: 100 };
    const pts = Array.from({ length: 60 }, () => ({ x: rnd() * 7_000 - 1_000, y: rnd() * 7_000 - 1_000, w: 1 }));
    const a = distanceToFeatures(g, pts.map((p) => ({ type: 'Point', coordinates: [p.x, p.y] })));
    const b = distanceToPoints(g, pts);
    const segs = pts.flatMap((p) => [p.x, p.y, p.x, p.y]);
    for (let i = 0; i < a.length; i += 7) {
      const ref = bruteForce(segs, g.originX + ((i % 100) + 0.5) * 50, g.originY - (Math.floor(i / 100) + 0.5) * 50);
      expect(a[i]).toBeCloseTo(ref, 9);
      expect(b[i]).toBeCloseTo(ref, 9);
    }
  });

  it('finds the nearest segment through the index exactly as a brute-force scan does, outside the features too', () => {
    const rnd = lcg(9);
    const lines: Geometry[] = Array.from({ length: 40 }, () => ({
      type: 'LineString',
      coordinates: Array.from({ length: 6 }, () => [2_000 + rnd() * 3_000, 2_000 + rnd() * 3_000]),
    }));
    const segs = segmentsOf(lines);
    const index = new SegmentIndex(segs);
    for (let k = 0; k < 2_000; k++) {
      const x = rnd() * 12_000 - 3_000;
      const y = rnd() * 12_000 - 3_000;
      expect(index.nearest(x, y)).toBeCloseTo(bruteForce(segs, x, y), 9);
    }
    // A tiny bin size (many rings to search) gives the same answers.
    const fine = new SegmentIndex(segs, 7);
    for (let k = 0; k < 200; k++) {
      const x = rnd() * 8_000;
      const y = rnd() * 8_000;
      expect(fine.nearest(x, y)).toBeCloseTo(bruteForce(segs, x, y), 9);
    }
  });

  it('handles a single point far away and no features at all', () => {
    const d = distanceToFeatures(grid, [{ type: 'Point', coordinates: [100_050, 450] }]);
    expect(d[4]).toBeCloseTo(99_600, 9);
    expect(distanceToFeatures(grid, []).every(Number.isNaN)).toBe(true);
  });

  it.skipIf(!HAS_GDAL)('agrees with GEOS point-to-geometry distances', () => {
    const rnd = lcg(12);
    const g = { epsg: 4546, originX: 0, originY: 3_000, cellSize: 100, width: 30, height: 30 };
    const geoms: Geometry[] = [
      starWithHole(rnd, 1_000, 1_200, 500),
      { type: 'LineString', coordinates: [[2_000, 100], [2_600, 2_900], [2_900, 1_500]] },
      { type: 'Point', coordinates: [300, 2_700] },
    ];
    const ref = python<number[]>(
      `
import json, sys
from osgeo import ogr
d = json.load(sys.stdin); g = d['grid']
geoms = [ogr.CreateGeometryFromJson(json.dumps(x)) for x in d['geoms']]
out = []
for r in range(g['height']):
  for c in range(g['width']):
    p = ogr.CreateGeometryFromWkt(f"POINT({g['originX'] + (c + 0.5) * g['cellSize']} {g['originY'] - (r + 0.5) * g['cellSize']})")
    out.append(min(x.Distance(p) for x in geoms))
print(json.dumps(out))
`,
      { grid: g, geoms },
    );
    const ours = distanceToFeatures(g, geoms);
    ref.forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 6));
    expect(ref.filter((v) => v === 0).length).toBeGreaterThan(20); // cells inside the polygon
  });
});
