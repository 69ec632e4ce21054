import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { lineLengthGrid, rasterizeFeatures } from '../../../../src-main/engine/grid/rasterizeFeatures';
import { geosCellMeasure, HAS_GDAL, lcg, python, starWithHole } from './reference';

// 3 × 2 cells of 100 m (0.01 km²).
const grid = { epsg: 4546, originX: 1000, originY: 2200, cellSize: 100, width: 3, height: 2 };
const pt = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });

describe('presence, count, sum and density of features', () => {
  const pts = [pt(1010, 2190), pt(1090, 2110), pt(1250, 2050), pt(5000, 5000)];
  it('counts points in the cell they fall in (hand-worked)', () => {
    expect(Array.from(rasterizeFeatures(grid, pts, 'presence'))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(Array.from(rasterizeFeatures(grid, pts, 'count'))).toEqual([2, 0, 0, 0, 0, 1]);
    expect(Array.from(rasterizeFeatures(grid, pts, 'sum', [5, 7, 11, 13]))).toEqual([12, 0, 0, 0, 0, 11]);
    // Per km²: the cell is 0.01 km².
    expect(Array.from(rasterizeFeatures(grid, pts, 'density'))).toEqual([200, 0, 0, 0, 0, 100]);
    expect(Array.from(rasterizeFeatures(grid, pts, 'density', [5, 7, 11, 13]))).toEqual([1200, 0, 0, 0, 0, 1100]);
  });
  it('counts a multi-part feature once per cell and skips null weights', () => {
    const mp: Geometry = { type: 'MultiPoint', coordinates: [[1010, 2190], [1020, 2180], [1150, 2150]] };
    expect(Array.from(rasterizeFeatures(grid, [mp], 'count'))).toEqual([1, 1, 0, 0, 0, 0]);
    expect(Array.from(rasterizeFeatures(grid, [mp, pt(1010, 2190)], 'sum', [NaN, 4]))).toEqual([4, 0, 0, 0, 0, 0]);
  });
  it('counts lines in every cell they cross and polygons by the cell-centre rule', () => {
    const line: Geometry = { type: 'LineString', coordinates: [[1010, 2150], [1290, 2150], [1290, 2010]] };
    expect(Array.from(rasterizeFeatures(grid, [line], 'count'))).toEqual([1, 1, 1, 0, 0, 1]);
    const tri: Geometry = { type: 'Polygon', coordinates: [[[1000, 2200], [1160, 2200], [1000, 2040], [1000, 2200]]] };
    expect(Array.from(rasterizeFeatures(grid, [tri], 'presence'))).toEqual([1, 0, 0, 0, 0, 0]);
  });
  it('refuses a sum without weights, or weights that do not match the features', () => {
    expect(() => rasterizeFeatures(grid, pts, 'sum')).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => rasterizeFeatures(grid, pts, 'density', [1])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
  });

  it.skipIf(!HAS_GDAL)('matches gdal_rasterize (burn / -add / -a field -add; -at for lines) on random features', () => {
    const rnd = lcg(21);
    const g = { epsg: 4546, originX: 500_000, originY: 3_300_000, cellSize: 30, width: 60, height: 50 };
    const X = (): number => g.originX - 100 + rnd() * (g.width * 30 + 200);
    const Y = (): number => g.originY + 100 - rnd() * (g.height * 30 + 200);
    const points = Array.from({ length: 400 }, () => pt(X(), Y()));
    // Single segments: gdal_rasterize -add burns a polyline once per segment, so a cell at a
    // vertex would count the line twice; RiskAtlas counts a feature once per cell.
    const lines: Geometry[] = Array.from({ length: 60 }, () => ({ type: 'LineString', coordinates: [[X(), Y()], [X(), Y()]] }));
    const polys: Geometry[] = Array.from({ length: 6 }, () => starWithHole(rnd, X(), Y(), 150 + rnd() * 400));
    const weights = (n: number): number[] => Array.from({ length: n }, () => Math.round(rnd() * 1000) / 10);
    const cases = [
      { geoms: points, w: weights(points.length), allTouched: false },
      { geoms: lines, w: weights(lines.length), allTouched: true },
      { geoms: polys, w: weights(polys.length), allTouched: false },
    ];
    const ref = python<number[][][]>(
      `
import json, sys
from osgeo import gdal, ogr, osr
d = json.load(sys.stdin); g = d['grid']
out = []
for case in d['cases']:
  res = []
  for mode in ['presence', 'count', 'sum']:
    ds = gdal.GetDriverByName('MEM').Create('', g['width'], g['height'], 1, gdal.GDT_Float64)
    ds.SetGeoTransform([g['originX'], g['cellSize'], 0, g['originY'], 0, -g['cellSize']])
    src = ogr.GetDriverByName('Memory').CreateDataSource('m'); lyr = src.CreateLayer('l')
    lyr.CreateField(ogr.FieldDefn('w', ogr.OFTReal))
    for geom, w in zip(case['geoms'], case['w']):
      f = ogr.Feature(lyr.GetLayerDefn()); f.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(geom))); f.SetField('w', w); lyr.CreateFeature(f)
    opts = ['ALL_TOUCHED=TRUE'] if case['allTouched'] else []
    if mode == 'sum': gdal.RasterizeLayer(ds, [1], lyr, options=opts + ['ATTRIBUTE=w', 'MERGE_ALG=ADD'])
    elif mode == 'count': gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1], options=opts + ['MERGE_ALG=ADD'])
    else: gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1], options=opts)
    res.append([float(v) for v in ds.ReadAsArray().ravel()])
  out.append(res)
print(json.dumps(out))
`,
      { grid: g, cases },
    );
    cases.forEach((c, k) => {
      expect(ref[k]![1]!.some((v) => v > 1)).toBe(true); // features do overlap
      expect(Array.from(rasterizeFeatures(g, c.geoms, 'presence'))).toEqual(ref[k]![0]);
      expect(Array.from(rasterizeFeatures(g, c.geoms, 'count'))).toEqual(ref[k]![1]);
      const sum = rasterizeFeatures(g, c.geoms, 'sum', c.w);
      ref[k]![2]!.forEach((v, i) => expect(sum[i]).toBeCloseTo(v, 9));
    });
  });
});

describe('line length and density', () => {
  it('splits a diagonal exactly between the cells (hand-worked)', () => {
    // From (1050, 2150) to (1250, 2050): 223.6 m crossing x = 1100, 1200 and y = 2100.
    const len = lineLengthGrid(grid, [{ type: 'LineString', coordinates: [[1050, 2150], [1250, 2050]] }]);
    const unit = Math.hypot(1, 0.5); // metres of line per metre of x
    expect(len[0]).toBeCloseTo(50 * unit, 9);
    expect(len[1]).toBeCloseTo(50 * unit, 9);
    expect(len[4]).toBeCloseTo(50 * unit, 9);
    expect(len[5]).toBeCloseTo(50 * unit, 9);
    expect(len.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.hypot(200, 100), 9);
    const dens = lineLengthGrid(grid, [{ type: 'LineString', coordinates: [[1050, 2150], [1250, 2050]] }], true);
    expect(dens[0]).toBeCloseTo(50 * unit * 100, 6); // m per km²
  });
  it('counts only the part inside the grid, and polygons not at all', () => {
    const len = lineLengthGrid(grid, [
      { type: 'MultiLineString', coordinates: [[[900, 2150], [1400, 2150]], [[1150, 2500], [1150, 2000]]] },
      { type: 'Polygon', coordinates: [[[1000, 2000], [1300, 2000], [1300, 2200], [1000, 2000]]] },
    ]);
    [100, 200, 100, 0, 100, 0].forEach((v, i) => expect(len[i]).toBeCloseTo(v, 9));
  });

  it.skipIf(!HAS_GDAL)('agrees with GEOS line ∩ cell lengths', () => {
    const rnd = lcg(4);
    const g = { epsg: 4546, originX: 0, originY: 1_000, cellSize: 50, width: 20, height: 20 };
    const lines: Geometry[] = Array.from({ length: 12 }, () => ({ type: 'LineString', coordinates: Array.from({ length: 5 }, () => [-50 + rnd() * 1100, -50 + rnd() * 1100]) }));
    const ref = geosCellMeasure(g, lines, 'length');
    const ours = lineLengthGrid(g, lines);
    ref.forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 6));
  });
});
