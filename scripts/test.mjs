#!/usr/bin/env node
// `npm test`: type-check (every tsconfig), check the dependency rules between the layers
// (dependency-cruiser), then unit + integration tests (vitest), then build the app and
// run the end-to-end tests (Playwright + Chromium through `riskatlas serve`), and report
// the counts of both in one closing line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const run = (label, args, env = {}) => {
  console.log(`\n=== ${label} ===`);
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
};

let failed = false;
failed ||= run('type check', [join(root, 'scripts', 'typecheck.mjs')]) !== 0;
// Run even when the type check failed (`failed ||= run(…)` would skip it), like the steps below.
const rulesStatus = run('dependency rules (dependency-cruiser)', [bin('dependency-cruiser', 'bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.mjs', 'src-main', 'src-renderer', 'src-shared']);
failed ||= rulesStatus !== 0;

const vitestJson = join(artifacts, 'vitest.json');
const vitestStatus = run('unit and integration tests (vitest)', [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
let unit = { passed: 0, failed: 0, skipped: 0 };
try {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  unit = { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
} catch {
  unit.failed = 1;
}
failed ||= vitestStatus !== 0;

const buildStatus = run('build (electron-vite)', [bin('electron-vite', 'bin/electron-vite.js'), 'build']);
const pwJson = join(artifacts, 'playwright.json');
let e2e = { passed: 0, failed: 0, skipped: 0 };
if (buildStatus === 0) {
  const pwStatus = run('end-to-end tests (Playwright + Chromium)', [bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  try {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    e2e = { passed: s.expected, failed: s.unexpected + s.flaky, skipped: s.skipped };
  } catch {
    e2e.failed = 1;
  }
  failed ||= pwStatus !== 0;
} else {
  failed = true;
  e2e.failed = 1;
}

console.log(`\nvitest: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`);
console.log(`playwright: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`);
console.log(`${unit.passed + e2e.passed} passed, ${unit.failed + e2e.failed} failed, ${unit.skipped + e2e.skipped} skipped`);
process.exit(failed ? 1 : 0);
