/**
 * The desktop package is complete without the Electron binary: electron-builder builds the
 * unpacked Linux x64 app (`npm run dist -- --target linux-x64 --dir`) from a stand-in
 * Electron distribution — a folder whose `electron` carries only Electron's fuse wire — and
 * the result is checked as shipped: the file list of app.asar (read with @electron/asar) and of
 * the unpacked files, the fuses read back with @electron/fuses, the size, and finally the demo
 * county run with Node from the packaged files (app.asar extracted, the unpacked files laid
 * over it) through the CLI entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { BuildInfo } from '../../src-shared/about';
import { ELECTRON_FUSES } from '../../src-main/main/fuses';
import { buildBundle } from '../../packaging/npmPackage';
import { devOnlyPackages, nodeOnlyEnv, root, runtimeResourceFiles, WEBASSEMBLY_FILES, workerEntries } from './helpers/packagedFiles';
import { useTempDir } from '../fixtures/tempDir';

const tmp = useTempDir('ra-desktop-');
/** Electron's fuse sentinel (@electron/fuses looks for it), wire version 1, eight fuses as Electron ships them: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, V8 snapshot off, file:// privileges on. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STOCK_WIRE = '10110001';

let app: string;
let asar: string;
let files: string[];

const du = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + du(join(p, f)), 0) : statSync(p).size);
const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

beforeAll(() => {
  const bundle = join(tmp(), 'bundle');
  buildBundle(root, bundle);
  const electron = join(tmp(), 'electron-standin');
  mkdirSync(electron);
  writeFileSync(join(electron, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in for the Electron binary\n'), Buffer.from(SENTINEL), Buffer.from([1, STOCK_WIRE.length]), Buffer.from(STOCK_WIRE)]), { mode: 0o755 });
  writeFileSync(join(electron, 'LICENSE'), 'stand-in');
  writeFileSync(join(electron, 'version'), '0.0.0');
  const out = join(tmp(), 'dist');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'packaging', 'dist.ts'), '--target', 'linux-x64', '--dir', '--electron-dist', electron, '--bundle', bundle, '--out', out], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`packaging failed: ${r.stderr}\n${r.stdout}`);
  app = join(out, 'linux-unpacked');
  asar = join(app, 'resources', 'app.asar');
  files = listPackage(asar, { isPack: false }).map((f) => f.split('\\').join('/').replace(/^\//, ''));
}, 900_000);

describe('the packaged desktop app (Linux x64, unpacked)', () => {
  it('holds in app.asar the main process, the command line, every worker entry, the preload, the UI and the build info', () => {
    for (const f of ['package.json', 'out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/buildInfo.json', ...workerEntries()]) expect(files, f).toContain(f);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main).toBe('out/main/index.js');
  });

  it('holds every file of every resources/ folder the code reads, unpacked beside the archive', () => {
    const resources = runtimeResourceFiles();
    expect(resources.some((f) => f.startsWith('resources/fonts/'))).toBe(true);
    for (const f of resources) {
      expect(files, f).toContain(f);
      expect(statFile(asar, f, false), f).toMatchObject({ unpacked: true });
      expect(existsSync(join(app, 'resources', 'app.asar.unpacked', f)), f).toBe(true);
    }
  });

  it('holds the WebAssembly of sql.js and libdeflate', () => {
    for (const f of WEBASSEMBLY_FILES) expect(files, f).toContain(f);
  });

  it('unpacks the native canvas binary of the target, and only that one', () => {
    const native = files.filter((f) => f.endsWith('.node'));
    expect(native).toEqual([expect.stringMatching(/^node_modules\/@napi-rs\/canvas-linux-x64-gnu\/[^/]+\.node$/)]);
    expect(statFile(asar, native[0]!, false)).toMatchObject({ unpacked: true });
    expect(statSync(join(app, 'resources', 'app.asar.unpacked', native[0]!)).size).toBeGreaterThan(1_000_000);
  });

  it('holds nothing from devDependencies, no TypeScript source and no source map', () => {
    const packages = new Set(files.map((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
    expect(packages.has('geotiff')).toBe(true);
    expect(devOnlyPackages().filter((p) => packages.has(p))).toEqual([]);
    expect(files.filter((f) => /(^|\/)node_modules\/(tsx|vitest|@playwright|playwright|electron|electron-vite|typescript)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(map|ts|tsx)$/.test(f) || /^(src-|tests\/|bench\/|scripts\/|packaging\/)/.test(f))).toEqual([]);
  });

  it('lists in the about box the fonts, the installed libraries and those compiled into the UI', () => {
    const info = JSON.parse(readFileSync(join(tmp(), 'bundle', 'buildInfo.json'), 'utf8')) as BuildInfo;
    const names = info.licences.map((l) => l.name);
    for (const n of ['Noto Sans SC Regular', 'Noto Sans SC Bold', 'geotiff', 'pdfkit', 'ol', 'react', 'react-dom']) expect(names, n).toContain(n);
    expect(info.licences.filter((l) => l.licence === 'UNKNOWN')).toEqual([]);
  });

  it('flips the fuses of src-main/main/fuses.ts in the binary', async () => {
    const wire = await getCurrentFuseWire(join(app, 'riskatlas'));
    for (const [name, on] of Object.entries(ELECTRON_FUSES)) {
      const index = FuseV1Options[name as keyof typeof FuseV1Options];
      expect(String.fromCharCode(wire[index] as number), name).toBe(on ? '1' : '0');
      // Each of them differs from the stock wire: the step really flipped it.
      expect(STOCK_WIRE[index], name).not.toBe(on ? '1' : '0');
    }
  });

  it('reports its size', () => {
    const unpacked = du(join(app, 'resources', 'app.asar.unpacked'));
    const total = du(app);
    console.log(`packaged app: app.asar ${mib(statSync(asar).size)}, app.asar.unpacked ${mib(unpacked)}, app folder ${mib(total)} (Electron's own files not counted: a stand-in here)`);
    expect(statSync(asar).size).toBeGreaterThan(0);
  });

  it('runs the demo county with Node from the packaged files through the CLI entry', () => {
    const files = join(tmp(), 'packaged-files');
    extractAll(asar, files);
    cpSync(join(app, 'resources', 'app.asar.unpacked'), files, { recursive: true });
    const out = join(tmp(), 'demo');
    const r = spawnSync(process.execPath, [join(files, 'out', 'main', 'cli.js'), 'demo', '--out', out], { cwd: tmp(), env: nodeOnlyEnv(join(tmp(), 'home')), encoding: 'utf8', timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('高');
    for (const f of ['risk_index.tif', 'risk_grade.tif', 'zoning.gpkg', 'zoning.shp', 'risk_stats.csv']) expect(statSync(join(out, f)).size, f).toBeGreaterThan(0);
    expect(readdirSync(join(out, 'maps')).filter((f) => /\.(pdf|png)$/.test(f))).toHaveLength(4);
    const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8')) as { software: { version: string } };
    expect(provenance.software.version).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  }, 300_000);
});
