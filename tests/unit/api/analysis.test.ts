import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { coarseCellSize, indexRgba, rampColour } from '../../../src-main/api/previews/composite';
import { featureHit } from '../../../src-main/api/layers/identify';
import { featurePage } from '../../../src-main/api/layers/features';
import { layerIdFor, mainFileOf } from '../../../src-main/api/layers/files';
import type { VectorLayer } from '../../../src-shared/layer';

const square = (x0: number, y0: number, s: number): number[][] => [[x0, y0], [x0, y0 + s], [x0 + s, y0 + s], [x0 + s, y0], [x0, y0]];

describe('analysis helpers, by hand', () => {
  it('hit test: inside a polygon but not in its hole; points and lines within the tolerance', () => {
    const poly: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 100), square(40, 40, 20)] } };
    expect(featureHit(poly, 10, 10, 0)).toBe(true);
    expect(featureHit(poly, 50, 50, 0)).toBe(false);
    expect(featureHit(poly, 150, 50, 0)).toBe(false);
    const pt: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } };
    expect(featureHit(pt, 3, 4, 5)).toBe(true);
    expect(featureHit(pt, 3, 4, 4.99)).toBe(false);
    const line: Feature = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [10, 0]] } };
    expect(featureHit(line, 5, 2, 2)).toBe(true);
    expect(featureHit(line, 13, 0, 2)).toBe(false);
    expect(featureHit(line, 11, 0, 1)).toBe(true);
  });

  it('coarse cell size keeps the grid within the budget and never goes finer than the model', () => {
    const ext: [number, number, number, number] = [0, 0, 31_700, 31_100];
    const s = coarseCellSize(ext, 100, 5000);
    expect(Math.ceil(31_700 / s) * Math.ceil(31_100 / s)).toBeLessThanOrEqual(5000);
    expect(s).toBeGreaterThan(440);
    expect(s).toBeLessThan(470);
    expect(coarseCellSize(ext, 100, 250_000)).toBe(100);
  });

  it('ramp: green at 0, yellow at 0.5, red at 1; nodata transparent', () => {
    expect(rampColour(0)).toEqual([0x38, 0xa8, 0x00]);
    expect(rampColour(0.5)).toEqual([0xff, 0xff, 0x00]);
    expect(rampColour(1)).toEqual([0xe6, 0x00, 0x00]);
    expect(rampColour(0.75)).toEqual([Math.round((0xff + 0xe6) / 2), Math.round(0xff / 2), 0]);
    const { rgba, min, max } = indexRgba([-9999, 0.2, 0.6], -9999);
    expect([min, max]).toEqual([0.2, 0.6]);
    expect([...rgba.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...rgba.subarray(4, 8)]).toEqual([0x38, 0xa8, 0x00, 255]);
    expect([...rgba.subarray(8, 12)]).toEqual([0xe6, 0x00, 0x00, 255]);
  });

  it('attribute pages: numbers sort numerically, Chinese by pinyin collation, empties last, ties by feature number', () => {
    const rows = [
      { n: 10, name: '张家庄' },
      { n: 9, name: '安村' },
      { n: null, name: '' },
      { n: 100, name: '北沟' },
      { n: 9, name: '安村' },
    ];
    const layer = {
      meta: { fields: [{ name: 'n', type: 'number' }, { name: 'name', type: 'string' }] },
      features: { type: 'FeatureCollection', features: rows.map((p, i) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [i, i] } })) },
    } as unknown as VectorLayer;
    const byN = featurePage(layer, { offset: 0, limit: 10, sort: { field: 'n', desc: false } });
    expect(byN.rows.map((r) => r.fid)).toEqual([1, 4, 0, 3, 2]);
    expect(featurePage(layer, { offset: 0, limit: 10, sort: { field: 'n', desc: true } }).rows.map((r) => r.fid)).toEqual([3, 0, 1, 4, 2]);
    expect(featurePage(layer, { offset: 0, limit: 10, sort: { field: 'name', desc: false } }).rows.map((r) => r.properties.name)).toEqual(['安村', '安村', '北沟', '张家庄', '']);
    const f = featurePage(layer, { offset: 0, limit: 1, filter: { text: '安' } });
    expect([f.total, f.rows[0]!.fid, f.extents[0]]).toEqual([2, 1, [1, 1, 1, 1]]);
  });

  it('import file sets: one layer at a time, sidecars must belong to the .shp; ids are model ids', () => {
    expect(mainFileOf(['乡镇.shp', '乡镇.dbf', '乡镇.SHX', '乡镇.prj', '乡镇.cpg'])).toBe('乡镇.shp');
    expect(mainFileOf(['dem.tif'])).toBe('dem.tif');
    expect(mainFileOf(['a.zip'])).toBe('a.zip');
    expect(() => mainFileOf(['a.shp', 'b.dbf'])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => mainFileOf(['a.tif', 'b.tif'])).toThrow(expect.objectContaining({ code: 'E_ARG_INVALID' }));
    expect(() => mainFileOf(['a.dbf'])).toThrow(expect.objectContaining({ code: 'E_FORMAT_UNKNOWN' }));
    expect(layerIdFor('乡镇界.shp', new Set())).toBe('layer');
    expect(layerIdFor('乡镇界.shp', new Set(['layer']))).toBe('layer_2');
    expect(layerIdFor('dem_30m.tif', new Set())).toBe('dem_30m');
    expect(layerIdFor('2020年人口.tif', new Set())).toBe('layer_2020');
    expect(layerIdFor('flood depth (100yr).tif', new Set())).toBe('flood_depth_100yr');
  });
});
