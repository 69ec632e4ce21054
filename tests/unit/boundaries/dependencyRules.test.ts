/**
 * The project's dependency rules (.dependency-cruiser.mjs, run by `npm run lint:deps` and
 * `npm test`) catch what they are there for: dependency-cruiser, with the project's own
 * config, is run on two small file trees laid out like the project — one breaking every rule
 * once, one keeping to them — and must name each violation in the first and none in the second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** The layers every tree has: a pure shared module, an engine module, the API contract, app paths, two packages. */
const base: Record<string, string> = {
  'src-shared/classes.ts': 'export const classOf = (v: number): number => v;\n',
  'src-shared/layer.ts': "import type { Feature } from 'geojson';\nexport type Layer = Feature[];\n",
  'src-main/engine/classify/breaks.ts': "import { classOf } from '../../../src-shared/classes';\nexport const breaksOf = (v: number): number => classOf(v);\n",
  'src-main/api/contract.ts': "import { breaksOf } from '../engine/classify/breaks';\nexport const schema = { breaksOf };\nexport interface Api { ping(): string }\n",
  'src-main/appPaths.ts': "import { join } from 'node:path';\nexport const appRoot = (): string => join('/', 'app');\n",
  'node_modules/electron/package.json': '{ "name": "electron", "main": "index.js" }\n',
  'node_modules/electron/index.js': 'module.exports = {};\n',
  'node_modules/@types/geojson/package.json': '{ "name": "@types/geojson", "types": "index.d.ts" }\n',
  'node_modules/@types/geojson/index.d.ts': 'export interface Feature { type: "Feature" }\nexport declare const featureKinds: string[];\n',
};

/** Files that keep to the rules. */
const clean: Record<string, string> = {
  'src-renderer/src/panel.ts':
    "import { classOf } from '../../src-shared/classes';\nimport type { Api } from '../../src-main/api/contract';\nexport const grade = (api: Api): number => classOf(api.ping().length);\n",
  'src-main/engine/risk/combine.ts': "import type { Layer } from '../../../src-shared/layer';\nexport const count = (l: Layer): number => l.length;\n",
};

/** A part of the contract whose types need Node (through app paths). */
const nodeContract: Record<string, string> = {
  'src-main/api/contract/paths.ts': "import { appRoot } from '../../appPaths';\nexport type Paths = ReturnType<typeof appRoot>;\n",
};

/** One file per rule, breaking it: file → the rule it breaks. */
const violations: Record<string, { rule: string; code: string }> = {
  'src-renderer/src/byValue.ts': { rule: 'renderer-imports-shared-only', code: "import { breaksOf } from '../../src-main/engine/classify/breaks';\nexport const b = breaksOf(1);\n" },
  'src-renderer/src/contractValue.ts': { rule: 'renderer-contract-types-only', code: "import { schema } from '../../src-main/api/contract';\nexport const s = schema;\n" },
  'src-renderer/src/reachesNode.ts': { rule: 'renderer-types-reach-no-node', code: "import type { Paths } from '../../src-main/api/contract/paths';\nexport type P = Paths;\n" },
  'src-main/engine/io/shell.ts': { rule: 'engine-no-electron', code: "import electron from 'electron';\nexport const e = electron;\n" },
  'src-main/engine/io/api.ts': { rule: 'engine-no-app-shell', code: "import type { Api } from '../../api/contract';\nexport type A = Api;\n" },
  'src-main/engine/io/paths.ts': { rule: 'engine-no-app-paths', code: "import { appRoot } from '../../appPaths';\nexport const r = appRoot();\n" },
  'src-shared/engineUser.ts': { rule: 'shared-imports-shared-only', code: "import { breaksOf } from '../src-main/engine/classify/breaks';\nexport const b = breaksOf(1);\n" },
  'src-shared/nodeUser.ts': { rule: 'shared-imports-shared-only', code: "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" },
  'src-shared/geojsonValue.ts': { rule: 'shared-geojson-types-only', code: "import { featureKinds } from 'geojson';\nexport const k = featureKinds;\n" },
  'src-main/engine/io/missing.ts': { rule: 'no-unresolvable', code: "import { gone } from './gone';\nexport const g = gone;\n" },
};

interface Violation {
  rule: { name: string; severity: string };
  from: string;
  to: string;
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-depcruise-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Cruise a tree with the project's config, as `npm run lint:deps` does; `json` gives the violations, the default reporter the exit status. */
function cruise(dir: string, json: boolean): { status: number | null; violations: Violation[] } {
  const args = [depcruise, '--config', join(root, '.dependency-cruiser.mjs'), ...(json ? ['-T', 'json'] : []), 'src-main', 'src-renderer', 'src-shared'];
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  if (!json) return { status: r.status, violations: [] };
  if (r.status !== 0) throw new Error(`dependency-cruiser failed: ${r.stderr}`);
  return { status: r.status, violations: (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations };
}

const dirs: string[] = [];
let dirty: ReturnType<typeof cruise>;
let tidy: ReturnType<typeof cruise>;
beforeAll(() => {
  dirs.push(tree({ ...base, ...clean, ...nodeContract, ...Object.fromEntries(Object.entries(violations).map(([p, v]) => [p, v.code])) }), tree({ ...base, ...clean }));
  dirty = cruise(dirs[0]!, true);
  tidy = cruise(dirs[1]!, true);
}, 240_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the dependency rules', () => {
  it('report a renderer file importing an engine module by value', () => {
    expect(dirty.violations).toContainEqual(
      expect.objectContaining({ rule: { name: 'renderer-imports-shared-only', severity: 'error' }, from: 'src-renderer/src/byValue.ts', to: 'src-main/engine/classify/breaks.ts' }),
    );
  });

  it('report every other kind of crossing, each from the file that makes it', () => {
    const found = dirty.violations.map((v) => `${v.rule.name} ${v.from}`);
    for (const [file, { rule }] of Object.entries(violations)) expect(found, file).toContain(`${rule} ${file}`);
  });

  it('report nothing else: the allowed imports of the same tree (shared, contract types, GeoJSON types) pass', () => {
    const expected = new Set(Object.entries(violations).map(([file, v]) => `${v.rule} ${file}`));
    expect(dirty.violations.filter((v) => !expected.has(`${v.rule.name} ${v.from}`))).toEqual([]);
  });

  it('report no violation in a tree that keeps to them', () => {
    expect(tidy.violations).toEqual([]);
  });

  it('fail the run (non-zero exit) on a violation, and pass a clean tree', () => {
    expect(cruise(dirs[0]!, false).status).not.toBe(0);
    expect(cruise(dirs[1]!, false).status).toBe(0);
  }, 240_000);
});
