/**
 * What the end-to-end specs share: the server's URL, opening the demo and a step, a run to its
 * end, and the checks that no raw i18n key and no English sentence reach a Chinese screen.
 */
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { zh } from '../../src-renderer/src/i18n/zh';

export const STEPS = ['data', 'qc', 'indicators', 'weights', 'risk', 'classes', 'zoning', 'maps', 'export', 'review'] as const;

export const url = (): string => {
  const u = process.env.RISKATLAS_URL;
  if (!u) throw new Error('RISKATLAS_URL is not set (tests/e2e/serve.setup.ts starts the server)');
  return u;
};

/**
 * The file on this machine that a path the server showed names: the server tells a browser
 * paths relative to the project's folder — the workspace, for the demo's projects.
 */
export function localPath(shown: string): string {
  const ws = process.env.RISKATLAS_E2E_WORKSPACE;
  if (!ws) throw new Error('RISKATLAS_E2E_WORKSPACE is not set (tests/e2e/serve.setup.ts makes it)');
  return isAbsolute(shown) ? shown : resolve(ws, shown);
}

export function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Open a fresh copy of the demo county and wait until the engine has answered with it. */
export async function openFreshDemo(page: Page): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/project.openDemo') && r.ok()), page.getByTestId('tb-open').click()]);
}

export async function openStep(page: Page, step: (typeof STEPS)[number]): Promise<void> {
  await page.getByTestId(`step-${step}`).click();
  await expect(page.getByTestId(`panel-${step}`)).toBeVisible();
}

/** Click `button`, which starts a model run, and wait until that run (not an earlier one) is done. */
export async function runAndWait(page: Page, button: string): Promise<void> {
  const progress = page.getByTestId('progress');
  const before = (await progress.count()) ? await progress.getAttribute('data-job') : null;
  await page.getByTestId(button).click();
  await expect(progress).not.toHaveAttribute('data-job', before ?? '', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
}

/** Call the API from the page (the session cookie comes along). */
export async function api<T>(page: Page, method: string, args: unknown = {}): Promise<T> {
  const r = await page.evaluate(
    async ([m, a]) => (await (await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) })).json()) as { ok: boolean; value: unknown },
    [method, args] as const,
  );
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r)}`);
  return r.value as T;
}

/** Beginnings of the i18n keys (risk.op., maps.el. …): a token of the page starting so is a raw key. */
const KEY_PREFIXES = new Set(Object.keys(zh).map((k) => k.slice(0, k.lastIndexOf('.') + 1)));
const FILE = /\.(json|tif|tiff|csv|pdf|png|jpg|xlsx|gpkg|shp|shx|dbf|prj|cpg|txt|riskatlas|geojson|zip|mbtiles)$/i;

/** No i18n key shows as text (nor as a select's option) anywhere on the page. */
export async function expectNoRawKeys(page: Page, where: string): Promise<void> {
  // Text node by text node (options of a select included): neighbours run together in textContent.
  const nodes = await page.evaluate(() => {
    const out: string[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) out.push(n.textContent ?? '');
    return out;
  });
  const raw = nodes.flatMap((text) => [...text.matchAll(/(?<![\w.])[a-zA-Z]+(?:\.[a-zA-Z0-9]+)+/g)].map((m) => m[0])).filter((tok) => !FILE.test(tok) && KEY_PREFIXES.has(tok.slice(0, tok.lastIndexOf('.') + 1)));
  expect(raw, `${where}: raw i18n keys on the page`).toEqual([]);
}

/**
 * No English sentence (three or more English words in a row) in the element `selector` of a
 * Chinese screen; a proper name in brackets, such as a font's (Noto Sans SC), may follow its Chinese one.
 */
export async function expectNoEnglish(page: Page, selector: string, where: string): Promise<void> {
  const text = (await page.locator(selector).first().evaluate((el) => el.textContent ?? '')).replace(/[（(][^）)]*[）)]/g, '');
  const english = [...text.matchAll(/[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}/g)].map((m) => m[0]);
  expect(english, `${where}: English in the Chinese interface`).toEqual([]);
}
