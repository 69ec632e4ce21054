import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { rawIndicator, type LayerResolver } from '../../../../src-main/engine/indicators/rawIndicator';
import { parseModel, type IndicatorSpec, type LayerRef } from '../../../../src-main/engine/model/document';
import { writeGeoTiff } from '../../../../src-main/engine/export/geotiff';
import { codeOf } from '../../../fixtures/errorCode';

const dir = mkdtempSync(join(tmpdir(), 'ra-indicators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 4 × 2 cells of 100 m at (500000, 3300200) in EPSG:4546.
const X0 = 500_000;
const Y0 = 3_300_200;
const grid = { epsg: 4546, originX: X0, originY: Y0, cellSize: 100, width: 4, height: 2 };

function layer(name: string, features: Feature[]): { ref: LayerRef; path: string } {
  const path = join(dir, `${name}.geojson`);
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4546' } }, features }));
  return { ref: { path: `${name}.geojson`, name, category: 'exposure' }, path };
}
const feature = (geometry: Feature['geometry'], properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties, geometry });
const spec = (s: Partial<IndicatorSpec>): IndicatorSpec => ({ id: 'i', layer: 'l', transform: 'minmax', direction: 'positive', ...s }) as IndicatorSpec;

const shelters = layer('shelters', [
  feature({ type: 'Point', coordinates: [X0 + 50, Y0 - 50] }, { RNRS: 60, KIND: 'a' }),
  feature({ type: 'Point', coordinates: [X0 + 60, Y0 - 40] }, { RNRS: null, KIND: 'b' }),
  feature({ type: 'Point', coordinates: [X0 + 350, Y0 - 150] }, { RNRS: 180, KIND: 'a' }),
]);
const roads = layer('roads', [feature({ type: 'LineString', coordinates: [[X0 - 100, Y0 - 50], [X0 + 500, Y0 - 50]] })]);
const water = layer('water', [feature({ type: 'Polygon', coordinates: [[[X0, Y0 - 200], [X0 + 150, Y0 - 200], [X0 + 150, Y0 - 100], [X0, Y0 - 100], [X0, Y0 - 200]]] })]);

describe('raw indicators from vector layers', () => {
  it('counts, sums and densities of points, with the filter applied', async () => {
    expect(Array.from(await rawIndicator(spec({ rasterize: 'count' }), shelters.ref, shelters.path, grid))).toEqual([2, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(await rawIndicator(spec({ rasterize: 'presence' }), shelters.ref, shelters.path, grid))).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(await rawIndicator(spec({ rasterize: 'sum', weightField: 'RNRS' }), shelters.ref, shelters.path, grid))).toEqual([60, 0, 0, 0, 0, 0, 0, 180]);
    expect(Array.from(await rawIndicator(spec({ rasterize: 'density', filter: { field: 'KIND', eq: 'a' } }), shelters.ref, shelters.path, grid))).toEqual([100, 0, 0, 0, 0, 0, 0, 100]);
  });

  it('line density, area share and exact distance to lines', async () => {
    // The road runs along y = Y0 − 50 through the whole first row: 100 m per 0.01 km².
    const dens = await rawIndicator(spec({ rasterize: 'lineDensity' }), roads.ref, roads.path, grid);
    [10_000, 10_000, 10_000, 10_000, 0, 0, 0, 0].forEach((v, i) => expect(dens[i]).toBeCloseTo(v, 9));
    expect(Array.from(await rawIndicator(spec({ rasterize: 'areaShare' }), water.ref, water.path, grid))).toEqual([0, 0, 0, 0, 1, 0.5, 0, 0]);
    expect(Array.from(await rawIndicator(spec({ rasterize: 'distance' }), roads.ref, roads.path, grid))).toEqual([0, 0, 0, 0, 100, 100, 100, 100]);
    const d = await rawIndicator(spec({ rasterize: 'distance' }), water.ref, water.path, grid);
    // Above the polygon: 50 m to its north edge; east of it: to its north-east corner or east edge.
    expect(Array.from(d)).toEqual([50, 50, Math.hypot(100, 50), Math.hypot(200, 50), 0, 0, 100, 200]);
  });

  it('2SFCA coverage from a capacity field and a population raster', async () => {
    const popPath = join(dir, 'pop.tif');
    // People per 100 m cell on a larger raster than the grid (the halo is read too).
    const W = 10;
    const H = 8;
    const people = new Float32Array(W * H).fill(10);
    await writeGeoTiff(popPath, people, { width: W, height: H, dtype: 'float32', nodata: -1, epsg: 4546, geoTransform: [X0 - 300, 100, 0, Y0 + 300, 0, -100] });
    const layers: LayerResolver = (id) => (id === 'pop' ? { ref: { path: 'pop.tif', name: '人口', category: 'exposure' }, path: popPath } : undefined);
    const s = spec({ rasterize: 'coverage', radius: 100, weightField: 'RNRS', population: 'pop' });
    const a = await rawIndicator(s, shelters.ref, shelters.path, grid, layers);
    // Shelter 1 at the centre of cell 0 reaches 5 cells (itself and 4 neighbours, 50 people):
    // 60 / 50 = 1.2 per person; shelter 3 at the centre of cell 7 likewise: 180 / 50 = 3.6.
    expect(Array.from(a).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1.2, 1.2, 0, 3.6, 1.2, 0, 3.6, 3.6]);
    expect(await codeOf(rawIndicator(s, shelters.ref, shelters.path, grid))).toBe('E_MODEL_INVALID');
  });

  it('refuses a method the geometry cannot give and a field the layer lacks', async () => {
    expect(await codeOf(rawIndicator(spec({ rasterize: 'areaShare' }), roads.ref, roads.path, grid))).toBe('E_LAYER_GEOMETRY');
    expect(await codeOf(rawIndicator(spec({ rasterize: 'lineDensity' }), shelters.ref, shelters.path, grid))).toBe('E_LAYER_GEOMETRY');
    expect(await codeOf(rawIndicator(spec({ rasterize: 'sum', weightField: 'NOPE' }), shelters.ref, shelters.path, grid))).toBe('E_FIELD_UNKNOWN');
  });
});

