/**
 * The polygon indicators a census county needs, rule by rule: the value of each polygon
 * (attribute, per km² of the polygon, ratio of two fields with the zero-denominator rule chosen
 * in the document), area-weighted onto cells where polygons split a cell, the filter's `in`,
 * the polygons' areas on the ellipsoid (equal to GDAL/PROJ's), the warnings of a computed grid
 * (all nodata, all one value) in both languages, and the catalogue's facts: a raster of classes,
 * the field that holds names.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Feature, Polygon } from 'geojson';
import { passesFilter, polygonValues } from '../../../../src-main/engine/indicators/vectorRules';
import { gridWarnings } from '../../../../src-main/engine/indicators/check';
import { polygonValueGrid } from '../../../../src-main/engine/grid/polygonValues';
import { polygonAreasKm2 } from '../../../../src-main/engine/crs/ellipsoidArea';
import { crsFromEpsg } from '../../../../src-main/engine/crs/registry';
import { looksCategorical, suggestLabelField } from '../../../../src-main/engine/catalog/catalogueLayer';
import { problemMessage } from '../../../../src-shared/indicatorProblems';
import type { IndicatorSpec } from '../../../../src-main/engine/model/document';
import type { VectorLayer } from '../../../../src-shared/layer';
import { hasReference, PYTHON } from '../../../fixtures/referenceTools';

const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const feature = (props: Record<string, unknown>, geometry: Polygon = box(0, 0, 1, 1)): Feature => ({ type: 'Feature', properties: props, geometry });
const spec = (s: Partial<IndicatorSpec>): IndicatorSpec => ({ id: 'i', layer: 'towns', transform: 'minmax', direction: 'positive', ...s }) as IndicatorSpec;

describe('polygonValues: the value of each polygon', () => {
  const towns = [feature({ RK: 1000, HH: 250 }), feature({ RK: 600, HH: 0 }), feature({ RK: null, HH: 10 }), feature({ RK: '300', HH: '100' })];

  it('attribute: the field as a number; a missing value is NaN (left out), a numeric text is read', () => {
    expect(polygonValues(spec({ rasterize: 'attribute', field: 'RK' }), towns)).toEqual([1000, 600, NaN, 300]);
  });

  it('attributePerArea: the field ÷ the polygon area in km²', () => {
    expect(polygonValues(spec({ rasterize: 'attributePerArea', field: 'RK' }), towns, [4, 3, 1, 0.5])).toEqual([250, 200, NaN, 600]);
  });

  it('ratio: a zero denominator gives nodata or zero as the document says; a missing numerator stays nodata', () => {
    expect(polygonValues(spec({ rasterize: 'ratio', field: 'RK', denominator: 'HH', zeroDenominator: 'nodata' }), towns)).toEqual([4, NaN, NaN, 3]);
    expect(polygonValues(spec({ rasterize: 'ratio', field: 'RK', denominator: 'HH', zeroDenominator: 'zero' }), towns)).toEqual([4, 0, NaN, 3]);
  });
});

describe('passesFilter', () => {
  it('`in` keeps the listed codes, `eq` compares exactly (a number is not its text)', () => {
    const f = (v: unknown): Feature => feature({ DL: v });
    expect([1, 2, 3, '2'].map((v) => passesFilter(f(v), { filter: { field: 'DL', in: [1, 3] } }))).toEqual([true, false, true, false]);
    expect([5, '5'].map((v) => passesFilter(f(v), { filter: { field: 'DL', eq: 5 } }))).toEqual([true, false]);
  });
});

describe('polygonValueGrid: polygon values onto cells', () => {
  // 3 × 1 cells of 10 m; polygon A covers x 0–15, polygon B x 15–30.
  const grid = { epsg: 4546, originX: 0, originY: 10, cellSize: 10, width: 3, height: 1 };

  it('a cell one polygon covers takes its value; a cell two polygons split takes the area-weighted mean', () => {
    const g = polygonValueGrid(grid, [box(0, 0, 15, 10), box(15, 0, 30, 10)], [100, 200]);
    expect(Array.from(g)).toEqual([100, 150, 200]);
  });

  it('a cell covered by a quarter of A only is A’s value (not diluted by the uncovered part); no polygon → NaN; a NaN value is left out', () => {
    const g = polygonValueGrid(grid, [box(0, 0, 2.5, 10), box(10, 0, 20, 10), box(20, 0, 30, 10)], [100, NaN, 7]);
    expect(g[0]).toBe(100);
    expect(g[1]).toBeNaN();
    expect(g[2]).toBe(7);
  });
});

describe('gridWarnings: a computed indicator grid', () => {
  const ind = { id: 'pop_density', layer: 'towns' };
  const ref = { name: '乡镇' };

  it('all nodata: W_INDICATOR_NODATA naming the indicator and layer, in Chinese and English', () => {
    const [w] = gridWarnings(ind, ref, new Float64Array([NaN, NaN]));
    expect(w).toMatchObject({ code: 'W_INDICATOR_NODATA', severity: 'warning', indicator: 'pop_density', layer: 'towns', layerName: '乡镇' });
    expect(problemMessage(w!.code, 'zh', w!.params)).toBe('指标 pop_density（图层「乡镇」）在研究区内全部为无数据');
    expect(problemMessage(w!.code, 'en', w!.params)).toBe('indicator pop_density (layer "乡镇") is nodata in every cell of the study area');
  });

  it('one value in every valid cell: W_INDICATOR_CONSTANT with the value; varied values: nothing', () => {
    const [w] = gridWarnings(ind, ref, new Float64Array([NaN, 0.25, 0.25]));
    expect(w!.code).toBe('W_INDICATOR_CONSTANT');
    expect(problemMessage(w!.code, 'zh', w!.params)).toBe('指标 pop_density（图层「乡镇」）在研究区内处处相同（0.25），对风险没有区分作用');
    expect(problemMessage(w!.code, 'en', w!.params)).toContain('has the same value (0.25) in every cell');
    expect(gridWarnings(ind, ref, new Float64Array([0.25, NaN, 0.5]))).toEqual([]);
  });
});

describe('catalogue facts', () => {
  it('a raster of classes: integer samples with few distinct values (nodata left out); never a float raster; not an integer DEM', () => {
    expect(looksCategorical({ dtype: 'uint8', nodata: 0 }, new Uint8Array([0, 1, 2, 3, 4, 4, 1]))).toBe(true);
    expect(looksCategorical({ dtype: 'float32', nodata: null }, new Float32Array([1, 2, 1, 2]))).toBe(false);
    expect(looksCategorical({ dtype: 'int16', nodata: -9999 }, Int16Array.from({ length: 500 }, (_, i) => 800 + i))).toBe(false);
    expect(looksCategorical({ dtype: 'uint8', nodata: 0 }, new Uint8Array([0, 0]))).toBe(false);
  });

  it('the label field: the text field whose values look like names — not codes, not a type with few values; XZQMC-like names win', () => {
    const layer = (fields: string[], rows: Record<string, unknown>[]): VectorLayer =>
      ({ meta: { fields: fields.map((name) => ({ name, type: 'string' })) }, features: { type: 'FeatureCollection', features: rows.map((r) => feature(r)) } }) as unknown as VectorLayer;
    const rows = [
      { CODE: '141031001', KIND: 'town', TOWN: '城关镇', XIANG: 'Chengguan' },
      { CODE: '141031002', KIND: 'town', TOWN: '西桥镇', XIANG: 'Xiqiao' },
      { CODE: '141031003', KIND: 'town', TOWN: '南山乡', XIANG: 'Nanshan' },
    ];
    expect(suggestLabelField(layer(['CODE', 'KIND', 'TOWN'], rows))).toBe('TOWN');
    expect(suggestLabelField(layer(['CODE', 'KIND'], rows))).toBeUndefined();
    const named = rows.map((r) => ({ ...r, XZQMC: r.TOWN }));
    expect(suggestLabelField(layer(['XIANG', 'TOWN', 'XZQMC'], named))).toBe('XZQMC');
  });
});

describe.skipIf(!hasReference('osgeo'))('polygonAreasKm2 equals GDAL/PROJ (segmentized, Lambert azimuthal equal-area on the same ellipsoid)', () => {
  /** GDAL's area in km² of `wkt` (in EPSG:`epsg`), densified like ours and projected to a LAEA centred on it. */
  function gdalArea(wkt: string, epsg: number, step: number): number {
    const py = `
from osgeo import ogr, osr
s = osr.SpatialReference(); s.ImportFromEPSG(${epsg}); s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
g = ogr.CreateGeometryFromWkt(${JSON.stringify(wkt)}); g.AssignSpatialReference(s); g.Segmentize(${step})
geo = s.CloneGeogCS(); geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
c = g.Clone(); c.TransformTo(geo); e = c.GetEnvelope()
l = osr.SpatialReference(); l.CopyGeogCSFrom(geo); l.SetLAEA((e[2] + e[3]) / 2, (e[0] + e[1]) / 2, 0, 0)
l.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
g.TransformTo(l); print(repr(g.GetArea() / 1e6))`;
    return Number(execFileSync(PYTHON, ['-c', py], { encoding: 'utf8' }));
  }

  it('a township in CGCS2000 lon/lat (EPSG:4490) and one in the zone-prefixed GK zone 39 (EPSG:4527), with a hole: 1e-6 relative', () => {
    const lonLat: Polygon = { type: 'Polygon', coordinates: [[[111.0, 36.0], [111.3, 36.02], [111.28, 36.25], [111.02, 36.2], [111.0, 36.0]], [[111.1, 36.08], [111.15, 36.08], [111.15, 36.12], [111.1, 36.08]]] };
    const gk: Polygon = box(39_610_000, 4_320_000, 39_632_000, 4_338_000); // 110–132 km east of the central meridian
    const wkt = (p: Polygon): string => `POLYGON (${p.coordinates.map((r) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`).join(', ')})`;
    const [a] = polygonAreasKm2([feature({}, lonLat)], crsFromEpsg(4490));
    const [b] = polygonAreasKm2([feature({}, gk)], crsFromEpsg(4527));
    const refA = gdalArea(wkt(lonLat), 4490, 0.001);
    const refB = gdalArea(wkt(gk), 4527, 100);
    expect(Math.abs(a! - refA) / refA).toBeLessThan(1e-6);
    expect(Math.abs(b! - refB) / refB).toBeLessThan(1e-6);
    // Not the plane area in the GK zone (396 km²), which its scale enlarges away from the central meridian.
    expect(22 * 18 - b!).toBeGreaterThan(0.1);
  });
});
