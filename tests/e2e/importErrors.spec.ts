/**
 * Bad files imported through the app: each gets its own clear message — the Chinese text for
 * its code, the file name and the code — and the app keeps working afterwards. The same files
 * and codes as the CLI test in tests/integration/cli.test.ts. (Named to run after demo.spec.ts,
 * which needs the server with no project open yet.)
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeBadInputs } from '../fixtures/io/badInputs';

const url = (): string => {
  const u = process.env.RISKATLAS_URL;
  if (!u) throw new Error('RISKATLAS_URL is not set (tests/e2e/serve.setup.ts starts the server)');
  return u;
};

/** A file and, for a shapefile, its sidecars (same stem in the same folder). */
const withSidecars = (file: string): string[] => {
  if (!file.endsWith('.shp')) return [file];
  const stem = basename(file, '.shp');
  return readdirSync(dirname(file))
    .filter((f) => f.startsWith(`${stem}.`))
    .map((f) => join(dirname(file), f));
};

test('each bad file gets its own Chinese message with its code, and the app keeps working', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'riskatlas-e2e-bad-'));
  const cases = await writeBadInputs(dir);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url());
  // A fresh copy of the demo county: wait for the engine's answer, not for a tree that looks the same.
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/project.openDemo') && r.ok()), page.getByTestId('tb-open').click()]);
  const tree = page.getByTestId('layer-tree');
  await expect(tree).toContainText('乡镇');
  await expect(page.locator('[data-testid^="layer-"][data-testid$="-grade"]')).toHaveCount(0);
  const treeBefore = await tree.innerText();

  for (const [file, code] of cases) {
    await page.getByTestId('import-input').setInputFiles(withSidecars(file));
    const bar = page.getByTestId('error');
    await expect(bar, `${basename(file)} → ${code}`).toContainText(`[${code}]`, { timeout: 30_000 });
    await expect(bar).toContainText(basename(file));
    expect(await bar.innerText()).toMatch(/[\u4e00-\u9fff]/);
    await bar.getByRole('button').click();
    await expect(bar).toHaveCount(0);
  }

  // Nothing was added, nothing crashed, and the app still computes.
  await expect(page.locator('[data-testid^="import-result-"]')).toHaveCount(0);
  expect(await tree.innerText()).toBe(treeBefore);
  expect(pageErrors).toEqual([]);
  await page.getByTestId('tb-compute').click();
  await expect(page.locator('[data-testid^="layer-"][data-testid$="-grade"]').first()).toBeVisible({ timeout: 120_000 });
});
