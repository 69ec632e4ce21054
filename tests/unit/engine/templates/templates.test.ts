/** Census templates: the bundled six load and cite their sources; the loader refuses bad files; binding is sure or open. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplates, templatesDir } from '../../../../src-main/engine/templates/load';
import { templateSchemaJson } from '../../../../src-main/engine/templates/template';
import { bindTemplates, slotFit } from '../../../../src-main/engine/templates/bind';
import { templateSchemaPath } from '../../../../src-main/appPaths';
import type { CatalogueLayer } from '../../../../src-main/engine/catalog/catalogueLayer';
import type { LayerMeta } from '../../../../src-shared/layer';

const raster = (): LayerMeta => ({ kind: 'raster', format: 'GeoTIFF', path: 'x.tif', width: 10, height: 10, bands: 1, dtype: 'float32', nodata: null, crs: null, geoTransform: [0, 1, 0, 0, 0, -1], extent: [0, -10, 10, 0], pixelIsPoint: false, tiled: false, compression: 'none', overviews: 0 });
const vector = (geometryType: 'Point' | 'MultiPolygon' | 'LineString', fields: [string, 'string' | 'integer'][] = []): LayerMeta => ({ kind: 'vector', format: 'GeoPackage', path: 'x.gpkg', crs: null, featureCount: 3, geometryType, fields: fields.map(([name, type]) => ({ name, type })), extent: null, warnings: [] });
const layer = (id: string, category: CatalogueLayer['category'], meta: LayerMeta, extra: Partial<CatalogueLayer> = {}): CatalogueLayer => ({ id, name: id, category, file: `layers/${id}/${id}`, meta, ...extra });

/** Loading a folder holding the bundled flood template changed by `mutate`. */
function badTemplate(mutate: (t: Record<string, any>) => void): () => unknown {
  const dir = mkdtempSync(join(tmpdir(), 'ra-tpl-'));
  const t = JSON.parse(readFileSync(join(templatesDir(), 'flood.json'), 'utf8'));
  mutate(t);
  writeFileSync(join(dir, 'flood.json'), JSON.stringify(t));
  return () => loadTemplates(dir);
}

describe('the bundled census templates', () => {
  const templates = loadTemplates();

  it('are six — earthquake, geological, flood, forest and grassland fire, meteorological, drought — each with H, E and C slots', () => {
    expect(templates.map((t) => t.id).sort()).toEqual(['drought', 'earthquake', 'flood', 'forestFire', 'geological', 'meteorological']);
    for (const t of templates) expect(new Set(t.slots.map((s) => s.component)), t.id).toEqual(new Set(t.slots.map((s) => s.component)).add('H').add('E').add('C'));
  });

  it('cite a source for every default, naming the standards by number (GB 18306-2015, SL 483-2017, DZ/T 0286-2015…)', () => {
    const titles = templates.flatMap((t) => t.sources.map((s) => s.title)).join('\n');
    for (const std of ['GB 18306-2015', 'GB 50011-2010', 'DZ/T 0286-2015', 'SL 483-2017', 'GB/T 20481-2017', 'GB/T 28592-2012']) expect(titles).toContain(std);
    for (const t of templates) for (const s of t.slots) expect(s.sources.every((id) => t.sources.some((x) => x.id === id)), `${t.id}.${s.id}`).toBe(true);
  });

  it('the committed resources/schema/template.schema.json matches the validator (npm run schema)', () => {
    expect(readFileSync(templateSchemaPath(), 'utf8')).toBe(templateSchemaJson());
  });
});

