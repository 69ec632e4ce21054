/**
 * The indicator builder's model edits: an indicator added to a component joins its weights
 * (which still sum to 1) and brings its catalogue layer into the model; removed, it leaves
 * every component and hazard list; renamed, every reference follows — and the engine accepts
 * each resulting document.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../../src-main/engine/model/document';
import type { LayerEntry, ModelDocument } from '../../../src-main/api/contract';
import { addIndicator, componentOf, geometryOf, KINDS, newSpec, removeIndicator, replaceIndicator, resampleChoices } from '../../../src-renderer/src/indicators/builderEdit';

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
});
