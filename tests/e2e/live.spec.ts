/**
 * The live recompute in Chromium against the real engine (`riskatlas serve`), on the demo
 * county: a weight moved redraws the full-resolution result, which is cell for cell what an
 * independent full run (`riskatlas run`) of the same weights writes; and the three workflow
 * defects of the Risk and Classes steps (issue 15): a moved slider never makes the weights
 * invalid, a run's result replaces the preview (which does not come back on its own), and the
 * cells per class while a break is dragged are those the applied breaks give. Asserts, never times.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullPreview, LivePreview, ModelDocument } from '../../src-main/api/contract';
import { openGeoTiff } from '../../src-main/engine/io/geotiff';
import { paletteIndices } from '../fixtures/paletteImage';
import { api, openFreshDemo, openStep, runAndWait, url } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every answer of `live.update` the page receives, in order. */
function liveAnswers(page: Page): LivePreview[] {
  const answers: LivePreview[] = [];
  page.on('response', (r) => {
    if (!r.url().endsWith('/api/live.update')) return;
    void r.json().then((j: { ok: boolean; value?: LivePreview }) => j.ok && answers.push(j.value!)).catch(() => undefined);
  });
  return answers;
}

/** Wait until the map has drawn the newest edit sent. */
async function drawn(page: Page): Promise<void> {
  const badge = page.getByTestId('live-overlay');
  await expect(badge).toBeVisible({ timeout: 120_000 });
  await expect.poll(async () => (await badge.getAttribute('data-drawn')) === (await badge.getAttribute('data-requested')), { timeout: 120_000 }).toBe(true);
}

test.describe.configure({ mode: 'serial' });

test('a slider move redraws the full-resolution result, cell for cell what a full run with the same weights writes', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await openFreshDemo(page);
  await openStep(page, 'risk');
  const answers = liveAnswers(page);
  await page.getByTestId('rw-H').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await drawn(page);
  await expect(page.getByTestId('live-overlay')).toHaveAttribute('data-mode', 'full');
  const live = answers.filter((a): a is FullPreview => a.mode === 'full' && Boolean(a.png)).at(-1)!;
  // Releasing the slider stored the weights the map shows.
  await expect.poll(async () => JSON.stringify((await api<{ doc: ModelDocument }>(page, 'model.get')).doc.risk?.weights), { timeout: 30_000 }).toBe(JSON.stringify(live.weights.risk));

  // An independent full run of the stored model: the command line, reading every input — the
  // demo county's own files (the project's data folder is a copy of them, and the server does
  // not say where it is).
  const { doc } = await api<{ doc: ModelDocument }>(page, 'model.get');
  const county = mkdtempSync(join(tmpdir(), 'riskatlas-e2e-county-'));
  const out = mkdtempSync(join(tmpdir(), 'riskatlas-e2e-live-'));
  cpSync(join(ROOT, 'resources', 'sample', 'county'), county, { recursive: true });
  const modelFile = join(county, 'model-e2e-live.json');
  writeFileSync(modelFile, JSON.stringify(doc));
  try {
    execFileSync(process.execPath, [join(ROOT, 'bin', 'riskatlas.mjs'), 'run', modelFile, '--out', out], { stdio: 'ignore' });
  } finally {
    rmSync(county, { recursive: true, force: true });
  }
  const picture = Buffer.from(live.png!.split(',')[1]!, 'base64');
  const { width, height, indices } = paletteIndices(picture);
  const grades = await openGeoTiff(join(out, 'risk_grade.tif'));
  const values = await grades.readWindow(0, 0, grades.meta.width, grades.meta.height, 0);
  await grades.close();
  expect([width, height]).toEqual([grades.meta.width, grades.meta.height]);
  expect([live.width, live.height]).toEqual([width, height]);
  // Cell for cell: the picture's palette index is the grade the run wrote (0 = nodata).
  let differ = 0;
  for (let i = 0; i < values.length; i++) if (indices[i] !== values[i]) differ++;
  expect(differ).toBe(0);
  expect(indices.some((g) => g === 1) && indices.some((g) => g === 5)).toBe(true);
  // The same bytes as the run's grade quick-look, and the same class table.
  expect(picture.equals(readFileSync(join(out, 'risk_grade.png')))).toBe(true);
  const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8')) as { classification: { breaks: number[]; classes: { cells: number }[] } };
  expect(live.breaks).toEqual(provenance.classification.breaks);
  expect(live.classes.map((c) => c.cells)).toEqual(provenance.classification.classes.map((c) => c.cells));
  rmSync(out, { recursive: true, force: true });
});

