#!/usr/bin/env node
// `npm run typecheck` (and the first step of `npm test`): type-check every tsconfig. Each layer
// is checked in its own environment — src-shared with neither DOM nor Node types, the renderer
// with DOM and no Node, src-main with Node and no DOM — and the root config checks the tests,
// scripts and build configs together with everything they import.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = false;
for (const project of ['src-shared', 'src-renderer', 'src-main', '.']) {
  console.log(`tsc -p ${project}`);
  const status = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: 'inherit' }).status;
  failed ||= status !== 0;
}
process.exit(failed ? 1 : 0);
