/**
 * `npm run bench` — the census pipeline benchmark, RiskAtlas side by side with GDAL.
 *
 *   npm run bench                                  2000² Deflate inputs, engine's default workers
 *   npm run bench -- --size 8000 --workers 2       one size, one worker count
 *   npm run bench -- --compression lzw             LZW inputs
 *   npm run bench -- --scaling [--sizes 2000,8000,20000]   time and memory per size × 1/2 workers
 *   options: --seed <n> (default 1), --tile-size <n> (the engine's analysis tile, default 512), --no-gdal, --profile (V8 CPU profiles of the RiskAtlas
 *            child and its worker threads into bench/.cache/profiles; summarise with
 *            `node --import tsx bench/profileSummary.ts`), --json <file> (write all results)
 *
 * Inputs are generated once per size/compression/seed into bench/.cache (git-ignored).
 * RiskAtlas runs in a child process (`bench/riskatlasChild.ts`, the real `runModel`), under
 * /usr/bin/time when present; GDAL runs `gdalinfo -stats` + `gdal_calc.py` +
 * `gdal_translate` (bench/gdalReference.ts). The two composites must agree to 1e-5.
 * Prints Markdown tables (they go into bench/README.md as they are).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureInputs } from './generate';
import { compareComposites, gdalAvailable, runGdal, type GdalResult } from './gdalReference';
import type { ChildReport } from './riskatlasChild';

const BENCH_DIR = import.meta.dirname;
const CACHE = join(BENCH_DIR, '.cache');
const TOLERANCE = 1e-5;

interface RiskAtlasResult extends ChildReport {
  /** Wall seconds of the whole child process (start-up, module loading, engine). */
  processSeconds: number;
  /** Peak RSS of the whole child process from /usr/bin/time, MiB (else the child's own figure). */
  processPeakRssMiB: number;
  outDir: string;
}

interface CaseResult {
  size: number;
  compression: 'deflate' | 'lzw';
  workers: string;
  riskatlas: RiskAtlasResult;
  gdal?: GdalResult;
  agreement?: { maxAbsDiff: number; validInOnlyOne: number; validCells: number };
}