test('issue 15: moving one weight slider keeps the weights summing to 1 — no E_MODEL_INVALID', async ({ page }) => {
  await page.goto(url());
  await openFreshDemo(page);
  await openStep(page, 'risk');
  const sent: Record<string, number>[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/live.update') || r.url().endsWith('/api/preview.composite')) {
      const w = (r.postDataJSON() as { doc?: ModelDocument }).doc?.risk?.weights;
      if (w) sent.push(w as Record<string, number>);
    }
  });
  const slider = page.getByTestId('rw-E');
  const box = (await slider.boundingBox())!;
  // Drag E far to the right: the others make room.
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await drawn(page);
  await expect(page.getByTestId('risk-weights-sum')).toHaveText('Σ = 1.00');
  expect(sent.length).toBeGreaterThan(0);
  for (const w of sent) expect(Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
  expect(Number(await page.getByTestId('rw-E').inputValue())).toBeGreaterThan(0.6);
  await expect(page.locator('.error-bar')).toHaveCount(0);
});

test('issue 15: after 计算 the live preview gives way to the result and does not come back when the step opens again', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await openFreshDemo(page);
  await openStep(page, 'risk');
  await page.getByTestId('rw-V').focus();
  await page.keyboard.press('ArrowRight');
  await drawn(page);
  await expect(page.getByTestId('risk-preview')).toBeVisible();
  await runAndWait(page, 'compute');
  await expect(page.getByTestId('live-overlay')).toHaveCount(0);
  await expect(page.getByTestId('risk-preview')).toHaveCount(0);
  await expect(page.getByTestId('legend')).toBeVisible();
  // Opening the step again asks the engine for no preview.
  const previews: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/(live\.update|preview\.composite)$/.test(r.url())) previews.push(r.url());
  });
  await openStep(page, 'weights');
  await openStep(page, 'risk');
  await page.waitForTimeout(2000);
  expect(previews).toEqual([]);
  await expect(page.getByTestId('live-overlay')).toHaveCount(0);
});

test('issue 15: while the top class break is dragged, the cells per class are those the applied breaks give', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await openFreshDemo(page);
  await runAndWait(page, 'tb-compute');
  await openStep(page, 'classes');
  const handle = page.getByTestId('break-4');
  await expect(handle).toBeVisible({ timeout: 60_000 });
  const box = (await handle.locator('rect').last().boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 12, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await drawn(page);
  const cells = async (): Promise<number[]> => Promise.all([1, 2, 3, 4, 5].map(async (g) => Number(await page.getByTestId(`class-table-${g}`).getAttribute('data-cells'))));
  const dragging = await cells();
  const range = await page.getByTestId('class-table-1').locator('td').nth(2).innerText();
  await runAndWait(page, 'classes-apply');
  // The applied run's table: the same range for 高, and the same cells in every class — 中, 较低 and 低, untouched by the drag, included.
  await expect(page.getByTestId('class-table-1').locator('td').nth(2)).toHaveText(range, { timeout: 60_000 });
  expect(await cells()).toEqual(dragging);
  const run = (await api<{ lastRun: { classification: { classes: { cells: number }[] } } }>(page, 'project.current')).lastRun;
  expect(run.classification.classes.map((c) => c.cells)).toEqual(dragging);
});

test('issue 18: a live picture drawn over a run result hides the result rasters under it (the layer tree says so), and showing one again keeps it shown', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(url());
  await openFreshDemo(page);
  await openStep(page, 'risk');
  await runAndWait(page, 'compute');
  await openStep(page, 'data');
  const results = page.getByTestId('group-result').locator('input[type="checkbox"]');
  // The run shows its grade: one result raster on.
  await expect.poll(async () => (await results.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)), { timeout: 30_000 }).toBeGreaterThan(0);
  await openStep(page, 'risk');
  await page.getByTestId('rw-V').focus();
  await page.keyboard.press('ArrowRight');
  await drawn(page);
  await openStep(page, 'data');
  await expect.poll(async () => (await results.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)), { timeout: 30_000 }).toBe(0);
  // The technician's choice stands: a result shown again stays shown while the picture is on.
  await results.first().check();
  await page.waitForTimeout(500);
  await expect(results.first()).toBeChecked();
  await expect(page.getByTestId('live-overlay')).toHaveAttribute('data-mode', 'full');
});
