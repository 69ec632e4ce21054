/**
 * A county's own data, start to finish, in Chromium against `riskatlas serve --workspace`, as a
 * new user would — with files GDAL/OGR made (tests/fixtures/gdal/ownCounty.py), not RiskAtlas:
 * a boundary shapefile in lon/lat, a DEM in CGCS2000 geographic coordinates, townships with a
 * population field. 新建项目 → the wizard (name, 行政区划代码, uploads, study area, the CRS
 * suggested for the place, the grid) → the indicator builder (H = low ground from the DEM,
 * bilinear, negative; E = people per km² of each township) → R = H × E → run: the risk grid
 * equals an independent GDAL/numpy computation of the same definition cell by cell (1e-6) with
 * the same valid cells. Then the builder refuses a newcomer's mistakes beside the indicator,
 * naming layer and field, in Chinese and in English.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
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

function hasGdal(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy; from osgeo import gdal'], { stdio: 'ignore' });
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

test.describe.configure({ mode: 'serial' });

test.skip(!hasGdal(), 'GDAL and numpy (python3-gdal) are needed to make the files and the reference');

let data = '';
test.beforeAll(() => {
  data = join(mkdtempSync(join(tmpdir(), 'ra-e2e-own-')), 'data');
  execFileSync(PYTHON, [join(FIXTURES, 'ownCounty.py'), data], { timeout: 120_000 });
});

test('新建项目 from GDAL-made files: the wizard, the builder, R = H × E equal to GDAL/numpy cell by cell', async ({ page }, info) => {
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

  await addIndicator(page, { component: 'H', layer: 'dem', resample: 'bilinear', id: 'low_ground', name: '地势低洼程度', direction: 'negative' });
  await addIndicator(page, { component: 'E', layer: 'townships', kind: 'attributePerArea', field: 'RK', id: 'pop_density', name: '人口密度', direction: 'positive' });
  await page.getByTestId('ind-pop_density').click();
  await shot(page, info, 'indicator-builder');

  await page.getByTestId('step-risk').click();
  await page.getByTestId('risk-operator').selectOption('hevc');
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
});

test("the builder refuses a newcomer's mistakes beside the indicator, naming layer and field, in Chinese and English", async ({ page }, info) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await expect(page.getByTestId('project-name')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('step-indicators').click();
  await page.getByTestId('builder-add').click();
  const form = page.getByTestId('builder-form');
  const problem = (code: string) => form.locator(`[data-testid="builder-problems"] li[data-code="${code}"]`);
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