function runRiskAtlas(modelPath: string, outDir: string, workers: string, profile: boolean, tileSize?: string): RiskAtlasResult {
  const timeFile = join(outDir, '..', `time-${process.pid}.txt`);
  const nodeArgs = ['--import', 'tsx', ...(profile ? ['--cpu-prof', '--cpu-prof-dir', join(CACHE, 'profiles')] : []), join(BENCH_DIR, 'riskatlasChild.ts'), modelPath, outDir, workers, ...(tileSize ? [tileSize] : [])];
  const useTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, process.execPath, ...nodeArgs], { maxBuffer: 1 << 24 })
    : spawnSync(process.execPath, nodeArgs, { maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`RiskAtlas run failed (exit ${r.status}):\n${r.stderr.toString().slice(-3000)}`);
  const line = r.stdout.toString().trim().split('\n').at(-1)!;
  const child = JSON.parse(line) as ChildReport;
  let processSeconds = wall;
  let processPeakRssMiB = child.peakRssMiB;
  if (useTime) {
    const [sec, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    rmSync(timeFile, { force: true });
    processSeconds = sec!;
    processPeakRssMiB = kb! / 1024;
  }
  return { ...child, processSeconds, processPeakRssMiB, outDir };
}

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const mcells = (cells: number, s: number): string => (s > 0 ? f1(cells / s / 1e6) : '—');

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${f1(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** The side-by-side table of one case, Markdown. */
function caseTable(c: CaseResult): string {
  const r = c.riskatlas;
  const cells = c.size * c.size;
  const out: string[] = [];
  out.push(`### ${c.size} × ${c.size} cells (${f1(cells / 1e6)} M), ${c.compression} inputs, workers ${c.workers}`, '');
  out.push('| RiskAtlas step | s | CPU s (all threads) | M cells/s | peak RSS MiB |', '| --- | ---: | ---: | ---: | ---: |');
  for (const s of r.stages) out.push(`| ${s.step} | ${f2(s.seconds)} | ${f2(s.cpuSeconds)} | ${mcells(cells, s.seconds)} | ${f1(s.peakRssMiB)} |`);
  const cpu = r.stages.reduce((a, s) => a + s.cpuSeconds, 0);
  out.push(`| engine total | ${f2(r.seconds)} | ${f2(cpu)} | ${mcells(cells, r.seconds)} | ${f1(Math.max(...r.stages.map((s) => s.peakRssMiB)))} |`);
  out.push(`| process (start-up + engine) | ${f2(r.processSeconds)} | | ${mcells(cells, r.processSeconds)} | ${f1(r.processPeakRssMiB)} |`, '');
  if (c.gdal) {
    out.push('| GDAL step | s | peak RSS MiB |', '| --- | ---: | ---: |');
    for (const s of c.gdal.steps) out.push(`| ${s.step} | ${f2(s.seconds)} | ${f1(s.peakRssMiB)} |`);
    out.push(`| total | ${f2(c.gdal.seconds)} | ${f1(c.gdal.peakRssMiB)} |`, '');
  }
  out.push('| | RiskAtlas | GDAL | RiskAtlas / GDAL |', '| --- | ---: | ---: | ---: |');
  const g = c.gdal;
  out.push(`| wall time, s | ${f2(r.processSeconds)} | ${g ? f2(g.seconds) : '—'} | ${g ? f2(r.processSeconds / g.seconds) : '—'} |`);
  out.push(`| peak RSS, MiB | ${f1(r.processPeakRssMiB)} | ${g ? f1(g.peakRssMiB) : '—'} | ${g ? f2(r.processPeakRssMiB / g.peakRssMiB) : '—'} |`);
  out.push(`| M cells/s | ${mcells(cells, r.processSeconds)} | ${g ? mcells(cells, g.seconds) : '—'} | |`);
  out.push('');
  if (c.agreement) {
    const a = c.agreement;
    const ok = a.maxAbsDiff <= TOLERANCE && a.validInOnlyOne === 0;
    out.push(`Composite agreement: max |RiskAtlas − GDAL| = ${a.maxAbsDiff.toExponential(2)} over ${a.validCells} cells, ${a.validInOnlyOne} cells valid in only one → ${ok ? 'AGREE' : 'DIFFER'} (tolerance ${TOLERANCE}).`);
  }
  const targets: string[] = [];
  if (g && c.size >= 8000) targets.push(`time ≤ 0.5 × GDAL: ${r.processSeconds <= 0.5 * g.seconds ? 'met' : 'NOT met'}`);
  if (c.size >= 20000) targets.push(`peak RSS ≤ 1.5 GiB: ${r.processPeakRssMiB <= 1536 ? 'met' : 'NOT met'}`);
  else if (c.size >= 8000) targets.push(`peak RSS ≤ 1 GiB: ${r.processPeakRssMiB <= 1024 ? 'met' : 'NOT met'}`);
  if (targets.length) out.push(`Targets: ${targets.join('; ')}.`);
  return out.join('\n');
}

function scalingTable(results: CaseResult[]): string {
  const out = ['| cells | inputs | workers | RiskAtlas s | M cells/s | peak RSS MiB | GDAL s | GDAL peak RSS MiB | ratio |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const c of results) {
    const r = c.riskatlas;
    const g = c.gdal;
    out.push(`| ${c.size}² | ${c.compression} | ${c.workers} | ${f2(r.processSeconds)} | ${mcells(c.size * c.size, r.processSeconds)} | ${f1(r.processPeakRssMiB)} | ${g ? f2(g.seconds) : '—'} | ${g ? f1(g.peakRssMiB) : '—'} | ${g ? f2(r.processSeconds / g.seconds) : '—'} |`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '2000' },
      sizes: { type: 'string', default: '2000,8000,20000' },
      compression: { type: 'string', default: 'deflate' },
      workers: { type: 'string' },
      seed: { type: 'string', default: '1' },
      scaling: { type: 'boolean', default: false },
      'no-gdal': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      json: { type: 'string' },
      'tile-size': { type: 'string' },
    },
  });
  const compression = values.compression as 'deflate' | 'lzw';
  if (compression !== 'deflate' && compression !== 'lzw') throw new Error('--compression is deflate or lzw');
  const sizes = (values.scaling ? values.sizes : values.size).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 256)) throw new Error('sizes must be integers ≥ 256');
  const workerCounts = values.workers ? values.workers.split(',') : values.scaling ? ['1', '2'] : ['auto'];
  const seed = Number(values.seed);
  const withGdal = !values['no-gdal'] && gdalAvailable();
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  log(`machine: ${machine()}`);
  if (!withGdal) log(values['no-gdal'] ? 'GDAL side skipped (--no-gdal)' : 'GDAL not installed: RiskAtlas side only');

  if (values.profile) await rm(join(CACHE, 'profiles'), { recursive: true, force: true });
  const results: CaseResult[] = [];
  for (const size of sizes) {
    const inputs = await ensureInputs(CACHE, size, compression, seed, log);
    let gdal: GdalResult | undefined;
    if (withGdal) {
      const gdir = join(CACHE, `gdal-n${size}-${compression}`);
      await mkdir(gdir, { recursive: true });
      log(`GDAL ${size}² …`);
      gdal = runGdal(inputs.rasters, gdir);
    }
    for (const workers of workerCounts) {
      const outDir = join(CACHE, `out-n${size}-${compression}-w${workers}`);
      await rm(outDir, { recursive: true, force: true });
      await mkdir(outDir, { recursive: true });
      log(`RiskAtlas ${size}² workers ${workers} …`);
      const riskatlas = runRiskAtlas(inputs.modelPath, outDir, workers, values.profile, values['tile-size']);
      const c: CaseResult = { size, compression, workers: riskatlas.workers === null ? workers : String(riskatlas.workers), riskatlas, ...(gdal ? { gdal } : {}) };
      if (gdal) c.agreement = compareComposites(join(outDir, 'risk_index.tif'), gdal.composite);
      results.push(c);
      process.stdout.write(caseTable(c) + '\n\n');
    }
  }
  if (results.length > 1) process.stdout.write(`### Scaling\n\n${scalingTable(results)}\n\n`);
  process.stdout.write(`Machine: ${machine()}.\n`);
  const report = { machine: machine(), date: new Date().toISOString(), results };
  await mkdir(join(CACHE, 'results'), { recursive: true });
  await writeFile(join(CACHE, 'results', `bench-${Date.now()}.json`), JSON.stringify(report, null, 2));
  if (values.json) await writeFile(values.json, JSON.stringify(report, null, 2));
  const failed = results.some((c) => c.agreement && (c.agreement.maxAbsDiff > TOLERANCE || c.agreement.validInOnlyOne > 0));
  if (failed) {
    log('RiskAtlas and GDAL composites differ by more than the tolerance');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(1);
});
