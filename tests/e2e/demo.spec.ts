/**
 * The renderer in Chromium against the real engine through `riskatlas serve`: open the
 * demo county, see the census layer groups, compute, and get the grade layer with its
 * Chinese legend on the map. Screenshots are attached as artifacts.
 */
import { expect, test } from '@playwright/test';
import { openFreshDemo } from './helpers';

const url = (): string => {
  const u = process.env.RISKATLAS_URL;
  if (!u) throw new Error('RISKATLAS_URL is not set (tests/e2e/serve.setup.ts starts the server)');
  return u;
};

test('opens the demo county, computes the comprehensive risk and shows the grade legend', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });

  await page.goto(url());
  // The token leaves the address bar once the cookie is set.
  await expect.poll(() => page.url()).not.toContain('token=');
  // The toolbar's 打开示范县 (the start page's button shows only while no project is open, and
  // the specs before this one share the server).
  await openFreshDemo(page);

  const tree = page.getByTestId('layer-tree');
  for (const group of ['致灾因子', '承灾体', '减灾能力', '隐患', '行政区划']) await expect(tree.getByRole('heading', { name: group, exact: true })).toBeVisible();
  await expect(page.getByTestId('layer-townships')).toContainText('乡镇');

  await page.getByTestId('tb-compute').click();
  await expect(page.getByTestId('progress')).toBeVisible();
  const legend = page.getByTestId('legend');
  await expect(legend).toBeVisible({ timeout: 60_000 });
  for (const name of ['高', '较高', '中', '较低', '低']) await expect(legend.getByRole('cell', { name, exact: true })).toBeVisible();
  await expect(page.getByTestId('group-result')).toContainText('综合风险等级');
  await expect(page.getByTestId('progress')).toHaveAttribute('data-state', 'done');

  // Let the WebGL grade layer draw its tiles, then keep the picture.
  await page.waitForTimeout(1500);
  const shot = testInfo.outputPath('demo-grade.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('demo-grade', { path: shot, contentType: 'image/png' });

  // The map canvas holds the grade colours (not a blank map): look for the 高 red in the pixels.
  const hasRed = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="map"] canvas')];
    return canvases.some((c) => {
      const gl = c.getContext('webgl2', { preserveDrawingBuffer: true }) ?? c.getContext('webgl');
      void gl;
      const probe = document.createElement('canvas');
      probe.width = c.width;
      probe.height = c.height;
      const ctx = probe.getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 16) if (d[i]! > 200 && d[i + 1]! < 40 && d[i + 2]! < 40 && d[i + 3]! > 0) return true;
      return false;
    });
  });
  expect(hasRed).toBe(true);
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
});

test('switches the interface to English and back', async ({ page }) => {
  await page.goto(url());
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'RiskAtlas natural-hazard risk assessment' })).toBeVisible();
  await page.getByRole('button', { name: '中文', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'RiskAtlas 自然灾害综合风险评估' })).toBeVisible();
});

test('a page without the token is refused', async ({ request }) => {
  const bare = new URL(url());
  bare.search = '';
  const r = await request.get(bare.href, { headers: { cookie: '' } });
  expect(r.status()).toBe(401);
});
