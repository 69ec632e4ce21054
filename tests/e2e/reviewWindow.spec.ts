/**
 * The desktop app's review window, as its renderer shows it: the page is given the bridge a
 * review window's preload gives (role `review`, `invoke` of the reviewer's methods only, no
 * hand-over, no review windows), carried to `riskatlas serve --review` of a project (the real
 * engine, with the reviewer's methods only). The window shows the review step alone — no
 * toolbar, step rail, wizard or start page — looks at the project on the map, records a
 * comment, and offers to close the window rather than to leave review mode; a delivered
 * package (no project) gets its map in the CRS its provenance names and its raster on it. (Playwright cannot
 * drive Electron here: the main process's gate is tested on the built bundle,
 * tests/unit/main/builtBundle.test.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspect } from '../../src-main/engine/io/inspect';
import { api, expectNoRawKeys, localPath, openFreshDemo, url } from './helpers';
import { REVIEW_METHODS } from '../../src-main/api/windowRoles';

const root = join(import.meta.dirname, '..', '..');

/** `riskatlas serve --review <project>` on a free port; its URL (with the token). */
function serveReview(project: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'riskatlas.mjs'), 'serve', '--port', '0', '--review', project, '--log', join(root, 'test-artifacts', 'e2e-logs')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`riskatlas serve --review exited with ${code}`)));
  });
}

