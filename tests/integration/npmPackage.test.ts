/**
 * The command line as a contractor installs it on a batch server that has only Node:
 * `npm pack` of the package (its `files`, bundles built like `prepack` builds them), then
 * `npm install -g ./riskatlas-*.tgz` into a prefix of its own, far from this clone's
 * node_modules, then the installed `riskatlas` run with Node on the PATH and nothing else.
 * Proves: production dependencies only (no tsx, no test tools), the demo county with its maps,
 * `serve` with the UI, and a start that loads only what the command needs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { installGlobally, packNpmPackage, type PackedPackage } from '../../packaging/npmPackage';
import { devOnlyPackages, nodeOnlyEnv, root, runtimeResourceFiles, workerEntries } from './helpers/packagedFiles';
import { useTempDir } from '../fixtures/tempDir';

const tmp = useTempDir('ra-npmpkg-');
let packed: PackedPackage;
let prefix: string;
let installed: string;

function riskatlas(args: string[], extraEnv: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const env = { ...nodeOnlyEnv(join(tmp(), 'home'), [join(prefix, 'bin')]), ...extraEnv };
  const r = nodeArgs.length
    ? spawnSync(process.execPath, [...nodeArgs, join(installed, 'bin', 'riskatlas.mjs'), ...args], { cwd: tmp(), env, encoding: 'utf8', timeout: 240_000 })
    : spawnSync('riskatlas', args, { cwd: tmp(), env, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  packed = packNpmPackage(root, tmp());
  prefix = join(tmp(), 'prefix');
  installed = installGlobally(packed.file, prefix);
}, 600_000);

describe('the npm package', () => {
  it('holds the built command, every worker entry, the UI and every run-time resource file, and no TypeScript source', () => {
    const files = new Set(packed.files);
    for (const f of ['bin/riskatlas.mjs', 'out/main/cli.js', 'out/buildInfo.json', 'out/renderer/index.html', ...workerEntries(), ...runtimeResourceFiles()]) expect(files, f).toContain(f);
    expect([...files].filter((f) => /\.(ts|tsx|map)$/.test(f) || f.startsWith('src-') || f.startsWith('tests/'))).toEqual([]);
  });

  it('installs its production dependencies only: no tsx, vitest, playwright or any other devDependency', () => {
    const modules = join(installed, 'node_modules');
    const present = readdirSync(modules).flatMap((d) => (d.startsWith('@') ? readdirSync(join(modules, d)).map((s) => `${d}/${s}`) : [d]));
    expect(present).toContain('geotiff');
    expect(present.filter((p) => devOnlyPackages().includes(p))).toEqual([]);
    for (const dev of ['tsx', 'vitest', '@playwright/test', 'electron', 'typescript']) expect(existsSync(join(modules, dev)), dev).toBe(false);
  });

  it('runs riskatlas --version and the demo county, maps included, on a machine with only Node', () => {
    const version = riskatlas(['--version']);
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(`riskatlas ${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}`);
    const out = join(tmp(), 'demo');
    const demo = riskatlas(['demo', '--out', out]);
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toContain('高');
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'zoning.gpkg', 'zoning.shp', 'risk_stats.csv', 'provenance.json']) expect(statSync(join(out, f)).size, f).toBeGreaterThan(0);
    expect(readdirSync(join(out, 'maps')).filter((f) => /\.(pdf|png)$/.test(f))).toHaveLength(4);
  }, 300_000);

  it('starts --version and --help without loading any npm package, and inspects a shapefile without the GeoTIFF, SQLite, KML or map libraries', () => {
    const loaded = (args: string[]): string[] => {
      const log = join(tmp(), `imports-${args[0]}.txt`);
      const r = riskatlas(args, { RA_IMPORT_LOG: log }, ['--import', join(import.meta.dirname, 'helpers', 'recordImports.mjs')]);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(log, 'utf8').split('\n').filter((u) => u.includes('/node_modules/') && !u.includes('/node_modules/riskatlas/out/') && !u.includes('/node_modules/riskatlas/bin/'));
    };
    expect(loaded(['--version'])).toEqual([]);
    expect(loaded(['--help'])).toEqual([]);
    const inspect = loaded(['inspect', join(root, 'resources', 'sample', 'county', 'shelters.shp')]);
    // The recorder sees packages when they are loaded: the shapefile reader's own ones are there.
    expect(inspect.length).toBeGreaterThan(0);
    for (const heavy of ['geotiff', 'sql.js', '@xmldom', 'pdfkit', '@napi-rs', 'zod']) expect(inspect.filter((u) => u.includes(`/node_modules/${heavy}/`)), heavy).toEqual([]);
  }, 120_000);

  it('serves the UI with riskatlas serve, logging to --log', async () => {
    const logDir = join(tmp(), 'serve-logs');
    const child = spawn('riskatlas', ['serve', '--port', '0', '--log', logDir], { cwd: tmp(), env: nodeOnlyEnv(join(tmp(), 'home'), [join(prefix, 'bin')]), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL in 60 s: ${out}`)), 60_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"');
      expect(readFileSync(join(logDir, 'riskatlas.log'), 'utf8')).toContain('riskatlas serve started');
    } finally {
      child.kill('SIGTERM');
    }
  }, 90_000);
});
