import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon, MultiPolygon, Position } from 'geojson';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';
import { polygonise, ringArea } from '../../../../src-main/engine/zoning/polygonise';
import { writeGeoTiff } from '../../../../src-main/engine/export/geotiff';

const grid = (w: number, h: number) => ({ epsg: 4546, originX: 1000, originY: 5000, cellSize: 10, width: w, height: h });
const area = (p: Polygon | MultiPolygon): number =>
  (p.type === 'Polygon' ? [p.coordinates] : p.coordinates).reduce((s, poly) => s + poly.reduce((t: number, r: Position[]) => t + ringArea(r), 0), 0);

describe('polygonise', () => {
  it('turns one cell into a counter-clockwise square on the cell corners', () => {
    const [r] = polygonise([7], grid(1, 1), 0);
    expect(r!.label).toBe(7);
    expect(r!.polygon).toEqual({ type: 'Polygon', coordinates: [[[1010, 5000], [1000, 5000], [1000, 4990], [1010, 4990], [1010, 5000]]] });
    expect(ringArea((r!.polygon as Polygon).coordinates[0]!)).toBe(100);
  });

  it('gives a ring-shaped region its hole (clockwise) and the centre its own polygon', () => {
    const labels = [1, 1, 1, 1, 2, 1, 1, 1, 1];
    const regions = polygonise(labels, grid(3, 3), 0);
    const one = regions.find((r) => r.label === 1)!;
    const p = one.polygon as Polygon;
    expect(p.coordinates).toHaveLength(2);
    expect(ringArea(p.coordinates[0]!)).toBe(900);
    expect(ringArea(p.coordinates[1]!)).toBe(-100);
    expect(area(p)).toBe(800);
    expect(regions.find((r) => r.label === 2)!.cells).toBe(1);
  });

  it('separates holes that touch at a corner (4-connectivity) and keeps the area exact', () => {
    const labels = [1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1];
    const regions = polygonise(labels, grid(4, 4), 0);
    expect(regions).toHaveLength(1);
    const p = regions[0]!.polygon as Polygon;
    expect(p.coordinates).toHaveLength(3);
    expect(area(p)).toBe(1400);
  });

  it('covers every valid cell exactly once: the areas add up to the cell count', () => {
    let s = 12345;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const labels = Array.from({ length: 40 * 30 }, () => (rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 3)));
    const regions = polygonise(labels, grid(40, 30), 0);
    const valid = labels.filter((l) => l !== 0).length;
    expect(regions.reduce((t, r) => t + area(r.polygon), 0)).toBeCloseTo(valid * 100, 6);
    for (const r of regions) expect(area(r.polygon)).toBeCloseTo(r.cells * 100, 6);
  });

  it.skipIf(!hasReference('osgeo'))('agrees with GDAL Polygonize on region count and area per label, and GEOS finds every polygon valid', async () => {
    let s = 99;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Smooth-ish zones so that regions have holes and pinches, like a zoning map.
    const W = 60;
    const H = 45;
    const labels = new Uint8Array(W * H);
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) labels[r * W + c] = 1 + (Math.floor(Math.sin(c / 5) * 1.5 + Math.cos(r / 4) * 1.5 + rnd() * 1.4 + 3) % 3);
    const dir = mkdtempSync(join(tmpdir(), 'ra-poly-'));
    const g = grid(W, H);
    await writeGeoTiff(join(dir, 'z.tif'), labels, { width: W, height: H, dtype: 'uint8', nodata: 0, epsg: 4546, geoTransform: [g.originX, 10, 0, g.originY, 0, -10] });
    const ours = polygonise(labels, g, 0);
    const py = [
      'import sys, json',
      'from osgeo import gdal, ogr',
      'ds = gdal.Open(sys.argv[1]); b = ds.GetRasterBand(1)',
      "mem = ogr.GetDriverByName('Memory').CreateDataSource('m'); lyr = mem.CreateLayer('p')",
      "lyr.CreateField(ogr.FieldDefn('v', ogr.OFTInteger))",
      'gdal.Polygonize(b, b.GetMaskBand(), lyr, 0)',
      'out = {}',
      'for f in lyr:',
      "  k = str(f.GetField('v')); a = out.setdefault(k, [0, 0.0]); a[0] += 1; a[1] += f.GetGeometryRef().GetArea()",
      'print(json.dumps(out))',
      'ok = True',
      'for wkt in json.loads(sys.argv[2]):',
      '  ok = ok and ogr.CreateGeometryFromJson(wkt).IsValid()',
      "print('valid' if ok else 'invalid')",
    ].join('\n');
    const out = execFileSync(PYTHON, ['-c', py, join(dir, 'z.tif'), JSON.stringify(ours.map((r) => JSON.stringify(r.polygon)))], { encoding: 'utf8' });
    const [json, validity] = out.trim().split('\n');
    const gdalStats = JSON.parse(json!) as Record<string, [number, number]>;
    for (const label of ['1', '2', '3']) {
      const mine = ours.filter((r) => String(r.label) === label);
      expect(mine.length).toBe(gdalStats[label]![0]);
      expect(mine.reduce((t, r) => t + area(r.polygon), 0)).toBeCloseTo(gdalStats[label]![1], 6);
    }
    expect(validity).toBe('valid');
  });
});
