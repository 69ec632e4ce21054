/**
 * The whole census workflow in Chromium against the real engine (`riskatlas serve`), on
 * the demo county: import a layer, fix a QC finding, edit an AHP matrix and watch CR,
 * compute, drag a class break, run zoning, export a sheet with a changed title (read back
 * from the PDF with pdftotext), open review mode and leave a comment. A screenshot of every
 * panel at 1366×768 goes to test-artifacts/e2e (and to docs/screenshots with
 * UPDATE_SCREENSHOTS=1), and no panel may be clipped at that size.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expectNoEnglish, expectNoRawKeys, hasPdftotext, localPath, openFreshDemo, openStep, runAndWait, STEPS, url } from './helpers';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'resources', 'sample', 'county');
const SHOTS = join(ROOT, 'docs', 'screenshots');

/**
 * Save a screenshot as a test artifact and, for panels with UPDATE_SCREENSHOTS=1, as the
 * documentation's picture in docs/screenshots (so a test run leaves the committed pictures alone).
 */
async function shot(page: Page, info: TestInfo, name: string, readme = false): Promise<void> {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await info.attach(name, { path, contentType: 'image/png' });
  if (readme && process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(path, join(SHOTS, `${name}.png`));
  }
}

/** Nothing of the window is cut off: no page scroll, the panel scrolls only vertically, every control lies inside its panel's width. */
async function expectNotClipped(page: Page, step: string): Promise<void> {
  const r = await page.evaluate(() => {
    const doc = document.documentElement;
    const panel = document.querySelector<HTMLElement>('aside.panel')!;
    const box = panel.getBoundingClientRect();
    const outside: string[] = [];
    for (const el of panel.querySelectorAll<HTMLElement>('button, input, select, textarea, table, svg, label, h2, h3, p')) {
      if (el.closest('.table-scroll')) continue; // wide tables scroll inside their own box
      const b = el.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) continue;
      if (b.left < box.left - 0.5 || b.right > box.right + 0.5) outside.push(`${el.tagName}.${el.className} ${Math.round(b.left)}–${Math.round(b.right)}`);
    }
    // A select shows its chosen option whole (an English option once read "weighted sum (b").
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const sel of panel.querySelectorAll<HTMLSelectElement>('select')) {
      const opt = sel.selectedOptions[0];
      if (!opt || sel.getBoundingClientRect().width === 0) continue;
      ctx.font = getComputedStyle(sel).font;
      if (ctx.measureText(opt.text).width + 20 > sel.clientWidth) outside.push(`select "${opt.text}" cut at ${sel.clientWidth}px`);
    }
    const style = getComputedStyle(panel);
    const steps = [...document.querySelectorAll<HTMLElement>('nav.steps button')].map((b) => b.getBoundingClientRect());
    const tools = [...document.querySelectorAll<HTMLElement>('header button')].map((b) => b.getBoundingClientRect());
    return {
      pageW: doc.scrollWidth,
      pageH: doc.scrollHeight,
      panelOverflowX: panel.scrollWidth - panel.clientWidth,
      overflowY: style.overflowY,
      outside,
      stepsInside: steps.every((b) => b.bottom <= window.innerHeight && b.height >= 30),
      toolsInside: tools.every((b) => b.right <= window.innerWidth && b.top >= 0),
    };
  });
  expect(r.pageW, `${step}: page width`).toBeLessThanOrEqual(1366);
  expect(r.pageH, `${step}: page height`).toBeLessThanOrEqual(768);
  expect(r.panelOverflowX, `${step}: horizontal overflow of the panel`).toBeLessThanOrEqual(0);
  expect(r.overflowY, `${step}: the panel scrolls`).toBe('auto');
  expect(r.outside, `${step}: controls outside the panel`).toEqual([]);
  expect(r.stepsInside, `${step}: step rail`).toBe(true);
  expect(r.toolsInside, `${step}: toolbar`).toBe(true);
}

test.describe.configure({ mode: 'serial' });

