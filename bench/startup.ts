/**
 * `npm run bench:startup`: how long a technician waits for the command line to answer,
 * side by side with GDAL's tools on the same files. The package is packed and installed the
 * way a contractor installs it (packaging/npmPackage.ts: `npm pack`, `npm install -g` into a
 * prefix of its own), then each command is run `--runs` times (default 15) after one warm-up
 * run, wall time from spawn to exit; the median and the 90th percentile are printed, with the
 * median CPU time (user + system, from /usr/bin/time) — on a shared machine the wall time
 * grows with the other processes' load (printed too), the CPU time much less.
 * Inputs: a 12-feature shapefile cut from the demo county's buildings by ogr2ogr, and the
 * demo county's DEM (a small GeoTIFF). For comparison, the clone's `bin/riskatlas.mjs` (the
 * TypeScript sources through tsx) as every command started before the CLI was built.
 * Targets: `--version` ≤ 0.3 s, `inspect` of the small shapefile ≤ 0.5 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { installGlobally, packNpmPackage } from '../packaging/npmPackage';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

const work = mkdtempSync(join(tmpdir(), 'ra-bench-startup-'));
try {
  console.error('packing and installing the npm package …');
  const installed = installGlobally(packNpmPackage(root, work).file, join(work, 'prefix'));
  const bin = join(installed, 'bin', 'riskatlas.mjs');
  const county = join(root, 'resources', 'sample', 'county');
  const inputs = join(work, 'inputs');
  mkdirSync(inputs);
  const shp = join(inputs, 'buildings12.shp');
  const haveGdal = existsSync('/usr/bin/ogr2ogr');
  if (haveGdal) execFileSync('/usr/bin/ogr2ogr', ['-limit', '12', shp, join(county, 'buildings.shp')]);
  const small = haveGdal ? shp : join(county, 'shelters.shp');
  const tif = join(county, 'dem.tif');

  const commands: { label: string; cmd: string; args: string[]; target?: number }[] = [
    { label: 'riskatlas --version (installed package)', cmd: process.execPath, args: [bin, '--version'], target: 0.3 },
    { label: 'riskatlas --version (clone: sources through tsx)', cmd: process.execPath, args: [join(root, 'bin', 'riskatlas.mjs'), '--version'] },
    { label: 'ogrinfo --version', cmd: '/usr/bin/ogrinfo', args: ['--version'] },
    { label: 'gdalinfo --version', cmd: '/usr/bin/gdalinfo', args: ['--version'] },
    { label: `riskatlas inspect ${haveGdal ? 'buildings12.shp (12 features)' : 'shelters.shp (8 features)'}`, cmd: process.execPath, args: [bin, 'inspect', small], target: 0.5 },
    { label: `riskatlas inspect (clone: sources through tsx)`, cmd: process.execPath, args: [join(root, 'bin', 'riskatlas.mjs'), 'inspect', small] },
    { label: 'ogrinfo -so -al (same file)', cmd: '/usr/bin/ogrinfo', args: ['-so', '-al', small] },
    { label: 'riskatlas inspect dem.tif (demo DEM)', cmd: process.execPath, args: [bin, 'inspect', tif] },
    { label: 'gdalinfo dem.tif', cmd: '/usr/bin/gdalinfo', args: [tif] },
  ];

  const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const cpuFile = join(work, 'cpu.txt');
  const rows: string[] = [];
  const load = loadavg()[0]!;
  for (const c of commands) {
    if (!existsSync(c.cmd)) {
      rows.push(`| ${c.label} | (not installed) | | | |`);
      continue;
    }
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const [cmd, args] = timeTool ? [timeTool, ['-f', '%U %S', '-o', cpuFile, c.cmd, ...c.args]] : [c.cmd, c.args];
      const t0 = performance.now();
      const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, GDAL_PAM_ENABLED: 'NO' } });
      const s = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(`${c.label} failed: ${r.stderr}`);
      if (i === 0) continue; // the first run warms the file cache
      times.push(s);
      if (timeTool) cpu.push(readFileSync(cpuFile, 'utf8').trim().split(/\s+/).reduce((a, v) => a + Number(v), 0));
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const p90 = [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.ceil(times.length * 0.9) - 1)]!;
    const verdict = c.target === undefined ? '' : median(times) <= c.target ? `≤ ${c.target} s: met` : `≤ ${c.target} s: not met`;
    rows.push(`| ${c.label} | ${median(times).toFixed(3)} s | ${p90.toFixed(3)} s | ${cpu.length ? `${median(cpu).toFixed(2)} s` : '–'} | ${verdict} |`);
  }
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node}; load average ${load.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end; ${runs} runs each after one warm-up\n`);
  console.log('| command | wall, median | wall, p90 | CPU, median | target (wall median) |\n| --- | --- | --- | --- | --- |');
  console.log(rows.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
