/**
 * A county's own data, start to finish, in Chromium against `riskatlas serve --workspace`, as a
 * new user would — with files GDAL/OGR made (tests/fixtures/gdal/ownCounty.py), not RiskAtlas:
 * a boundary shapefile in lon/lat, a DEM in CGCS2000 geographic coordinates, townships with a
 * population field. 新建项目 → the wizard (name, 行政区划代码, uploads, study area, the CRS
 * suggested for the place, the grid) → the indicator builder (H = low ground from the DEM,
 * bilinear, negative; E = people per km² of each township) → R = H × E → run: the risk grid
 * equals an independent GDAL/numpy computation of the same definition cell by cell (1e-6) with
 * the same valid cells → natural breaks → zoning → the sheets (PDF, PNG) and the package, read
 * back with poppler and GDAL: the project's county, CRS and titles, the grade GeoTIFF's classes
 * those the 分级 panel showed. Then the builder refuses a newcomer's mistakes beside the
 * indicator, naming layer and field, in Chinese and in English — an indicator moved to a layer
 * without its field among them — and warns of a grid that is one value everywhere.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { api, localPath, openStep, runAndWait } from './helpers';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'gdal');
const SHOTS = join(ROOT, 'docs', 'screenshots');
const PYTHON = '/usr/bin/python3';

const url = (): string => {
  const u = process.env.RISKATLAS_URL;
  if (!u) throw new Error('RISKATLAS_URL is not set (tests/e2e/serve.setup.ts starts the server)');
  return u;
};

function hasTools(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy; from osgeo import gdal'], { stdio: 'ignore' });
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await info.attach(name, { path, contentType: 'image/png' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(path, join(SHOTS, `${name}.png`));
  }
}

/** Every file under `dir` named `name`. */
function findAll(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...findAll(p, name));
    else if (f === name) out.push(p);
  }
  return out;
}

/** Add an indicator in the builder and wait until the model has it. */
async function addIndicator(page: Page, o: { component: string; layer: string; kind?: string; resample?: string; field?: string; id: string; name: string; direction: string }): Promise<void> {
  await page.getByTestId('builder-add').click();
  const form = page.getByTestId('builder-form');
  await form.getByTestId('builder-component').selectOption(o.component);
  await form.getByTestId('builder-layer').selectOption(o.layer);
  if (o.kind) await form.getByTestId('builder-kind').selectOption(o.kind);
  if (o.resample) await form.getByTestId('builder-resample').selectOption(o.resample);
  if (o.field) await form.getByTestId('builder-field').selectOption(o.field);
  await form.getByTestId('builder-id').fill(o.id);
  await form.getByTestId('builder-name').fill(o.name);
  await form.getByTestId('builder-direction').selectOption(o.direction);
  // The histogram comes before anything is run; nothing is refused.
  await expect(form.getByTestId('builder-histogram')).toBeVisible({ timeout: 60_000 });
  await expect(form.getByTestId('builder-problems')).toHaveCount(0);
  await form.getByTestId('builder-apply').click();
  await expect(page.getByTestId(`ind-${o.id}`)).toBeVisible({ timeout: 30_000 });
}

/** Read a PNG with GDAL: its driver, size and the distinct values of its first band (a blank sheet has one). */
const PNG_READ = `import json, sys
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
print(json.dumps({'driver': ds.GetDriver().ShortName, 'width': ds.RasterXSize, 'height': ds.RasterYSize, 'distinct': int(np.unique(ds.GetRasterBand(1).ReadAsArray()).size)}))`;

/** A sheet's text (pdftotext) names the project — its county, the analysis CRS's real name, its compiler — and the `titles` given, not the demo county. */
function expectProjectTexts(text: string, titles: string[]): void {
  const flat = text.replace(/\s+/g, '');
  for (const t of [...titles, '坐标系：2000国家大地坐标系3度带高斯-克吕格投影中央经线111°E', '制图单位：丘陵县应急管理局']) expect(flat).toContain(t);
  expect(flat).not.toContain('黄河示范县');
  expect(flat).not.toMatch(/communes|townshipsDEM|lowground/);
}

test.describe.configure({ mode: 'serial' });

test.skip(!hasTools(), 'GDAL and numpy (python3-gdal) make the files and the reference, poppler (pdftotext) reads the sheets back');

let data = '';
/** The inner breaks the 分级 panel showed, ascending, and its class table's cells by grade. */
let breaks: number[] = [];
const tableCells: Record<number, number> = {};
test.beforeAll(() => {
  data = join(mkdtempSync(join(tmpdir(), 'ra-e2e-own-')), 'data');
  execFileSync(PYTHON, [join(FIXTURES, 'ownCounty.py'), data], { timeout: 120_000 });
});