test('the census workflow on the demo county, end to end', async ({ page }, info) => {
  test.setTimeout(600_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(url());
  // A fresh copy of the demo county, whatever the earlier tests left open (wait for the new
  // project itself: the old one's tree looks the same, and an upload into it would be lost).
  await openFreshDemo(page);
  await expect(page.getByTestId('layer-tree')).toContainText('乡镇');
  await expect(page.locator('[data-testid^="layer-"][data-testid$="-grade"]')).toHaveCount(0);

  await test.step('Data: import a shapefile without .prj by upload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskatlas-e2e-'));
    // A newcomer's copy: the .shx left behind as well.
    const files = ['shp', 'dbf', 'cpg'].map((ext) => {
      const to = join(dir, `shelters_2024.${ext}`);
      copyFileSync(join(SAMPLE, `shelters.${ext}`), to);
      return to;
    });
    await page.getByTestId('import-input').setInputFiles(files);
    // No .prj: the app asks for the CRS. The technician guesses wrong (lon/lat for metres); QC will catch it.
    await expect(page.getByTestId('import-crs')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('import-epsg').fill('4490');
    await page.getByTestId('import-with-crs').click();
    const result = page.locator('[data-testid^="import-result-"]').first();
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('group-capacity')).toContainText(await result.locator('strong').innerText());
    // Why it was recognised and what the reader did, in Chinese (the engine writes them in English).
    await expect(result).toContainText('自动识别依据：文件名');
    await expect(result.locator('.warning')).toContainText('缺少 .shx 文件');
    await expectNoEnglish(page, '[data-testid^="import-result-"]', 'import result');
    // The attribute table (pages from the engine): the townships, filtered and sorted.
    await page.getByTestId('layer-townships').getByRole('button').click();
    await page.getByTestId('tab-table').click();
    const count = page.getByTestId('attr-count');
    await expect(count).toContainText('共 6 条');
    await page.getByTestId('attr-filter').fill('城关');
    await expect(count).toContainText('共 1 条');
    await expect(page.getByTestId('attribute-table').locator('tbody tr')).toHaveCount(1);
    await page.getByTestId('attr-filter').fill('');
    await page.getByTestId('attr-sort-XZQDM').click();
    await expect(count).toContainText('共 6 条');
    await shot(page, info, 'panel-data', true);
  });

  await test.step('QC: the wrong CRS is found and fixed in the app', async () => {
    await openStep(page, 'qc');
    await page.getByTestId('qc-run').click();
    const finding = page.getByTestId('qc-row-CRS-02').first();
    await expect(finding).toBeVisible({ timeout: 60_000 });
    await finding.click();
    await expect(page.getByTestId('qc-fix')).toBeVisible();
    await page.getByTestId('qc-epsg').fill('4546');
    await page.getByTestId('qc-apply-crs').click();
    await expect(page.getByTestId('qc-row-CRS-02')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByTestId('qc-summary')).toBeVisible();
    // A finding about a building shows the buildings layer and highlights that building.
    await page.getByTestId('qc-row-DUP-01').first().click();
    await expect(page.getByTestId('map')).toHaveAttribute('data-highlight', /^buildings#\d+$/);
    await expectNoEnglish(page, '[data-testid="qc-table"]', 'QC findings');
    await shot(page, info, 'panel-qc', true);
  });

  await test.step('Indicators: histogram of an indicator', async () => {
    await openStep(page, 'indicators');
    await page.getByTestId('ind-h_flood').click();
    await expect(page.getByTestId('ind-hist-info')).toBeVisible({ timeout: 30_000 });
    await shot(page, info, 'panel-indicators', true);
  });

  await test.step('Weights: an AHP edit updates CR live, warns at CR ≥ 0.10, and undoes', async () => {
    await openStep(page, 'weights');
    await page.getByTestId('comp-H').click();
    const stats = page.getByTestId('ahp-stats');
    await expect(stats).toBeVisible();
    const before = Number(await stats.getAttribute('data-cr'));
    expect(before).toBeLessThan(0.1);
    // Say PGA (row 3) is far more important than landslides (row 1), against the other judgements.
    await page.getByTestId('ahp-0-2').selectOption({ label: '1/9' });
    await expect.poll(async () => Number(await stats.getAttribute('data-cr'))).toBeGreaterThan(0.1);
    await expect(page.getByTestId('ahp-warning')).toBeVisible();
    await shot(page, info, 'panel-weights', true);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Number(await stats.getAttribute('data-cr'))).toBeCloseTo(before, 6);
    await expect(page.getByTestId('ahp-warning')).toHaveCount(0);
  });

  await test.step('Risk: compute with progress', async () => {
    await openStep(page, 'risk');
    await expect(page.getByTestId('risk-preview')).toBeVisible({ timeout: 30_000 });
    await runAndWait(page, 'compute');
    await expect(page.getByTestId('legend')).toBeVisible();
    await expect(page.getByTestId('run-weights')).toBeVisible();
    // The weights used are named by the indicators' names, not their ids alone (h_landslide).
    for (const th of await page.getByTestId('run-weights').locator('tbody th').allInnerTexts()) expect(th).toMatch(/[\u4e00-\u9fff]/);
    await shot(page, info, 'panel-risk', true);
  });

  await test.step('Classes: drag a break, apply, and the grades follow', async () => {
    await openStep(page, 'classes');
    const handle = page.getByTestId('break-2');
    await expect(handle).toBeVisible({ timeout: 30_000 });
    const before = Number(await handle.getAttribute('data-value'));
    const box = (await handle.locator('rect').last().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 8, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    const after = Number(await handle.getAttribute('data-value'));
    expect(after).toBeGreaterThan(before);
    await shot(page, info, 'panel-classes', true);
    await runAndWait(page, 'classes-apply');
    // The new run's classes use the dragged break: grade 4 (较低) ends at it (grades run from 高 down).
    await expect.poll(async () => page.getByTestId('class-table').innerText(), { timeout: 30_000 }).toContain(after.toFixed(4));
  });

  await test.step('Zoning: edit the matrix and run the zoning', async () => {
    await openStep(page, 'zoning');
    const enable = page.getByTestId('zoning-enable');
    if (await enable.isVisible()) await enable.click();
    const cell = page.getByTestId('zm-2-0');
    const v = await cell.innerText();
    await cell.click();
    await expect(cell).not.toHaveText(v);
    await runAndWait(page, 'zoning-run');
    await expect(page.getByTestId('zoning-done')).toBeVisible();
    // After zoning the map shows the zoning, and the legend explains it (not the risk grades).
    await expect(page.getByTestId('legend')).toHaveAttribute('data-layer', /-zoning$/);
    await expect(page.getByTestId('legend')).toContainText('重点防治区');
    await shot(page, info, 'panel-zoning', true);
  });

  await test.step('Maps: change the title, export the PDF, and find the title in it', async () => {
    await openStep(page, 'maps');
    const title = page.getByTestId('sheet-text-title');
    await expect(title).toBeVisible({ timeout: 30_000 });
    const newTitle = '黄河示范县综合风险图（审定稿）';
    await title.fill(newTitle);
    await expect(page.getByTestId('sheet-preview')).toBeVisible({ timeout: 30_000 });
    // Drag the legend on the preview; the layout follows.
    const legend = page.getByTestId('sheet-box-legend');
    const lb = (await legend.boundingBox())!;
    await page.mouse.move(lb.x + 10, lb.y + 10);
    await page.mouse.down();
    await page.mouse.move(lb.x - 30, lb.y + 10, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await legend.boundingBox())!.x).toBeLessThan(lb.x - 10);
    await page.waitForTimeout(1500);
    await shot(page, info, 'panel-maps', true);
    await page.getByTestId('sheet-export-pdf').click();
    const written = page.getByTestId('sheet-written').locator('li').first();
    await expect(written).toContainText('PDF', { timeout: 120_000 });
    const pdf = localPath(await written.locator('.path').innerText());
    expect(existsSync(pdf)).toBe(true);
    if (hasPdftotext()) {
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, '')).toContain(newTitle);
    } else info.annotations.push({ type: 'skip', description: 'pdftotext not installed: PDF text not read back' });
  });

  await test.step('Export: outputs and sheets', async () => {
    await openStep(page, 'export');
    await expect(page.getByTestId('export-files')).toContainText('risk_grade.tif');
    // The package with the 综合风险图 only, at 150 dpi, to keep the test short.
    await page.getByTestId('pkg-map-zoning').uncheck();
    await page.getByTestId('pkg-dpi').selectOption('150');
    await page.getByTestId('export-package').click();
    const files = page.getByTestId('package-files');
    await expect(files).toBeVisible({ timeout: 240_000 });
    for (const f of ['provenance.json', 'risk_grade.tif', 'statistics.xlsx', 'zoning.gpkg', '.pdf']) await expect(files).toContainText(f);
    await shot(page, info, 'panel-export', true);
  });

  await test.step('Review: open the project for review and pin a comment', async () => {
    await openStep(page, 'review');
    await expect(page.getByTestId('review')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('review-open-project').click();
    await expect(page.getByTestId('read-only')).toBeVisible();
    await expect(page.getByTestId('review-open-project')).toHaveCount(0);
    await page.getByTestId('review-reviewer').fill('省应急厅 审核员');
    await page.getByTestId('review-pin').click();
    const map = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(map.x + map.width * 0.55, map.y + map.height * 0.5);
    await page.getByTestId('review-text').fill('城关镇高风险区边界请核实');
    await page.getByTestId('review-add').click();
    await expect(page.getByTestId('review-comments')).toContainText('城关镇高风险区边界请核实');
    // The exported sheet is shown in the app, drawn by pdf.js (no plug-in, within the page's CSP).
    await page.getByTestId('review-item-maps/黄河示范县自然灾害综合风险图.pdf').click();
    await expect(page.getByTestId('pdf-view')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    const inked = await page.getByTestId('pdf-view').locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 16) if (d[i]! < 128) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(100);
    // A table is shown as rows, the zoning raster on the map.
    await page.getByTestId('review-item-stats_by_grade.csv').click();
    await expect(page.getByTestId('review-table')).toContainText('较高');
    await page.getByTestId('review-item-zoning.tif').click();
    await expect(page.getByTestId('map')).toHaveAttribute('data-review-layer', 'zoning.tif');
    // Approving with the comment unresolved asks for the reason, which goes into the record.
    await expect(page.getByTestId('review-unresolved')).toBeVisible();
    await expect(page.getByTestId('review-approve')).toBeDisabled();
    await page.getByTestId('review-reasons').fill('边界问题不影响本次成果使用，下次更新时核实');
    await page.getByTestId('review-approve').click();
    await expect(page.getByTestId('review-status')).toContainText('通过');
    await expect(page.locator('.review-decisions')).toContainText('边界问题不影响本次成果使用');
    // Under review the model cannot be changed, and the title bar says so; leaving review lifts it.
    await shot(page, info, 'panel-review', true);
    await page.getByTestId('review-leave').click();
    await expect(page.getByTestId('read-only')).toHaveCount(0);
  });

  expect(pageErrors).toEqual([]);
});

