/**
 * A new project's model from the demo county's catalogue: a draft without hazards, a
 * single-hazard model from one template, a comprehensive model from several — each accepted by
 * the validator; the study area, CRS, code and cell size checked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { newModel, slotIndicator } from '../../../../src-main/engine/model/newModel';
import { modelIncompleteness, parseModel } from '../../../../src-main/engine/model/document';
import { loadTemplates } from '../../../../src-main/engine/templates/load';
import type { CatalogueLayer } from '../../../../src-main/engine/catalog/catalogueLayer';

const sample = join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'sample', 'county');
let layers: CatalogueLayer[] = [];

beforeAll(async () => {
  const m = JSON.parse(readFileSync(join(sample, 'model.json'), 'utf8')) as { layers: Record<string, { path: string; name: string; category: CatalogueLayer['category']; hazard?: string; units?: string }> };
  for (const [id, ref] of Object.entries(m.layers)) {
    const r = await inspect(join(sample, ref.path));
    if (!r.ok) throw new Error(r.error.message);
    layers.push({ id, name: ref.name, category: ref.category, file: ref.path, meta: r.value, ...(ref.hazard ? { hazard: ref.hazard } : {}), ...(ref.units ? { units: ref.units } : {}) });
  }
}, 60_000);

const base = { name: '黄河示范县', code: '141030', compiler: '黄河示范县应急管理局', studyArea: { layer: 'county' }, epsg: 4546, cellSize: 100 };

describe('newModel', () => {
  it('without hazards: a draft with the study area, grid, name, code and compiler — valid, and refused by a run as incomplete', () => {
    const { doc, slots } = newModel({ ...base, hazards: [], layers });
    expect(slots).toEqual([]);
    const m = parseModel(doc);
    expect(m).toMatchObject({ version: 1, name: '黄河示范县自然灾害综合风险评估', area: { name: '黄河示范县', code: '141030' }, compiler: '黄河示范县应急管理局', grid: { epsg: 4546, cellSize: 100, studyArea: 'county' }, indicators: [], components: {} });
    expect(Object.keys(m.layers)).toHaveLength(layers.length);
    expect(modelIncompleteness(m)).toBe('indicators: the model has no indicators yet');
  });

  it('one template: a single-hazard model, template weights rescaled over the bound slots, the template operator, zoning with the capacity component', () => {
    const { doc, slots } = newModel({ ...base, hazards: ['flood'], layers });
    const m = parseModel(doc);
    expect(slots.filter((s) => !s.layer).map((s) => s.slot.id)).toEqual([]);
    expect(m.version).toBe(1);
    expect(m.templates).toEqual(['flood']);
    expect(m.components).toEqual({ H: { flood_depth: 0.6, low_ground: 0.2, river_distance: 0.2 }, E: { population_density: 0.6, building_density: 0.4 }, V: { single_storey_buildings: 1 }, C: { shelter_distance: 1 } });
    expect(m.risk).toEqual({ operator: 'weightedSum', weights: { H: 0.4, E: 0.3, V: 0.15, C: 0.15 } });
    expect(m.zoning).toMatchObject({ capacity: 'C', capacityClasses: 3 });
    expect(m.indicators.find((i) => i.id === 'population_density')).toMatchObject({ name: '人口密度', slot: 'population_density', layer: 'townships', rasterize: 'attributePerArea', field: 'RK' });
    expect(m.indicators.find((i) => i.id === 'single_storey_buildings')!.filter).toEqual({ field: 'CS', lt: 2 });
    expect(modelIncompleteness(m)).toBeNull();
  });

  it('several templates: a comprehensive model with shared E, V, C, one hazard per template with a bound hazard slot, equal hazard weights', () => {
    const { doc, slots } = newModel({ ...base, hazards: ['earthquake', 'geological', 'flood', 'drought'], layers });
    const m = parseModel(doc);
    expect(m.version).toBe(2);
    expect(m.hazards!.map((h) => [h.id, h.name, h.weight, Object.keys(h.components.H!)])).toEqual([
      ['earthquake', '地震', 0.333333333, ['eq_pga']],
      ['geological', '地质灾害', 0.333333333, ['geo_susceptibility', 'geo_danger_density']],
      ['flood', '洪水', 0.333333334, ['flood_depth', 'low_ground', 'river_distance']],
    ]);
    // Drought has no bound hazard slot: no drought hazard yet, its slot is work to do.
    expect(slots.find((s) => s.slot.id === 'drought_frequency')!.layer).toBeUndefined();
    expect(m.hazards!.find((h) => h.id === 'geological')!.components.H).toEqual({ geo_susceptibility: 0.625, geo_danger_density: 0.375 });
    // Its own operator: geological risk weighs no V, though the model's other hazards share one.
    expect(m.hazards!.find((h) => h.id === 'geological')!.risk).toEqual({ operator: 'weightedSum', weights: { H: 0.5, E: 0.3, C: 0.2 } });
    expect(Object.keys(m.components.E!)).toEqual(['population_density', 'building_density']);
    expect(Object.keys(m.components.V!)).toEqual(['old_buildings', 'single_storey_buildings']);
  });

  it('keeps the study-area selection and marks categorical rasters so they are never interpolated', () => {
    const cat = layers.map((l) => (l.id === 'landslide' ? { ...l, categorical: true } : l));
    const { doc } = newModel({ ...base, studyArea: { layer: 'townships', features: { field: 'XZQDM', values: ['141030001', '141030002'] } }, hazards: ['geological'], layers: cat });
    const m = parseModel(doc);
    expect(m.grid.studyFeatures).toEqual({ field: 'XZQDM', values: ['141030001', '141030002'] });
    expect(m.layers.landslide!.categorical).toBe(true);
    const flood = loadTemplates().find((t) => t.id === 'flood')!;
    const depth = flood.slots.find((s) => s.id === 'flood_depth')!;
    expect(slotIndicator(depth, 0, { ...cat.find((l) => l.id === 'flood')!, categorical: true }).resample).toBe('nearest');
  });

  it('refuses a geographic CRS with the suggestion, a study area of points, a code of 7 digits, a cell size of 0', () => {
    expect(() => newModel({ ...base, epsg: 4490, hazards: [], layers })).toThrow(expect.objectContaining({ code: 'E_CRS_GEOGRAPHIC', params: expect.objectContaining({ suggestion: 4546 }) }));
    expect(() => newModel({ ...base, epsg: 32632, hazards: [], layers })).toThrow(expect.objectContaining({ code: 'E_CRS_AREA' }));
    expect(() => newModel({ ...base, studyArea: { layer: 'seats' }, hazards: [], layers })).toThrow(/studyArea.layer: "政府驻地" holds Point; the study area needs polygons/);
    expect(() => newModel({ ...base, code: '1410301', hazards: [], layers })).toThrow(/area.code: 行政区划代码 \(GB\/T 2260\) has 6, 9 or 12 digits/);
    expect(() => newModel({ ...base, cellSize: 0, hazards: [], layers })).toThrow(/cellSize: 0 m/);
  });
});
