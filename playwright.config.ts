import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the real renderer in Debian's Chromium, talking to the real engine
 * through `riskatlas serve` (Playwright's Electron driver cannot run without the Electron
 * binary). tests/e2e/serve.setup.ts starts the server and hands the URL over in
 * RISKATLAS_URL.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-artifacts/e2e',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  globalSetup: './tests/e2e/serve.setup.ts',
  use: {
    viewport: { width: 1366, height: 768 },
    screenshot: 'on',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