test('no panel is clipped at 1366×768, in Chinese and in English, and none shows a raw key', async ({ page }) => {
  await page.goto(url());
  const open = page.getByTestId('open-demo');
  if (await open.isVisible()) await open.click();
  await expect(page.getByTestId('layer-tree')).toBeVisible();
  for (const lang of ['zh', 'en'] as const) {
    for (const step of STEPS) {
      await openStep(page, step);
      await page.waitForTimeout(300);
      await expectNotClipped(page, `${lang}/${step}`);
      await expectNoRawKeys(page, `${lang}/${step}`);
    }
    if (lang === 'zh') await page.getByTestId('tb-lang').click();
  }
  await page.getByTestId('tb-lang').click();
  await expect(page.getByTestId('step-data')).toContainText('数据');
});

test('status bar: coordinates in the project CRS and lon/lat, and the scale', async ({ page }) => {
  await page.goto(url());
  const open = page.getByTestId('open-demo');
  if (await open.isVisible()) await open.click();
  const map = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(map.x + map.width / 2, map.y + map.height / 2);
  await expect(page.getByTestId('status-xy')).toContainText('EPSG:4546');
  // The demo county lies near 111°E, 36.4°N.
  const lonlat = await page.getByTestId('status-lonlat').innerText();
  const [lon, lat] = lonlat.match(/[\d.]+/g)!.map(Number);
  expect(lon).toBeGreaterThan(110);
  expect(lon).toBeLessThan(112);
  expect(lat).toBeGreaterThan(35.5);
  expect(lat).toBeLessThan(37.5);
  await expect(page.getByTestId('status-scale')).toContainText(/1:\d{1,3}(,\d{3})+/);
  // Shortcut help.
  await page.keyboard.press('F1');
  await expect(page.getByTestId('help')).toContainText('Ctrl+Z');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);
});