/** The review window's bridge, as the preload exposes it: the reviewer's methods go to the engine, the rest is refused on the page; `sentMethods` records what was sent. */
async function giveReviewBridge(review: Page): Promise<void> {
  await review.addInitScript((methods: string[]) => {
    const allowed = new Set(methods);
    const sent: string[] = [];
    (window as unknown as { sentMethods: string[] }).sentMethods = sent;
    (window as unknown as { riskatlas: unknown }).riskatlas = {
      role: 'review',
      dataBase: `${window.location.origin}/data/`,
      invoke: async (method: string, args: unknown) => {
        if (!allowed.has(method)) return { ok: false, error: { code: 'E_NOT_ALLOWED', message: `${method} is not for the review window`, params: { method } } };
        sent.push(method);
        const res = await fetch(`/api/${method}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
        return res.json();
      },
    };
  }, [...REVIEW_METHODS]);
}

/** Only the reviewer's methods left the page, and at least one did. */
async function expectOnlyReviewerCalls(review: Page): Promise<void> {
  const sent = await review.evaluate(() => (window as unknown as { sentMethods: string[] }).sentMethods);
  expect(sent.length).toBeGreaterThan(0);
  for (const m of sent) expect(REVIEW_METHODS.has(m as never), m).toBe(true);
}

test('the review window shows the review step only, on the map, and records a comment', async ({ page, browser }) => {
  // A saved project of the demo county, edited in the main server's session.
  await page.goto(url());
  await openFreshDemo(page);
  const info = await api<{ path: string }>(page, 'project.save');
  const project = localPath(info.path);

  const { child, url: reviewUrl } = await serveReview(project);
  const context = await browser.newContext();
  try {
    const review = await context.newPage();
    await giveReviewBridge(review);
    await review.goto(reviewUrl);
    await expect(review.getByTestId('review-window')).toBeVisible();
    await expect(review.getByTestId('review')).toBeVisible({ timeout: 30_000 });
    await expect(review.getByTestId('read-only')).toBeVisible();
    // Nothing of the editor: no toolbar, no step rail, no other step, no way to open or leave.
    for (const id of ['tb-open', 'tb-compute', 'tb-save', 'step-data', 'panel-data', 'review-open-project']) await expect(review.getByTestId(id), id).toHaveCount(0);
    await expect(review.getByTestId('map')).toBeVisible();
    await expect(review.getByTestId('review-leave')).toHaveText('结束审核并关闭窗口');

    await review.getByTestId('review-reviewer').fill('省应急厅 审核员');
    await review.getByTestId('review-pin').click();
    const map = (await review.getByTestId('map').boundingBox())!;
    await review.mouse.click(map.x + map.width * 0.5, map.y + map.height * 0.5);
    await review.getByTestId('review-text').fill('图例缺失');
    await review.getByTestId('review-add').click();
    await expect(review.getByTestId('review-comments')).toContainText('图例缺失');
    await expectNoRawKeys(review, 'review window');
    // No call of the window was refused or failed.
    await expect(review.getByTestId('error')).toHaveCount(0);
    await expectOnlyReviewerCalls(review);
  } finally {
    await context.close();
    child.kill('SIGTERM');
  }
});

/** A package as another tool might deliver it, in a folder of its own name: a GeoTIFF and the provenance naming the grid the maps cover. */
async function deliveredPackage(): Promise<string> {
  const pkg = join(mkdtempSync(join(tmpdir(), 'ra-e2e-package-')), '丘陵县成果包');
  mkdirSync(pkg);
  const tif = join(root, 'resources', 'sample', 'county', 'pga.tif');
  const meta = await inspect(tif);
  if (!meta.ok || meta.value.kind !== 'raster' || !meta.value.crs?.epsg) throw new Error('the demo PGA raster cannot be read');
  const r = meta.value;
  copyFileSync(tif, join(pkg, 'pga.tif'));
  const [x0, , x1, y1] = r.extent;
  writeFileSync(join(pkg, 'provenance.json'), JSON.stringify({ grid: { epsg: r.crs!.epsg, originX: x0, originY: y1, cellSize: (x1 - x0) / r.width, width: r.width, height: r.height } }));
  return pkg;
}

test('the review window of a delivered package puts the map in its CRS and loads a raster of it onto the map', async ({ browser }) => {
  const pkg = await deliveredPackage();

  const { child, url: reviewUrl } = await serveReview(pkg);
  const context = await browser.newContext();
  try {
    const review = await context.newPage();
    await giveReviewBridge(review);
    await review.goto(reviewUrl);
    await expect(review.getByTestId('review')).toBeVisible({ timeout: 30_000 });
    await expect(review.getByTestId('map')).toBeVisible();
    // A package has no project: the window stays read-only and offers nothing of an editor.
    for (const id of ['review-open-project', 'tb-open', 'step-data']) await expect(review.getByTestId(id), id).toHaveCount(0);
    // The raster comes from this window's data route: the reviewed package's file, served by the review session.
    const served = review.waitForResponse((res) => new URL(res.url()).pathname.startsWith('/data/review-') && res.ok());
    await review.getByTestId('review-item-pga.tif').click();
    await served;
    await expect(review.getByTestId('review-on-map')).toBeVisible();
    await expect(review.getByTestId('map')).toHaveAttribute('data-review-layer', /pga/);
    await expect(review.getByTestId('error')).toHaveCount(0);
    await expectOnlyReviewerCalls(review);
  } finally {
    await context.close();
    child.kill('SIGTERM');
    rmSync(dirname(pkg), { recursive: true, force: true });
  }
});

test('a reviewer’s browser of serve --review gets the review step alone — no wizard, nothing of an editor — and the package by its folder’s name', async ({ browser }) => {
  const pkg = await deliveredPackage();
  const { child, url: reviewUrl } = await serveReview(pkg);
  const context = await browser.newContext();
  try {
    // No bridge: a plain browser, as the bureau's reviewer opens the printed URL.
    const review = await context.newPage();
    await review.goto(reviewUrl);
    await expect(review.getByTestId('review-window')).toBeVisible({ timeout: 30_000 });
    await expect(review.getByTestId('review')).toBeVisible({ timeout: 30_000 });
    await expect(review.getByTestId('read-only')).toBeVisible();
    for (const id of ['tb-new', 'tb-open', 'step-data', 'panel-data', 'panel-wizard', 'wizard-name', 'review-open-project', 'review-leave']) await expect(review.getByTestId(id), id).toHaveCount(0);
    // Paths stay relative for a remote client, but the package is named, not ".".
    await expect(review.locator('header .project-name')).toHaveText('丘陵县成果包');
    const served = review.waitForResponse((res) => new URL(res.url()).pathname.startsWith('/data/review-') && res.ok());
    await review.getByTestId('review-item-pga.tif').click();
    await served;
    await expect(review.getByTestId('map')).toHaveAttribute('data-review-layer', /pga/);
    await expect(review.getByTestId('error')).toHaveCount(0);
  } finally {
    await context.close();
    child.kill('SIGTERM');
    rmSync(dirname(pkg), { recursive: true, force: true });
  }
});
