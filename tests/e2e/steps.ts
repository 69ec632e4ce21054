/**
 * What the end-to-end specs share: the server's URL, opening a fresh demo county, switching
 * workflow steps, and running a model and waiting for that run.
 */
import { expect, type Page } from '@playwright/test';

export const STEPS = ['data', 'qc', 'indicators', 'weights', 'risk', 'classes', 'zoning', 'maps', 'export', 'review'] as const;

export const url = (): string => {
  const u = process.env.RISKATLAS_URL;
  if (!u) throw new Error('RISKATLAS_URL is not set (tests/e2e/serve.setup.ts starts the server)');
  return u;
};

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
