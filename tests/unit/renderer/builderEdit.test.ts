/**
 * The indicator builder's model edits: an indicator added to a component joins its weights
 * (which still sum to 1) and brings its catalogue layer into the model; removed, it leaves
 * every component and hazard list; renamed, every reference follows — and the engine accepts
 * each resulting document.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelIncompleteness, parseModel } from '../../../src-main/engine/model/document';
import type { LayerEntry, ModelDocument } from '../../../src-main/api/contract';
import { addIndicator, componentOf, DEFAULT_OPERATOR, geometryOf, KINDS, newSpec, parseRange, removeIndicator, replaceIndicator, resampleChoices } from '../../../src-renderer/src/indicators/builderEdit';

const demo = (): ModelDocument => parseModel(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county', 'model.json'), 'utf8')));
const sum = (w: object): number => Object.values(w as Record<string, number>).reduce((a, b) => a + b, 0);

const townships = {
  id: 'communes',
  name: '乡镇',
  category: 'admin',
  file: 'townships.gpkg',
  meta: { kind: 'vector', format: 'GeoPackage', path: '/x/townships.gpkg', crs: null, featureCount: 4, geometryType: 'MultiPolygon', fields: [{ name: 'RK', type: 'integer' }], extent: null, warnings: [] },
  style: {},
  visible: true,
} as unknown as LayerEntry;

describe('indicator builder edits', () => {
  it('adds population per km² of each township to E: weights still sum to 1, the layer joins the model, the engine accepts it', () => {
    const doc = demo();
    const spec = { ...newSpec('pop_density', townships, 'attributePerArea', false), field: 'RK', name: '人口密度' };
    const next = addIndicator(doc, spec, 'E', townships);
    expect(next.layers.communes).toMatchObject({ path: 'townships.gpkg', name: '乡镇', category: 'admin' });
    expect(componentOf(next, 'pop_density')).toBe('E');
    const e = next.components.E as Record<string, number>;
    if (!('method' in e)) expect(sum(e)).toBeCloseTo(1, 9);
    expect(() => parseModel(JSON.parse(JSON.stringify(next)))).not.toThrow();
  });

  it('removes an indicator from the indicators and every component, the weights rescaled', () => {
    const doc = demo();
    const id = doc.indicators[0]!.id;
    const c = componentOf(doc, id)!;
    const next = removeIndicator(doc, id);
    expect(next.indicators.some((i) => i.id === id)).toBe(false);
    expect(componentOf(next, id)).toBeNull();
    const spec = next.components[c];
    if (spec && !('method' in spec)) expect(sum(spec)).toBeCloseTo(1, 9);
    expect(() => parseModel(JSON.parse(JSON.stringify(next)))).not.toThrow();
  });

  it('renames an indicator: the id follows in its component, the display name is kept', () => {
    const doc = demo();
    const old = doc.indicators[0]!;
    const c = componentOf(doc, old.id);
    const next = replaceIndicator(doc, old.id, { ...old, id: 'renamed', name: '新名称' });
    expect(componentOf(next, 'renamed')).toBe(c);
    expect(componentOf(next, old.id)).toBeNull();
    expect(next.indicators.find((i) => i.id === 'renamed')?.name).toBe('新名称');
    expect(() => parseModel(JSON.parse(JSON.stringify(next)))).not.toThrow();
  });

  it('offers each geometry its kinds, and a categorical raster only nearest and mode', () => {
    expect(geometryOf(townships.meta)).toBe('polygons');
    expect(KINDS.polygons).toEqual(expect.arrayContaining(['attribute', 'attributePerArea', 'ratio', 'areaShare']));
    expect(KINDS.points).toEqual(expect.arrayContaining(['count', 'kernelDensity', 'distance']));
    expect(resampleChoices(true)).toEqual(['nearest', 'mode']);
    expect(resampleChoices(false)).toContain('bilinear');
    expect(newSpec('r', townships, 'ratio', false).zeroDenominator).toBe('nodata');
  });

  /** A new project's draft as the wizard makes it without hazards: study area and grid, no indicators, no operator. */
  const draft = (): ModelDocument =>
    parseModel({ riskatlas: 'model', version: 1, name: '丘陵县', grid: { epsg: 4546, cellSize: 100, studyArea: 'communes' }, layers: { communes: { path: 'townships.gpkg', name: '乡镇', category: 'admin' } }, indicators: [], components: {}, classification: { method: 'jenks', classes: 5, scheme: 'high5' }, outputs: {} });
  const valid = (doc: ModelDocument): ModelDocument => parseModel(JSON.parse(JSON.stringify(doc)));

  it('gives a draft the census operator H × E × V × (1 − C) with its first hazard indicator, so it runs; an exposure indicator alone leaves it a draft', () => {
    const density = { ...newSpec('pop_density', townships, 'attributePerArea', false), field: 'RK' };
    const exposureOnly = valid(addIndicator(draft(), density, 'E', townships));
    expect(exposureOnly.risk).toBeUndefined();
    expect(modelIncompleteness(exposureOnly)).toMatch(/^risk: /);
    const withH = valid(addIndicator(exposureOnly, { ...density, id: 'h_people', rasterize: 'presence', field: undefined }, 'H', townships));
    expect(DEFAULT_OPERATOR).toBe('hevc');
    expect(withH.risk).toEqual({ operator: 'hevc' });
    expect(modelIncompleteness(withH)).toBeNull();
    // A model with an operator of its own keeps it.
    const demoNext = addIndicator(demo(), { ...density, id: 'h_more' }, 'H', townships);
    expect(demoNext.risk).toEqual(demo().risk);
  });

  it('turns a model back into a draft when its last hazard indicator goes (no operator without H), and drops a zoning on the component that went', () => {
    const density = { ...newSpec('h_people', townships, 'attributePerArea', false), field: 'RK' };
    const model = valid({ ...addIndicator(draft(), density, 'H', townships), zoning: { capacity: 'H', capacityClasses: 2, matrix: [[1, 1], [1, 1], [2, 2], [3, 3], [3, 3]] } });
    const next = valid(removeIndicator(model, 'h_people'));
    expect(next.risk).toBeUndefined();
    expect(next.zoning).toBeUndefined();
    expect(modelIncompleteness(next)).toMatch(/^indicators: /);
  });

  it('takes a rescale range only when both ends are finite numbers and the lower is below the upper', () => {
    expect(parseRange('0', '2500')).toEqual([0, 2500]);
    expect(parseRange('-1.5', '1e3')).toEqual([-1.5, 1000]);
    for (const [a, b] of [['5', '5'], ['10', '1'], ['', '1'], ['0', ' '], ['x', '1'], ['0', 'Infinity'], ['NaN', '1']]) expect(parseRange(a!, b!), `${a}–${b}`).toBeNull();
  });
});
