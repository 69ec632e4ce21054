/**
 * The about box as a technician opens it from the toolbar: this build's version and commit,
 * the folder of the log files to send with a bug report (and the log really is there; written
 * as serve tells a browser, without the machine's absolute path), and
 * the licences of the bundled fonts and libraries.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

test('the about box shows the version, the commit, the log folder and the licences of the fonts and libraries', async ({ page }, testInfo) => {
  const url = process.env.RISKATLAS_URL;
  const logDir = process.env.RISKATLAS_LOG_DIR;
  if (!url || !logDir) throw new Error('RISKATLAS_URL / RISKATLAS_LOG_DIR are not set (tests/e2e/serve.setup.ts starts the server)');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

  await page.goto(url);
  await page.getByTestId('tb-about').click();
  const about = page.getByTestId('about');
  await expect(about.getByTestId('about-version')).toHaveText(version);
  await expect(about.getByTestId('about-commit')).toHaveText(/^([0-9a-f]{7,40}(-dirty)?|unknown)$/);
  // A browser client of serve is told no absolute path of the machine (api/remotePaths.ts):
  // the log folder, inside the app's folder here, reads as <app>/….
  await expect(about.getByTestId('about-logs')).toHaveText(`<app>/${relative(root, logDir).split(sep).join('/')}`);
  expect(readFileSync(join(logDir, 'riskatlas.log'), 'utf8')).toContain('riskatlas serve started');

  const licences = about.getByTestId('about-licences');
  const font = licences.getByRole('row').filter({ hasText: 'Noto Sans SC Regular' });
  await expect(font).toContainText('SIL Open Font License, Version 1.1');
  for (const [name, licence] of [['geotiff', 'MIT'], ['proj4', 'MIT'], ['sql.js', 'MIT'], ['pdfkit', 'MIT']]) {
    await expect(licences.getByRole('row').filter({ has: page.getByRole('cell', { name: name!, exact: true }) })).toContainText(licence!);
  }
  await page.screenshot({ path: testInfo.outputPath('about.png') });
  await page.getByTestId('about-close').click();
  await expect(about).toHaveCount(0);
});
