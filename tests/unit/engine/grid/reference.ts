/**
 * Independent references for the grid tests: GDAL/OGR (GEOS) through the system Python
 * bindings, and small seeded random geometries. Tests that call GDAL skip when it is absent.
 */
import { execFileSync } from 'node:child_process';
import type { Polygon, Position } from 'geojson';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';

/** GDAL's tools (gdalwarp, gdal_rasterize come with gdalinfo) and its Python bindings (GEOS through ogr). */
export const HAS_GDAL = hasReference('gdalinfo') && hasReference('osgeo');

/** Run a Python script with the GDAL bindings; `input` is passed as JSON on stdin, stdout is parsed as JSON. */
export function python<T>(script: string, input: unknown): T {
  const out = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as T;
}

/** A deterministic generator in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A closed star-shaped ring around (cx, cy) with radii in [r0, r1]; counter-clockwise unless `cw`. */
export function starRing(rnd: () => number, cx: number, cy: number, r0: number, r1: number, n: number, cw = false): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((cw ? -1 : 1) * 2 * Math.PI * i) / n;
    const r = r0 + (r1 - r0) * rnd();
    ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** A star polygon with a star hole (hole radii below the outer ring's smallest radius). */
export function starWithHole(rnd: () => number, cx: number, cy: number, size: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [starRing(rnd, cx, cy, size * 0.6, size, 17), starRing(rnd, cx, cy, size * 0.15, size * 0.5, 9, true)],
  };
}

/**
 * GEOS's measure of the geometries inside every cell of `grid`, row-major: `area` the covered
 * fraction of the cell (capped at 1), `length` the line length in metres.
 */
export function geosCellMeasure(grid: { originX: number; originY: number; cellSize: number; width: number; height: number }, geoms: unknown[], measure: 'area' | 'length'): number[] {
  return python<number[]>(
    `
import json, sys
from osgeo import ogr
d = json.load(sys.stdin); g = d['grid']
geoms = [ogr.CreateGeometryFromJson(json.dumps(x)) for x in d['geoms']]
out = []
for r in range(g['height']):
  for c in range(g['width']):
    x0 = g['originX'] + c * g['cellSize']; y1 = g['originY'] - r * g['cellSize']
    x1 = x0 + g['cellSize']; y0 = y1 - g['cellSize']
    cell = ogr.CreateGeometryFromWkt(f'POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))')
    if d['measure'] == 'area':
      out.append(min(1.0, sum(cell.Intersection(p).GetArea() for p in geoms) / (g['cellSize'] ** 2)))
    else:
      out.append(sum(cell.Intersection(l).Length() for l in geoms))
print(json.dumps(out))
`,
    { grid, geoms, measure },
  );
}