test("新建项目 from GDAL-made files to the package: the wizard, the builder, R = H × E equal to GDAL/numpy cell by cell, natural breaks, zoning, sheets and package with the project's texts", async ({ page }, info) => {
  test.setTimeout(600_000);
  await page.goto(url());
  // The toolbar's 新建项目: another spec may have left a project open on the shared server (no start page then).
  await page.getByTestId('tb-new').click();
  await page.getByTestId('wizard-name').fill('丘陵县');
  await page.getByTestId('wizard-code').fill('141031');
  await page.getByTestId('wizard-compiler').fill('丘陵县应急管理局');
  const shp = ['shp', 'shx', 'dbf', 'prj'].map((x) => join(data, `boundary.${x}`));
  await page.getByTestId('import-input').setInputFiles([...shp, join(data, 'dem.tif'), join(data, 'townships.gpkg')]);
  for (const id of ['boundary', 'dem', 'townships']) await expect(page.getByTestId(`layer-${id}`)).toBeVisible({ timeout: 120_000 });

  await page.getByTestId('wizard-study-layer').selectOption('boundary');
  await expect(page.getByTestId('wizard-crs-suggestion')).toHaveText('EPSG:4546', { timeout: 60_000 });
  await expect(page.getByTestId('wizard-crs-reason')).not.toBeEmpty();
  await page.getByTestId('wizard-cell').fill('100');
  await expect(page.getByTestId('wizard-grid-size')).toContainText('271 × 268', { timeout: 60_000 });
  // A geographic CRS typed is refused beside the field, naming the suggestion.
  await page.getByTestId('wizard-crs-other').check();
  await page.getByTestId('wizard-crs-input').fill('4490');
  await expect(page.getByTestId('wizard-crs-error')).toContainText('EPSG:4546', { timeout: 30_000 });
  await page.getByTestId('wizard-crs-suggested').check();
  await expect(page.getByTestId('wizard-crs-chosen')).toContainText('4546', { timeout: 30_000 });
  await shot(page, info, 'wizard');
  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('panel-indicators')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('project-name')).toBeVisible();

  // A draft without hazard indicators says what is left to do before it can run.
  await expect(page.getByTestId('model-todo')).toContainText('还没有致灾因子（H）指标');
  await addIndicator(page, { component: 'H', layer: 'dem', resample: 'bilinear', id: 'low_ground', name: '地势低洼程度', direction: 'negative' });
  await expect(page.getByTestId('model-todo')).toHaveCount(0);
  await addIndicator(page, { component: 'E', layer: 'townships', kind: 'attributePerArea', field: 'RK', id: 'pop_density', name: '人口密度', direction: 'positive' });
  await page.getByTestId('ind-pop_density').click();
  await shot(page, info, 'indicator-builder');

  // The first H indicator gave the draft the census's multiplicative operator: R = H × E, nothing to set.
  await page.getByTestId('step-risk').click();
  await expect(page.getByTestId('risk-operator')).toHaveValue('hevc');
  await page.getByTestId('compute').click();
  await expect(page.getByTestId('notice')).toContainText('计算完成', { timeout: 300_000 });

  const workspace = process.env.RISKATLAS_E2E_WORKSPACE!;
  const risks = findAll(workspace, 'risk_index.tif').sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  expect(risks.length).toBeGreaterThan(0);
  const ref = join(data, '..', 'reference.npy');
  const grid = JSON.parse(execFileSync(PYTHON, [join(FIXTURES, 'riskReference.py'), join(data, 'boundary.shp'), join(data, 'dem.tif'), join(data, 'townships.gpkg'), '100', ref], { encoding: 'utf8', timeout: 300_000 }));
  const c = JSON.parse(execFileSync(PYTHON, [join(FIXTURES, 'compareRisk.py'), risks[0], ref], { encoding: 'utf8' }));
  expect(c.gt).toEqual([grid.originX, 100, 0, grid.originY, 0, -100]);
  expect(c.shape).toEqual([grid.height, grid.width]);
  expect(c.valid).toBeGreaterThan(60_000);
  expect(c.onlyOne).toBe(0);
  expect(c.maxDiff).toBeLessThan(1e-6);

  await test.step('分级: natural breaks, and the grade GeoTIFF holds the classes the panel shows', async () => {
    await openStep(page, 'classes');
    await expect(page.getByTestId('classes-method')).toHaveValue('jenks');
    await expect(page.getByTestId('break-4')).toBeVisible({ timeout: 60_000 });
    breaks = await Promise.all([1, 2, 3, 4].map(async (k) => Number(await page.getByTestId(`break-${k}`).getAttribute('data-value'))));
    for (let k = 1; k < 4; k++) expect(breaks[k]).toBeGreaterThan(breaks[k - 1]!);
    for (let g = 1; g <= 5; g++) tableCells[g] = Number(await page.getByTestId(`class-table-${g}`).getAttribute('data-cells'));
  });

  await test.step('区划: zoning without a capacity component takes the risk grades against the H grades', async () => {
    await openStep(page, 'zoning');
    await page.getByTestId('zoning-enable').click();
    await expect(page.getByTestId('zoning-capacity')).toHaveValue('H', { timeout: 30_000 });
    await page.getByTestId('zoning-cap-classes').selectOption('2');
    await expect(page.getByTestId('zm-4-1')).toBeVisible({ timeout: 30_000 });
    await runAndWait(page, 'zoning-run');
    await expect(page.getByTestId('zoning-done')).toBeVisible({ timeout: 60_000 });
  });

  await test.step("制图: the 综合风险图 as PDF and PNG, with the project's texts", async () => {
    await openStep(page, 'maps');
    await expect(page.getByTestId('sheet-text-title')).toHaveValue('丘陵县自然灾害综合风险图', { timeout: 60_000 });
    await page.getByTestId('sheet-export-pdf').click();
    const written = page.getByTestId('sheet-written').locator('li');
    await expect(written.first()).toContainText('PDF', { timeout: 240_000 });
    const pdf = localPath(await written.first().locator('.path').innerText());
    expectProjectTexts(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }), ['丘陵县自然灾害综合风险图']);
    await page.getByTestId('sheet-export-png').click();
    await expect(written.filter({ hasText: 'PNG' })).toHaveCount(1, { timeout: 240_000 });
    const png = localPath(await written.filter({ hasText: 'PNG' }).locator('.path').innerText());
    // Decoded by GDAL's PNG driver: an A3 sheet at the sheet's resolution, with ink on it.
    const decoded = JSON.parse(execFileSync(PYTHON, ['-c', PNG_READ, png], { encoding: 'utf8' }));
    expect(decoded.driver).toBe('PNG');
    expect(Math.min(decoded.width, decoded.height)).toBeGreaterThan(1000);
    expect(decoded.distinct).toBeGreaterThan(10);
  });

  await test.step("成果: the package's sheets, 说明.txt and grade GeoTIFF are the project's", async () => {
    await openStep(page, 'export');
    await page.getByTestId('pkg-map-exposure').check();
    await expect(page.getByTestId('pkg-map-zoning')).toBeChecked();
    await page.getByTestId('pkg-dpi').selectOption('150');
    await page.getByTestId('export-package').click();
    await expect(page.getByTestId('package-files')).toBeVisible({ timeout: 480_000 });
    const pkg = localPath(await page.getByTestId('package-dir').innerText());
    const readme = readFileSync(join(pkg, '说明.txt'), 'utf8');
    for (const text of ['丘陵县自然灾害综合风险评估与区划成果包', '行政区划代码：141031', '编制单位：丘陵县应急管理局', '坐标系：2000国家大地坐标系 3度带 高斯-克吕格投影 中央经线111°E（EPSG:4546）']) expect(readme).toContain(text);
    expect(readme).not.toContain('黄河示范县');
    const sheets = readdirSync(join(pkg, 'maps')).filter((f) => f.endsWith('.pdf')).sort();
    expect(sheets).toEqual(['丘陵县人口密度承灾体分布图_pop_density.pdf', '丘陵县自然灾害综合防治区划图.pdf', '丘陵县自然灾害综合风险图.pdf']);
    expectProjectTexts(execFileSync('pdftotext', [join(pkg, 'maps', sheets[0]!), '-'], { encoding: 'utf8' }), ['丘陵县人口密度承灾体分布图']);
    expectProjectTexts(execFileSync('pdftotext', [join(pkg, 'maps', sheets[1]!), '-'], { encoding: 'utf8' }), ['丘陵县自然灾害综合防治区划图']);
    // The grade GeoTIFF's classes are the breaks the 分级 panel showed: each grade's index values lie between two of them, its cells as the class table counted.
    const classes = JSON.parse(execFileSync(PYTHON, [join(FIXTURES, 'gradeClasses.py'), join(pkg, 'risk_grade.tif'), join(pkg, 'risk_index.tif')], { encoding: 'utf8' })) as Record<string, { cells: number; min: number; max: number }>;
    expect(Object.keys(classes).sort()).toEqual(['1', '2', '3', '4', '5']);
    for (let g = 1; g <= 5; g++) expect(classes[g]!.cells, `grade ${g}`).toBe(tableCells[g]);
    const ascending = Object.values(classes).sort((a, b) => a.min - b.min);
    breaks.forEach((b, k) => {
      expect(ascending[k]!.max).toBeLessThanOrEqual(b);
      expect(ascending[k + 1]!.min).toBeGreaterThan(b);
    });
  });
});