test('map tools: identify shows the values of the layers under the cursor, measure gives a distance', async ({ page }) => {
  await page.goto(url());
  const open = page.getByTestId('open-demo');
  if (await open.isVisible()) await open.click();
  await expect(page.getByTestId('layer-tree')).toBeVisible();
  await page.waitForTimeout(1500);
  const map = (await page.getByTestId('map').boundingBox())!;
  await page.getByTestId('tool-identify').click();
  await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
  // The centre of the fitted view is inside the county: a township polygon and the hazard rasters answer.
  await expect(page.getByTestId('identify-townships')).toContainText(/XZQMC\s*\S+(乡|镇)/, { timeout: 10_000 });
  await expect(page.getByTestId('identify-landslide')).toContainText(/\d/);
  await page.getByTestId('tool-distance').click();
  await page.mouse.click(map.x + 200, map.y + 300);
  await page.mouse.dblclick(map.x + 500, map.y + 300);
  const measured = await page.getByTestId('measure-value').innerText();
  const m = /([\d.]+) (m|km)/.exec(measured)!;
  const metres = Number(m[1]) * (m[2] === 'km' ? 1000 : 1);
  // 300 CSS pixels at the status bar's scale 1:N (96 dpi, 3 significant figures): N·0.0254/96 m per pixel.
  const n = Number((await page.getByTestId('status-scale').innerText()).replace(/.*1:/, '').replace(/,/g, ''));
  expect(metres / (300 * n * (0.0254 / 96))).toBeCloseTo(1, 1);
});

