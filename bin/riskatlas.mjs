#!/usr/bin/env node
// The riskatlas command. In a clone (the TypeScript sources are beside it) it runs them through
// tsx, a devDependency, so an edit takes effect without a build; an installed package has no
// sources and runs the bundle built into out/main by `npm run build` (done by `npm pack`).
import { existsSync } from 'node:fs';

const sources = new URL('../src-main/cli/index.ts', import.meta.url);
if (existsSync(sources)) {
  const { tsImport } = await import('tsx/esm/api');
  const { main } = await tsImport(sources.href, import.meta.url);
  process.exitCode = await main(process.argv.slice(2));
} else {
  await import('../out/main/cli.js');
}