test("the builder refuses a newcomer's mistakes beside the indicator, naming layer and field, in Chinese and English; rescale's range is stored only when valid", async ({ page }, info) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await expect(page.getByTestId('project-name')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('step-indicators').click();
  const form = page.getByTestId('builder-form');
  const problem = (code: string) => form.locator(`[data-testid="builder-problems"] li[data-code="${code}"]`);

  // The population density moved to the county outline, which has no RK: refused before the run, naming both.
  await page.getByTestId('builder-edit-pop_density').click();
  await form.getByTestId('builder-layer').selectOption('boundary');
  await expect(form.getByTestId('builder-kind')).toHaveValue('attributePerArea');
  await expect(form.getByTestId('builder-field')).toHaveValue('RK');
  await expect(problem('E_FIELD_UNKNOWN')).toContainText('图层「boundary」没有字段「RK」（指标 pop_density）；该图层的字段：NAME', { timeout: 60_000 });
  await expect(form.getByTestId('builder-apply')).toBeDisabled();
  await page.getByTestId('tb-lang').click();
  await expect(problem('E_FIELD_UNKNOWN')).toContainText('layer "boundary" has no field "RK" (indicator pop_density); its fields: NAME');
  await page.getByTestId('tb-lang').click();
  await form.getByTestId('builder-cancel').click();

  // Rescale's range, edited beside the transform: started from the histogram, refused until lower < upper, then stored.
  await page.getByTestId('ind-low_ground').click();
  await page.getByTestId('ind-transform').selectOption('rescale');
  const low = page.getByTestId('ind-transform-range-min');
  const high = page.getByTestId('ind-transform-range-max');
  await expect(low).toBeVisible({ timeout: 30_000 });
  const seeded = (await api<{ doc: { indicators: { id: string; range?: number[] }[] } }>(page, 'model.get')).doc.indicators.find((i) => i.id === 'low_ground')!.range!;
  expect(seeded[0]).toBeLessThan(seeded[1]!);
  await high.fill(String(seeded[0]! - 1));
  await expect(page.getByTestId('ind-transform-range-error')).toBeVisible();
  await high.fill('abc');
  await expect(page.getByTestId('ind-transform-range-error')).toBeVisible();
  expect((await api<{ doc: { indicators: { id: string; range?: number[] }[] } }>(page, 'model.get')).doc.indicators.find((i) => i.id === 'low_ground')!.range).toEqual(seeded);
  await low.fill('0');
  await high.fill('2000');
  await expect(page.getByTestId('ind-transform-range-error')).toHaveCount(0);
  await expect.poll(async () => (await api<{ doc: { indicators: { id: string; range?: number[] }[] } }>(page, 'model.get')).doc.indicators.find((i) => i.id === 'low_ground')!.range).toEqual([0, 2000]);

  await page.getByTestId('builder-add').click();
  await form.getByTestId('builder-component').selectOption('E');
  await form.getByTestId('builder-layer').selectOption('townships');
  await form.getByTestId('builder-kind').selectOption('attributePerArea');
  await form.getByTestId('builder-id').fill('mistake');

  // A text field as a number.
  await form.getByTestId('builder-field').selectOption('TYPE');
  await expect(problem('E_FIELD_NOT_NUMBER')).toContainText('TYPE', { timeout: 60_000 });
  await expect(problem('E_FIELD_NOT_NUMBER')).toContainText('townships');
  await expect(problem('E_FIELD_NOT_NUMBER')).toContainText('文本');
  await expect(form.getByTestId('builder-apply')).toBeDisabled();

  // A filter whose value does not fit the field's type, then one that keeps nothing.
  await form.getByTestId('builder-field').selectOption('RK');
  await form.getByTestId('builder-filter-on').check();
  await form.getByTestId('builder-filter-field').selectOption('HH');
  await form.getByTestId('builder-filter-op').selectOption('eq');
  await form.getByTestId('builder-filter-value').fill('many');
  await expect(problem('E_FILTER_TYPE')).toContainText('HH', { timeout: 60_000 });
  await expect(problem('E_FILTER_TYPE')).toContainText('townships');
  await form.getByTestId('builder-filter-field').selectOption('CODE');
  await form.getByTestId('builder-filter-op').selectOption('lt');
  await form.getByTestId('builder-filter-value').fill('5');
  await expect(problem('E_FIELD_NOT_NUMBER')).toContainText('图层「townships」的字段「CODE」是文本字段', { timeout: 60_000 });
  await form.getByTestId('builder-filter-field').selectOption('TYPE');
  await form.getByTestId('builder-filter-op').selectOption('eq');
  await form.getByTestId('builder-filter-value').fill('nowhere');
  await expect(form.getByTestId('builder-filter-values-shown')).toContainText('rural');
  await expect(problem('E_FILTER_EMPTY')).toContainText('按字段「TYPE」筛选后，图层「townships」没有剩下任何要素', { timeout: 60_000 });
  await shot(page, info, 'indicator-refusals');

  // The same refusal in English after switching the language.
  await page.getByTestId('tb-lang').click();
  await expect(problem('E_FILTER_EMPTY')).toContainText('after the filter on field "TYPE" no feature of layer "townships" is left');
  await page.getByTestId('tb-lang').click();
  await form.getByTestId('builder-cancel').click();

  // A grid of one value everywhere (presence of the county outline, which holds every cell of the study area): a warning beside the indicator, in both languages.
  await page.getByTestId('builder-add').click();
  await form.getByTestId('builder-layer').selectOption('boundary');
  await form.getByTestId('builder-kind').selectOption('presence');
  await form.getByTestId('builder-id').fill('inside');
  await expect(problem('W_INDICATOR_CONSTANT')).toContainText('指标 inside（图层「boundary」）在研究区内处处相同（1）', { timeout: 60_000 });
  await page.getByTestId('tb-lang').click();
  await expect(problem('W_INDICATOR_CONSTANT')).toContainText('indicator inside (layer "boundary") has the same value (1)');
  await page.getByTestId('tb-lang').click();
  await form.getByTestId('builder-cancel').click();

  // A layer outside the study area (townships near Tianjin, in the zone-prefixed GK zone 39).
  await page.getByTestId('step-data').click();
  await page.getByTestId('import-input').setInputFiles(['shp', 'shx', 'dbf', 'prj'].map((x) => join(data, 'gk39', `towns.${x}`)));
  await expect(page.getByTestId('layer-towns')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('step-indicators').click();
  await page.getByTestId('builder-add').click();
  await form.getByTestId('builder-layer').selectOption('towns');
  await form.getByTestId('builder-kind').selectOption('attributePerArea');
  await form.getByTestId('builder-field').selectOption('RK');
  await expect(problem('E_LAYER_OUTSIDE')).toContainText('图层「towns」与研究区不重叠', { timeout: 60_000 });
  await page.getByTestId('tb-lang').click();
  await expect(problem('E_LAYER_OUTSIDE')).toContainText('layer "towns" does not overlap the study area');
  await page.getByTestId('tb-lang').click();
});

test('a township layer in the zone-prefixed CGCS2000 GK zone 39 (X ≈ 39,500,000): the CRS suggested is that zone, zoom to layer and the status bar give its real place', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await page.getByTestId('tb-new').click();
  await page.getByTestId('wizard-name').fill('Zone39');
  await page.getByTestId('import-input').setInputFiles(['shp', 'shx', 'dbf', 'prj'].map((x) => join(data, 'gk39', `towns.${x}`)));
  await expect(page.getByTestId('layer-towns')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('wizard-study-layer').selectOption('towns');
  await expect(page.getByTestId('wizard-crs-suggestion')).toHaveText('EPSG:4527', { timeout: 60_000 });
  await expect(page.getByTestId('wizard-crs-chosen')).toContainText('39', { timeout: 60_000 });
  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('panel-indicators')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('step-data').click();
  await page.getByTestId('layer-towns').locator('button.layer-name').click();
  await page.getByTestId('zoom-layer').click();
  const box = (await page.locator('.map-area').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('status-xy')).toContainText('EPSG:4527');
  const xy = await page.getByTestId('status-xy').textContent();
  const x = Number(/X (\d+\.\d)/.exec(xy!)![1]);
  expect(x).toBeGreaterThan(39_400_000);
  expect(x).toBeLessThan(39_600_000);
  const ll = await page.getByTestId('status-lonlat').textContent();
  expect(ll).not.toContain('Infinity');
  const lon = Number(/^([\d.]+)°E/.exec(ll!.trim())![1]);
  expect(lon).toBeGreaterThan(116.5);
  expect(lon).toBeLessThan(117.6);
});