test('offline basemap: an MBTiles file in the project folder is drawn under the layers, tiles through the API', async ({ page }) => {
  const { loadSqlJs } = await import('../../src-main/engine/io/sqlite');
  const { encodePng } = await import('../../src-main/engine/export/png');
  await page.goto(url());
  const projectInfo = (): Promise<{ value: { path: string; dataDir: string } | null }> =>
    page.evaluate(async () => (await (await fetch('/api/project.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { value: { path: string; dataDir: string } | null });
  const before = (await projectInfo()).value?.path ?? '';
  await page.getByTestId('tb-open').click();
  // Opening the demo makes a fresh project (a new folder): wait for it before writing into its folder.
  await expect.poll(async () => (await projectInfo()).value?.path ?? '', { timeout: 30_000 }).not.toBe(before);
  await expect(page.getByTestId('layer-tree')).toBeVisible();
  const info = (await projectInfo()) as { value: { dataDir: string } };
  // Web Mercator tiles over the county (≈110.6–111.0°E, 36.2–36.6°N) at zoom 9–11, one solid colour.
  const rgba = new Uint8Array(256 * 256 * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([40, 160, 220, 255], i);
  const png = encodePng(256, 256, rgba);
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)');
  for (const [k, v] of Object.entries({ name: '示范县离线底图', format: 'png', bounds: '110.3,36.0,111.3,36.8' })) db.run('INSERT INTO metadata VALUES (?, ?)', [k, v]);
  const tileX = (lon: number, z: number): number => Math.floor(((lon + 180) / 360) * 2 ** z);
  const tileY = (lat: number, z: number): number => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
  for (let z = 9; z <= 11; z++)
    for (let x = tileX(110.3, z); x <= tileX(111.3, z); x++)
      for (let y = tileY(36.8, z); y <= tileY(36.0, z); y++) db.run('INSERT INTO tiles VALUES (?, ?, ?, ?)', [z, x, 2 ** z - 1 - y, png]);
  const path = join(localPath(info.value.dataDir), 'basemap.mbtiles');
  (await import('node:fs')).writeFileSync(path, db.export());
  db.close();

  const tiles: boolean[] = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('/api/basemap.tile')) tiles.push(((await r.json()) as { value?: { dataUrl: string | null } }).value?.dataUrl?.startsWith('data:image/png') ?? false);
  });
  await page.getByTestId('basemap-path').fill(path);
  await page.getByTestId('basemap-open').click();
  await expect(page.getByTestId('basemap-info')).toContainText('示范县离线底图');
  await expect.poll(() => tiles.filter(Boolean).length, { timeout: 20_000 }).toBeGreaterThan(0);
  // The basemap's blue shows in the map canvas outside the county polygon's fill.
  await page.waitForTimeout(1000);
  const blue = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="map"] canvas')].some((c) => {
      const ctx = c.getContext('2d');
      if (!ctx) return false;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 64) if (Math.abs(d[i]! - 40) < 12 && Math.abs(d[i + 1]! - 160) < 12 && Math.abs(d[i + 2]! - 220) < 12) return true;
      return false;
    }),
  );
  expect(blue).toBe(true);
});
