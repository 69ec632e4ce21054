#!/usr/bin/env node
// The riskatlas command. Runs the TypeScript sources through tsx, so a fresh
// `npm install` is all it needs (no build step for the CLI).
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src-main/cli/index.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