describe('indicator schema for the grid methods', () => {
  const base = (ind: Record<string, unknown>) => ({
    riskatlas: 'model',
    version: 1,
    name: 't',
    grid: { epsg: 4546, cellSize: 100, studyArea: 'area' },
    layers: {
      area: { path: 'area.geojson', name: '县界', category: 'admin' },
      shel: { path: 'shelters.geojson', name: '避难场所', category: 'capacity' },
      pop: { path: 'pop.tif', name: '人口', category: 'exposure' },
    },
    indicators: [{ id: 'c', layer: 'shel', ...ind }],
    components: { H: { c: 1 } },
    risk: { operator: 'weightedSum', weights: { H: 1 } },
    classification: { method: 'jenks', classes: 5, scheme: 'high5' },
    outputs: {},
  });
  it('accepts every rasterisation and resampling method', () => {
    for (const r of ['presence', 'count', 'density', 'areaShare', 'lineDensity', 'distance']) expect(parseModel(base({ rasterize: r })).indicators[0]!.rasterize).toBe(r);
    expect(parseModel(base({ rasterize: 'sum', weightField: 'RNRS' })).indicators[0]!.weightField).toBe('RNRS');
    expect(parseModel(base({ rasterize: 'coverage', radius: 1000, weightField: 'RNRS', population: 'pop' })).indicators[0]!.population).toBe('pop');
    for (const r of ['average', 'mode']) expect(parseModel(base({ layer: 'pop', resample: r })).indicators[0]!.resample).toBe(r);
  });
  it.each([
    ['sum without a field', { rasterize: 'sum' }, /indicators\.0\.weightField: sum needs/],
    ['coverage without a radius', { rasterize: 'coverage', weightField: 'RNRS', population: 'pop' }, /indicators\.0\.radius: coverage needs/],
    ['coverage without population', { rasterize: 'coverage', radius: 1000, weightField: 'RNRS' }, /indicators\.0\.population: coverage needs/],
    ['coverage naming a missing layer', { rasterize: 'coverage', radius: 1000, weightField: 'RNRS', population: 'nope' }, /indicators\.0\.population: no layer "nope"/],
    ['population on another method', { rasterize: 'count', population: 'pop' }, /population is only used/],
    ['an unknown method', { rasterize: 'sumOfSquares' }, /indicators\.0\.rasterize/],
  ])('refuses %s', (_name, ind, msg) => {
    expect(() => parseModel(base(ind))).toThrow(msg);
  });
});
