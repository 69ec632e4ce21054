/**
 * Which folder may import which (`npm run lint:deps`; a step of `npm test`). The layers:
 * - src-shared: pure code both sides use (types, constants, small functions) — imports only
 *   itself, and the GeoJSON types;
 * - src-renderer: the browser UI — imports src-shared, npm packages, and only types from the
 *   API contract (so zod and the engine stay out of the browser bundle);
 * - src-main/engine: the Node computation — nothing of the Electron shell, the API, the CLI,
 *   the project store or the app's install paths;
 * - tests, scripts and the rest of src-main may import anything.
 * Paths are relative to the folder dependency-cruiser runs in (the project root).
 */
import { builtinModules } from 'node:module';

const nodeBuiltin = `^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`;
const contract = '^src-main/api/contract(\\.ts$|/)';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'renderer-imports-shared-only',
      comment: 'The renderer imports only src-renderer, src-shared, npm packages and (types only) the API contract.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { pathNot: ['^src-renderer/', '^src-shared/', contract, '(^|/)node_modules/'] },
    },
    {
      name: 'renderer-contract-types-only',
      comment: 'The API contract holds zod schemas: the renderer may take its types (import type), never a value.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: contract, preCompilationOnly: false },
    },
    {
      name: 'renderer-types-reach-no-node',
      comment:
        'Not even through type-only imports may the renderer reach a module that uses Node: its tsconfig has no Node types, and the contract types it takes must not need them.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: nodeBuiltin, reachable: true },
    },
    {
      name: 'engine-no-electron',
      comment: 'The engine runs under plain Node (CLI, worker threads, tests): no Electron.',
      severity: 'error',
      from: { path: '^src-main/engine/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'engine-no-app-shell',
      comment: 'The engine imports nothing of src-main outside itself (api, main, preload, store, cli); app paths: next rule.',
      severity: 'error',
      from: { path: '^src-main/engine/' },
      to: { path: '^src-main/', pathNot: ['^src-main/engine/', '^src-main/appPaths\\.ts$'] },
    },
    {
      name: 'engine-no-app-paths',
      comment: 'Where the app keeps its own files is for its callers to pass in; the engine finds only its own (engine/assets.ts).',
      severity: 'error',
      from: { path: '^src-main/engine/' },
      to: { path: '^src-main/appPaths\\.ts$' },
    },
    {
      name: 'shared-imports-shared-only',
      comment: 'src-shared is pure and self-contained: nothing outside it, no npm package but the GeoJSON types, no Node.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { pathNot: ['^src-shared/', '(^|/)node_modules/@types/geojson/'] },
    },
    {
      name: 'shared-geojson-types-only',
      comment: 'The GeoJSON package is types only.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '(^|/)node_modules/@types/geojson/', preCompilationOnly: false },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the cruiser cannot resolve would slip past every rule above.',
      severity: 'error',
      from: { path: '^src-(main|renderer|shared)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count, and are told apart (preCompilationOnly) for the contract rule.
    tsPreCompilationDeps: 'specify',
  },
};