describe('loading templates as untrusted input', () => {
  it.each([
    ['a document that is no template', (t: any) => delete t.riskatlas, /^riskatlas: /],
    ['an unknown key', (t: any) => (t.extra = 1), /Unrecognized key/],
    ['an id that is not the file name', (t: any) => (t.id = 'floods'), /id: "floods" must be the file's name \(flood\.json\)/],
    ['weights of a component not summing to 1', (t: any) => (t.slots[0].weight = 0.9), /slots: the weights of component H sum to 1\.3, not 1/],
    ['a slot citing no declared source', (t: any) => (t.slots[0].sources = ['nowhere']), /slots\.0\.sources: no source "nowhere"/],
    ['a kind of layer that would bind on category and geometry alone', (t: any) => delete t.slots[1].accepts[0].keywords, /category and geometry alone/],
    ['a raster slot without an explicit resampling', (t: any) => delete t.slots[0].accepts[0].indicator.resample, /slots\.0\.accepts\.0\.indicator: a raster slot states its resampling/],
  ])('refuses %s (E_TEMPLATE_INVALID naming the path)', (_n, mutate, message) => {
    const load = badTemplate(mutate as (t: Record<string, unknown>) => void);
    expect(load).toThrow(message);
    expect(load).toThrow(expect.objectContaining({ code: 'E_TEMPLATE_INVALID' }));
  });

  it('refuses a shared slot that differs between two templates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-tpl-'));
    const flood = JSON.parse(readFileSync(join(templatesDir(), 'flood.json'), 'utf8'));
    const quake = JSON.parse(readFileSync(join(templatesDir(), 'earthquake.json'), 'utf8'));
    quake.slots.find((s: { id: string }) => s.id === 'population_density').accepts[1].keywords = ['人'];
    writeFileSync(join(dir, 'flood.json'), JSON.stringify(flood));
    writeFileSync(join(dir, 'earthquake.json'), JSON.stringify(quake));
    expect(() => loadTemplates(dir)).toThrow(/slot "population_density" differs from the slot of that id in template "earthquake"/);
  });

  it('refuses a file that is too large or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-tpl-'));
    writeFileSync(join(dir, 'flood.json'), '{'.padEnd(300_000, ' '));
    expect(() => loadTemplates(dir)).toThrow(expect.objectContaining({ code: 'E_FILE_TOO_LARGE' }));
    writeFileSync(join(dir, 'flood.json'), '{ "riskatlas": ');
    expect(() => loadTemplates(dir)).toThrow(expect.objectContaining({ code: 'E_JSON_INVALID' }));
  });
});

describe('binding slots to the catalogue', () => {
  const templates = loadTemplates();
  const dem = layer('dem', 'basemap', raster(), { name: '数字高程模型' });
  const towns = layer('towns', 'admin', vector('MultiPolygon', [['NAME', 'string'], ['RK', 'integer']]), { name: '乡镇' });
  const depth = layer('depth', 'hazard', raster(), { name: '百年一遇水深', hazard: 'flood', units: 'm' });

  it('binds a slot when exactly one layer fits: category, geometry, hazard, the field and the units or name', () => {
    const { slots } = bindTemplates(templates, ['flood'], [dem, towns, depth]);
    const bound = Object.fromEntries(slots.filter((s) => s.layer).map((s) => [s.slot.id, [s.layer, s.field]]));
    expect(bound).toEqual({ flood_depth: ['depth', undefined], low_ground: ['dem', undefined], population_density: ['towns', 'RK'] });
    expect(slots.find((s) => s.slot.id === 'population_density')!.reason.en).toBe('bound to "乡镇": a polygon layer of category exposure or admin, a numeric field RK/ZRK/CZRK/HJRK/人口/总人口/常住人口/户籍人口/POP/POPULATION (field RK)');
  });

  it('leaves a slot open when two layers fit, naming both, and when none does, saying what it needs', () => {
    const dem2 = layer('dem30', 'basemap', raster(), { name: 'DEM 30 m' });
    const { slots } = bindTemplates(templates, ['flood'], [dem, dem2, towns]);
    const low = slots.find((s) => s.slot.id === 'low_ground')!;
    expect(low.layer).toBeUndefined();
    expect(low.reason.zh).toBe('待办：2 个图层都符合（「数字高程模型」、「DEM 30 m」），请选择一个');
    const river = slots.find((s) => s.slot.id === 'river_distance')!;
    expect(river.reason.en).toBe('to do: needs a line layer of category basemap, a name with 河/水系/river/stream');
  });

  it('never binds on a text field, a layer of another hazard or another geometry', () => {
    const textRk = layer('t2', 'admin', vector('MultiPolygon', [['RK', 'string']]));
    const quakeRaster = layer('pga', 'hazard', raster(), { hazard: 'earthquake', units: 'm' });
    const points = layer('p', 'exposure', vector('Point', [['RK', 'integer']]));
    const { slots } = bindTemplates(templates, ['flood'], [textRk, quakeRaster, points]);
    expect(slots.filter((s) => s.layer)).toEqual([]);
  });

  it('merges a slot several templates share, and refuses an unknown template id', () => {
    const { slots } = bindTemplates(templates, ['flood', 'earthquake'], [towns]);
    expect(slots.filter((s) => s.slot.id === 'population_density').map((s) => s.slot.templates)).toEqual([['flood', 'earthquake']]);
    expect(() => bindTemplates(templates, ['volcano'], [])).toThrow(/no census template "volcano"; there are: drought, earthquake/);
  });

  it('tells how a layer the technician chose fits a slot (slotFit)', () => {
    const slot = templates.find((t) => t.id === 'flood')!.slots.find((s) => s.id === 'population_density')!;
    expect(slotFit(slot, towns)).toEqual({ accept: 0, field: 'RK' });
    expect(slotFit(slot, layer('pop', 'exposure', raster(), { name: '人口格网' }))).toEqual({ accept: 1 });
    expect(slotFit(slot, dem)).toBeNull();
  });
});
