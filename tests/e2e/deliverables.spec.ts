/**
 * The acceptance walk of the deliverables: a sheet edited in 制图 (title, subtitle, 审图号)
 * survives leaving the step, is saved with the project, is there when the project is opened
 * again (the page reloaded, and the saved file reopened by `riskatlas export`), and the
 * package — written in the app and from the reopened file — holds the edited sheet, not its
 * default. Every screen on the way is free of raw i18n keys.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, expectNoEnglish, expectNoRawKeys, hasPdftotext, localPath, openFreshDemo, openStep, runAndWait, url } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const SHEET = '黄河示范县自然灾害综合风险图';
const EDITED = { title: '黄河示范县综合风险图（验收稿）', subtitle: '第一次全国自然灾害综合风险普查县级成果', reviewNumber: '晋S（2026）015号' };

test('an edited sheet lasts: leave the step, save, reopen, write the package, find the edited sheet in it', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto(url());
  await openFreshDemo(page);
  await openStep(page, 'risk');
  await runAndWait(page, 'compute');

  await openStep(page, 'maps');
  await expect(page.getByTestId('sheet-text-title')).toHaveValue(SHEET, { timeout: 30_000 });
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/sheet.saveLayout') && r.ok());
  for (const [k, v] of Object.entries(EDITED)) await page.getByTestId(`sheet-text-${k}`).fill(v);
  await saved;
  await expect(page.getByTestId('sheet-kind')).toContainText('已修改');
  await expectNoRawKeys(page, 'maps');
  await expectNoEnglish(page, 'aside.panel', 'maps');

  // Leave the step and come back: the edits are still there.
  await openStep(page, 'data');
  await openStep(page, 'maps');
  for (const [k, v] of Object.entries(EDITED)) await expect(page.getByTestId(`sheet-text-${k}`)).toHaveValue(v, { timeout: 30_000 });

  // Save, then open the project again: the page reloads it from the engine.
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/project.save') && r.ok()), page.getByTestId('tb-save').click()]);
  const info = await api<{ path: string; dirty: boolean }>(page, 'project.info');
  expect(info.dirty).toBe(false);
  await page.reload();
  await openStep(page, 'maps');
  for (const [k, v] of Object.entries(EDITED)) await expect(page.getByTestId(`sheet-text-${k}`)).toHaveValue(v, { timeout: 30_000 });

  // The package written in the app holds the edited sheet under the sheet's own name.
  await openStep(page, 'export');
  await page.getByTestId('pkg-map-zoning').uncheck();
  await page.getByTestId('pkg-dpi').selectOption('150');
  await page.getByTestId('export-package').click();
  const files = page.getByTestId('package-files');
  await expect(files).toContainText(`maps/${SHEET}.pdf`, { timeout: 240_000 });
  await expect(files).not.toContainText(/(?<![\d.])0 KiB/);
  await expectNoRawKeys(page, 'export');
  await expectNoEnglish(page, '[data-testid="package-files"]', 'package files');
  const dir = localPath(await page.getByTestId('package-dir').innerText());
  const layout = JSON.parse(readFileSync(join(dir, 'maps', 'layouts', `${SHEET}.json`), 'utf8')) as { texts: typeof EDITED };
  expect(layout.texts).toMatchObject(EDITED);

  // The saved project file, reopened by the command line, gives the same edited sheet.
  const out = mkdtempSync(join(tmpdir(), 'ra-accept-'));
  execFileSync(process.execPath, [join(ROOT, 'bin', 'riskatlas.mjs'), 'export', localPath(info.path), '--out', out, '--maps', 'riskGrade', '--dpi', '40'], { stdio: 'ignore', timeout: 300_000 });
  expect(existsSync(join(out, 'maps', `${SHEET}.pdf`))).toBe(true);
  if (hasPdftotext()) {
    for (const pdf of [join(dir, 'maps', `${SHEET}.pdf`), join(out, 'maps', `${SHEET}.pdf`)]) {
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const v of Object.values(EDITED)) expect(text, pdf).toContain(v.replace(/\s+/g, ''));
    }
  } else test.info().annotations.push({ type: 'skip', description: 'pdftotext not installed: the PDFs were not read back' });
});
