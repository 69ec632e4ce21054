/**
 * A county's own data, start to finish, from the command line — as a new user would, with files
 * GDAL/OGR made (tests/fixtures/gdal/ownCounty.py): a boundary shapefile in lon/lat, a DEM in
 * CGCS2000 geographic coordinates, townships with a population field in a GeoPackage, and a
 * township layer in a zone-prefixed Gauss-Krüger CRS (X ≈ 39,500,000).
 *
 * - `riskatlas new` suggests the right CRS (CM 111E for the county; the prefixed zone 39 for the
 *   prefixed layer, whose sheet then names that zone), binds the census slots it is sure of and
 *   lists the open ones, and refuses a geographic --crs with the suggestion, in both languages;
 * - the worked example of docs/model.md (low ground × population per km² of each township), run
 *   on the project `new` made, equals an independent GDAL/numpy computation cell by cell (1e-6)
 *   with the same valid cells, and its package prints the project's texts;
 * - every refusal before the run names the layer and the field, in Chinese and English, in the
 *   engine and on the command line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasReference, PYTHON } from '../fixtures/referenceTools';
import { useTempDir } from '../fixtures/tempDir';
import { runModel } from '../../src-main/engine/pipeline/run';
import { messageFor } from '../../src-shared/messages';
import { estimateModelRun } from '../../src-main/engine/pipeline/estimate';
import { parseModel } from '../../src-main/engine/model/document';
import { ProjectFile } from '../../src-main/store/projectFile';
import type { RiskAtlasError } from '../../src-shared/errors';
import { cli, documentedModel, root } from './helpers/ownCounty';

const fixtures = join(root, 'tests', 'fixtures', 'gdal');
const tools = hasReference('osgeo') && hasReference('numpy');
const hasPoppler = existsSync('/usr/bin/pdftotext');

const pick = <T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> => Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

describe.skipIf(!tools)("a county's own files, made by GDAL", () => {
  const tmp = useTempDir('ra-own-');
  let data = '';
  beforeAll(() => {
    data = join(tmp(), 'data');
    execFileSync(PYTHON, [join(fixtures, 'ownCounty.py'), data], { timeout: 120_000 });
  }, 180_000);

  describe('riskatlas new', () => {
    it('suggests CGCS2000 3° CM 111E for a boundary in lon/lat, imports the layers, binds the slots it is sure of and lists the open ones, with the run estimate of its model (--json)', async () => {
      const r = cli('en', 'new', join(tmp(), 'flood'), '--boundary', join(data, 'boundary.shp'), '--name', '丘陵县', '--code', '141031', '--hazards', 'flood', '--layers', join(data, 'dem.tif'), join(data, 'townships.gpkg'), '--json');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const rep = JSON.parse(r.stdout);
      expect(rep.project).toBe(join(tmp(), 'flood', '丘陵县.riskatlas'));
      expect(existsSync(rep.project)).toBe(true);
      expect(rep.layers.map((l: { id: string; category: string }) => `${l.id}:${l.category}`)).toEqual(['boundary:admin', 'dem:basemap', 'townships:admin']);
      for (const l of rep.layers) expect(existsSync(join(rep.dataDir, l.file)), l.file).toBe(true);
      expect(rep.crs).toMatchObject({ epsg: 4546, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 111E', nameZh: '2000国家大地坐标系 3度带 高斯-克吕格投影 中央经线111°E', suggested: true });
      expect(rep.crs.alternatives.map((a: { epsg: number }) => a.epsg)).toEqual([4525, 4508, 32649]);
      expect(rep.grid).toMatchObject({ width: 271, height: 268, cellSize: 100, cells: 271 * 268 });
      // The run's estimate of the model's two bound indicators (engine/pipeline/estimate.ts), fitting this machine.
      const file = await ProjectFile.open(rep.project);
      const model = parseModel(JSON.parse(file.getModel()!));
      file.close();
      expect(rep.estimate).toEqual({ ...pick(estimateModelRun(model, rep.grid), 'memoryBytes', 'tempDiskBytes', 'indicators'), fits: null });
      expect(rep.estimate.indicators).toBe(2);
      const bound = Object.fromEntries(rep.slots.filter((s: { layer?: string }) => s.layer).map((s: { id: string; layer: string }) => [s.id, s.layer]));
      expect(bound).toEqual({ low_ground: 'dem', population_density: 'townships' });
      const open = rep.slots.filter((s: { layer?: string }) => !s.layer).map((s: { id: string }) => s.id);
      expect(open).toEqual(['flood_depth', 'river_distance', 'building_density', 'single_storey_buildings', 'shelter_distance']);
      expect(rep.slots.find((s: { id: string }) => s.id === 'flood_depth').reason.zh).toMatch(/^待办：需要致灾因子类栅格图层，灾种 flood\/flashFlood/);
    }, 300_000);

    it('refuses a geographic --crs with the suggestion for the place, in Chinese and English, and leaves no half-made project', () => {
      for (const lang of ['zh', 'en'] as const) {
        const dir = join(tmp(), `geographic-${lang}`);
        const r = cli(lang, 'new', dir, '--boundary', join(data, 'boundary.shp'), '--crs', 'EPSG:4490');
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(lang === 'zh' ? 'EPSG:4490（China Geodetic Coordinate System 2000）是地理坐标系（单位为度）；本研究区建议使用 EPSG:4546' : 'is geographic (degrees); for this study area use EPSG:4546');
        expect(r.stderr).toMatch(/\[E_CRS_GEOGRAPHIC\]\n$/);
        expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
      }
    }, 300_000);

    it('prints a draft without hazards for people, in Chinese and English: the CRS, the grid and its estimate, the indicator builder as the next step', () => {
      for (const lang of ['zh', 'en'] as const) {
        const r = cli(lang, 'new', join(tmp(), `draft-${lang}`), '--boundary', join(data, 'boundary.shp'), '--cell', '200');
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const lines = r.stdout.split('\n');
        if (lang === 'zh') {
          expect(lines[2]).toMatch(/^坐标系: +EPSG:4546 2000国家大地坐标系 3度带 高斯-克吕格投影 中央经线111°E — 建议: /);
          expect(lines).toContain('格网:      136 × 135 个格网 × 200 m = 18,360 个格网');
          expect(lines.find((l) => l.startsWith('计算估算'))).toMatch(/^计算估算: +内存约 \d+ MB（0 个指标，尚未添加指标）$/);
          expect(lines).toContain('模型：仅研究区与格网（未选灾种），请在指标面板中添加指标');
        } else {
          expect(lines).toContain('grid:      136 × 135 cells × 200 m = 18,360 cells');
          expect(lines.find((l) => l.startsWith('estimate'))).toMatch(/^estimate: +about \d+ MB of memory \(0 indicators, none added yet\)$/);
        }
      }
    }, 300_000);

    it.skipIf(!hasPoppler)('gives townships in a zone-prefixed CRS (EPSG:4527, X ≈ 39,500,000) the prefixed zone 39, and its sheet names that zone', () => {
      const dir = join(tmp(), 'gk39');
      const suggested = JSON.parse(cli('en', 'new', join(tmp(), 'gk39-suggest'), '--boundary', join(data, 'gk39', 'towns.shp'), '--json').stdout);
      expect(suggested.crs).toMatchObject({ epsg: 4527, nameZh: '2000国家大地坐标系 3度带 高斯-克吕格投影 39带' });
      expect(suggested.crs.reason.zh).toContain('横坐标');
      const model = {
        riskatlas: 'model',
        version: 1,
        name: '西桥镇风险评估',
        area: { name: '西桥镇' },
        grid: { epsg: suggested.crs.epsg, cellSize: 330, studyArea: 'towns' },
        layers: { towns: { path: 'towns.shp', name: '乡镇', category: 'admin' } },
        indicators: [{ id: 'dens', name: '人口密度', layer: 'towns', rasterize: 'attributePerArea', field: 'RK', transform: 'minmax', direction: 'positive' }],
        components: { H: { dens: 1 } },
        risk: { operator: 'hevc' },
        classification: { method: 'jenks', classes: 5, scheme: 'high5' },
        outputs: {},
      };
      writeFileSync(join(tmp(), 'gk39.json'), JSON.stringify(model));
      expect(cli('en', 'new', dir, '--boundary', join(data, 'gk39', 'towns.shp'), '--model', join(tmp(), 'gk39.json')).status).toBe(0);
      const out = join(tmp(), 'gk39-out');
      const exp = cli('en', 'export', dir, '--out', out, '--maps', 'riskGrade', '--paper', 'A4', '--dpi', '40');
      expect(exp.status, exp.stderr).toBe(0);
      const text = execFileSync('pdftotext', [join(out, 'maps', '西桥镇自然灾害综合风险图.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('坐标系：2000国家大地坐标系3度带高斯-克吕格投影39带');
      expect(readFileSync(join(out, '说明.txt'), 'utf8')).toContain('坐标系：2000国家大地坐标系 3度带 高斯-克吕格投影 39带（EPSG:4527）');
    }, 300_000);
  });

  describe('the worked example of docs/model.md: low ground × population per km² of each township', () => {
    let project = '';
    let out = '';
    beforeAll(() => {
      project = join(tmp(), 'worked');
      out = join(tmp(), 'worked-out');
      writeFileSync(join(tmp(), 'worked.json'), JSON.stringify(documentedModel()));
      const made = cli('en', 'new', project, '--boundary', join(data, 'boundary.shp'), '--name', '丘陵县', '--layers', join(data, 'dem.tif'), join(data, 'townships.gpkg'), '--model', join(tmp(), 'worked.json'));
      if (made.status !== 0) throw new Error(made.stderr);
    }, 300_000);

    it('runs the project, and the risk grid equals an independent GDAL/numpy computation cell by cell (1e-6) with the same valid cells', () => {
      const run = cli('en', 'run', project, '--out', out);
      expect(run.status, run.stderr).toBe(0);
      const ref = join(tmp(), 'reference.npy');
      const grid = JSON.parse(execFileSync(PYTHON, [join(fixtures, 'riskReference.py'), join(data, 'boundary.shp'), join(data, 'dem.tif'), join(data, 'townships.gpkg'), '100', ref], { encoding: 'utf8', timeout: 300_000 }));
      const c = JSON.parse(execFileSync(PYTHON, [join(fixtures, 'compareRisk.py'), join(out, 'risk_index.tif'), ref], { encoding: 'utf8' }));
      expect(c.gt).toEqual([grid.originX, 100, 0, grid.originY, 0, -100]);
      expect(c.shape).toEqual([grid.height, grid.width]);
      expect(c.valid).toBeGreaterThan(60_000);
      expect(c.onlyOne).toBe(0);
      expect(c.maxDiff).toBeLessThan(1e-6);
      // The per-area indicator states how the townships' areas were measured.
      const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
      expect(prov.indicators.find((i: { id: string }) => i.id === 'pop_density').areaMethod).toMatch(/^ellipsoidal: .*Lambert azimuthal equal-area/);
    }, 600_000);

    it.skipIf(!hasPoppler)("exports the project's package with the project's texts: area, code, compiler, the CRS, display names, township labels by the label field", () => {
      const pkg = join(tmp(), 'worked-package');
      const exp = cli('en', 'export', project, '--out', pkg, '--maps', 'riskGrade,zoning,exposure', '--paper', 'A4', '--dpi', '40');
      expect(exp.status, exp.stderr).toBe(0);
      const readme = readFileSync(join(pkg, '说明.txt'), 'utf8');
      expect(readme).toContain('丘陵县自然灾害综合风险评估与区划成果包');
      expect(readme).toContain('行政区划代码：141031');
      expect(readme).toContain('编制单位：丘陵县应急管理局');
      const maps = readdirSync(join(pkg, 'maps')).filter((f) => f.endsWith('.pdf'));
      expect(maps.sort()).toEqual(['丘陵县人口密度承灾体分布图_pop_density.pdf', '丘陵县自然灾害综合防治区划图.pdf', '丘陵县自然灾害综合风险图.pdf']);
      const text = execFileSync('pdftotext', [join(pkg, 'maps', '丘陵县自然灾害综合风险图.pdf'), '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, '')).toContain('坐标系：2000国家大地坐标系3度带高斯-克吕格投影中央经线111°E');
      expect(text).toContain('制图单位：丘陵县应急管理局');
      for (const name of ['North-West', 'South-East']) expect(text).toContain(name);
      expect(text).not.toContain('Hill County');
    }, 600_000);
  });

  describe('refusals before the run name the layer and the field, in Chinese and English', () => {
    /** The worked example's model beside the GDAL files, with `indicator` as its only E indicator. */
    function modelWith(indicator: Record<string, unknown>, extraLayers: Record<string, unknown> = {}): string {
      const doc = documentedModel() as { layers: Record<string, { path: string }>; indicators: Record<string, unknown>[] } & Record<string, unknown>;
      doc.layers = { boundary: { ...doc.layers.boundary!, path: 'boundary.shp' }, dem: { ...doc.layers.dem!, path: 'dem.tif' }, townships: { ...doc.layers.townships!, path: 'townships.gpkg' }, ...extraLayers } as typeof doc.layers;
      doc.indicators = [doc.indicators[0]!, { id: 'pop_density', name: '人口密度', transform: 'minmax', direction: 'positive', ...indicator }];
      const path = join(data, `model-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, JSON.stringify(doc));
      return path;
    }
    async function refusal(model: string): Promise<RiskAtlasError> {
      try {
        await runModel(model, join(tmp(), 'refused'), { workers: 0 });
      } catch (err) {
        return err as RiskAtlasError;
      }
      throw new Error('the run was not refused');
    }

    it.each([
      ['an unknown field', { layer: 'townships', rasterize: 'attributePerArea', field: 'POPX' }, 'E_FIELD_UNKNOWN', 'POPX', '图层「乡镇」没有字段「POPX」（指标 pop_density）；该图层的字段：NAME, CODE, RK, HH, TYPE', 'layer "乡镇" has no field "POPX" (indicator pop_density); its fields: NAME, CODE, RK, HH, TYPE'],
      ['a text field as the attribute', { layer: 'townships', rasterize: 'attribute', field: 'TYPE' }, 'E_FIELD_NOT_NUMBER', 'TYPE', '图层「乡镇」的字段「TYPE」是文本字段，不能作为数值使用（指标 pop_density）', 'field "TYPE" of layer "乡镇" holds string values, not numbers (indicator pop_density)'],
      ['a text field as weightField', { layer: 'townships', rasterize: 'sum', weightField: 'NAME' }, 'E_FIELD_NOT_NUMBER', 'NAME', '图层「乡镇」的字段「NAME」是文本字段', 'field "NAME" of layer "乡镇" holds string values'],
      ['a text field as the ratio denominator', { layer: 'townships', rasterize: 'ratio', field: 'RK', denominator: 'CODE', zeroDenominator: 'nodata' }, 'E_FIELD_NOT_NUMBER', 'CODE', '图层「乡镇」的字段「CODE」是文本字段', 'field "CODE" of layer "乡镇"'],
      ['a filter on a missing field', { layer: 'townships', rasterize: 'attribute', field: 'RK', filter: { field: 'KIND', eq: 'town' } }, 'E_FIELD_UNKNOWN', 'KIND', '图层「乡镇」没有字段「KIND」', 'layer "乡镇" has no field "KIND"'],
      ['a filter value of the wrong type', { layer: 'townships', rasterize: 'attribute', field: 'RK', filter: { field: 'TYPE', eq: 5 } }, 'E_FILTER_TYPE', 'TYPE', '筛选条件与图层「乡镇」字段「TYPE」的类型（文本）不符：5', 'the filter does not fit the type (string) of field "TYPE" of layer "乡镇": 5'],
      ['a filter that keeps nothing', { layer: 'townships', rasterize: 'attribute', field: 'RK', filter: { field: 'TYPE', eq: 'city' } }, 'E_FILTER_EMPTY', 'TYPE', '按字段「TYPE」筛选后，图层「乡镇」没有剩下任何要素', 'after the filter on field "TYPE" no feature of layer "乡镇" is left'],
    ])('%s', async (_name, indicator, code, field, zh, en) => {
      const e = await refusal(modelWith(indicator));
      expect(e.code).toBe(code);
      expect(e.params?.field).toBe(field);
      expect(messageFor(e.code, 'zh', e.params)).toContain(zh);
      expect(messageFor(e.code, 'en', e.params)).toContain(en);
    }, 300_000);

    it('a layer outside the study area (townships of another province, in zone 39)', async () => {
      const e = await refusal(modelWith({ layer: 'far', rasterize: 'attributePerArea', field: 'RK' }, { far: { path: 'gk39/towns.shp', name: '外省乡镇', category: 'exposure' } }));
      expect(e.code).toBe('E_LAYER_OUTSIDE');
      expect(messageFor(e.code, 'zh', e.params)).toBe('图层「外省乡镇」与研究区不重叠（指标 pop_density），请检查图层的坐标系和范围');
      expect(messageFor(e.code, 'en', e.params)).toBe('layer "外省乡镇" does not overlap the study area (indicator pop_density); check its CRS and extent');
    });

    it('a categorical raster interpolated', async () => {
      const e = await refusal(modelWith({ layer: 'landuse', resample: 'bilinear' }, { landuse: { path: 'landuse.tif', name: '土地利用', category: 'exposure', categorical: true } }));
      expect(e.code).toBe('E_RASTER_CATEGORICAL');
      expect(messageFor(e.code, 'zh', e.params)).toBe('图层「土地利用」是分类栅格（值为类别代码），不能用 bilinear 插值（指标 pop_density），请改用 nearest 或 mode');
      expect(messageFor(e.code, 'en', e.params)).toContain('layer "土地利用" is a categorical raster');
    });

    it('a risk index the same in every cell (townships everywhere: presence 1, min-max 0) is refused, where such a run used to give breaks [0, 0] and 100 % 高', async () => {
      const doc = JSON.parse(readFileSync(modelWith({ layer: 'townships', rasterize: 'presence' }), 'utf8'));
      doc.components = { H: { pop_density: 1 } };
      doc.indicators = doc.indicators.slice(1);
      delete doc.zoning;
      const path = join(data, 'constant.json');
      writeFileSync(path, JSON.stringify(doc));
      const e = await refusal(path);
      expect(e.code).toBe('E_INDEX_CONSTANT');
      expect(messageFor(e.code, 'zh', e.params)).toBe('风险指数在研究区内处处相同（0），无法分级；取值恒定或全部无数据的指标：pop_density（乡镇）');
      expect(messageFor(e.code, 'en', e.params)).toBe('the risk index is the same in every cell of the study area (0): nothing to classify; indicators that are constant or all nodata: pop_density（乡镇）');
    });

    it('the command line says the same, in Chinese and English', () => {
      const model = modelWith({ layer: 'townships', rasterize: 'attribute', field: 'RK', filter: { field: 'TYPE', eq: 5 } });
      const zh = cli('zh', 'run', model, '--out', join(tmp(), 'cli-refused'));
      expect(zh.status).toBe(1);
      expect(zh.stderr).toBe(`riskatlas: townships.gpkg: 筛选条件与图层「乡镇」字段「TYPE」的类型（文本）不符：5（指标 pop_density） [E_FILTER_TYPE]\n`);
      const en = cli('en', 'run', model, '--out', join(tmp(), 'cli-refused'));
      expect(en.stderr).toBe('riskatlas: townships.gpkg: the filter does not fit the type (string) of field "TYPE" of layer "乡镇": 5 (indicator pop_density) [E_FILTER_TYPE]\n');
      expect(existsSync(join(tmp(), 'cli-refused', 'risk_index.tif'))).toBe(false);
    }, 300_000);
  });
});
