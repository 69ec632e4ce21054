/**
 * `npm run bench:province`: the distributed run and the roll-up.
 *
 * 1. Counties per minute: the generated province (36 counties; `--county-cells` cells across
 *    each, default 150 at 100 m) run by `riskatlas run <folder>` on one process, then queued on a
 *    real Redis (redis-server on loopback) and run by 1, 2 and 3 `riskatlas worker` processes
 *    (`--workers 1,2,3`) — timed from the moment the batch is queued (every worker already
 *    connected) until its last county ends. On the build machine the workers share two cores.
 * 2. The roll-up of a province about `--size` cells across (default 20000, 30 m, 36 counties;
 *    bench/provinceResults.ts writes the county results once, cached) in a child process, with
 *    kept and with re-derived grades (`--grades keep,rederive`): seconds per step and peak RSS.
 *
 * `--no-queue` / `--no-rollup` skip a part. Prints Markdown tables; keeps the figures as JSON
 * in bench/.cache/results/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FlowProducer, Queue } from 'bullmq';
import { enqueueBatch, waitForBatch } from '../src-main/cli/queue';
import { redisOptions, type JobData } from '../src-main/cli/queueJobs';
import { generateProvince } from '../tests/fixtures/province/generate';
import { startRedisServer } from '../tests/fixtures/redisServer';
import { provinceResults } from './provinceResults';
import type { RollupReport } from './rollupChild';

const root = join(import.meta.dirname, '..');
const cache = join(root, 'bench', '.cache');
const bin = join(root, 'bin', 'riskatlas.mjs');

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2,3' },
    'county-cells': { type: 'string', default: '150' },
    size: { type: 'string', default: '20000' },
    grades: { type: 'string', default: 'keep,rederive' },
    'no-queue': { type: 'boolean' },
    'no-rollup': { type: 'boolean' },
  },
});

const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.versions.node}, load average at start ${loadavg()[0]!.toFixed(1)}`;

/** Start a worker process; resolves once it waits for jobs. */
function startWorker(url: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, 'worker', '--redis', url], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    p.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('waiting for jobs')) resolve(p);
    });
    p.once('exit', (code) => reject(new Error(`worker exited ${code}: ${log}`)));
  });
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

interface QueueFigures {
  counties: number;
  countyCells: number;
  single: { seconds: number; countiesPerMinute: number };
  workers: { workers: number; seconds: number; countiesPerMinute: number }[];
}

async function queuePart(): Promise<QueueFigures> {
  const countyCells = Number(values['county-cells']);
  const dir = join(cache, `province-queue-${countyCells}`);
  const province = await generateProvince(join(dir, 'inputs'), { countyCells });
  const n = province.counties.length;
  const out = join(dir, 'runs');
  await rm(out, { recursive: true, force: true });
  process.stderr.write(`riskatlas run <folder>: ${n} counties of about ${countyCells}² cells…\n`);
  const t0 = performance.now();
  const single = spawnSync(process.execPath, [bin, 'run', province.dir, '--out', join(out, 'single')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (single.status !== 0) throw new Error('riskatlas run failed');
  const singleSeconds = (performance.now() - t0) / 1000;
  const figures: QueueFigures = { counties: n, countyCells, single: { seconds: singleSeconds, countiesPerMinute: (n / singleSeconds) * 60 }, workers: [] };
  const redis = await startRedisServer();
  const connection = redisOptions(redis.url);
  const queue = new Queue<JobData>('riskatlas', { connection });
  const flows = new FlowProducer({ connection });
  try {
    for (const w of values.workers!.split(',').map(Number)) {
      process.stderr.write(`${w} worker(s)…\n`);
      const procs = await Promise.all(Array.from({ length: w }, () => startWorker(redis.url)));
      try {
        const t = performance.now();
        const q = await enqueueBatch(queue, flows, { folder: province.dir, out: join(out, `workers-${w}`), rollup: 'none', grades: 'keep' });
        const r = await waitForBatch(queue, q, 100);
        const seconds = (performance.now() - t) / 1000;
        if (!r.counties.every((c) => c.ok)) throw new Error(`${r.counties.filter((c) => !c.ok).length} counties failed`);
        figures.workers.push({ workers: w, seconds, countiesPerMinute: (n / seconds) * 60 });
      } finally {
        await Promise.all(procs.map(stopProcess));
      }
    }
  } finally {
    await flows.close();
    await queue.close();
    await redis.stop();
  }
  return figures;
}

async function rollupPart(): Promise<{ size: number; generatedSeconds: number; runs: (RollupReport & { grades: string })[] }> {
  const size = Number(values.size);
  const res = await provinceResults(cache, size, (done, of) => process.stderr.write(`\rwriting county results ${done}/${of}`));
  process.stderr.write('\n');
  const runs: (RollupReport & { grades: string })[] = [];
  for (const grades of values.grades!.split(',')) {
    const out = join(cache, `rollup-${size}-${grades}`);
    await rm(out, { recursive: true, force: true });
    process.stderr.write(`roll-up ${size}², ${grades}…\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'rollupChild.ts'), res.results, out, grades], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`roll-up failed (exit ${r.status})`);
    runs.push({ ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RollupReport), grades });
  }
  return { size, generatedSeconds: res.generatedSeconds, runs };
}

async function main(): Promise<void> {
  const lines = [`Machine: ${machine}.`, ''];
  const results: Record<string, unknown> = { machine, date: new Date().toISOString() };
  if (!values['no-queue']) {
    const q = await queuePart();
    results.queue = q;
    lines.push(
      `**Counties per minute** (${q.counties} counties of about ${q.countyCells}² cells at 100 m; every process shares the same ${availableParallelism()} cores):`,
      '',
      '| run | s | counties / min |',
      '| --- | ---: | ---: |',
      `| riskatlas run <folder> (one process, no Redis; start-up included) | ${q.single.seconds.toFixed(1)} | ${q.single.countiesPerMinute.toFixed(1)} |`,
      ...q.workers.map((w) => `| queue + ${w.workers} worker(s) (from queueing to the last county) | ${w.seconds.toFixed(1)} | ${w.countiesPerMinute.toFixed(1)} |`),
      '',
    );
  }
  if (!values['no-rollup']) {
    const r = await rollupPart();
    results.rollup = r;
    for (const run of r.runs) {
      lines.push(
        `**Roll-up of ${run.grid.width} × ${run.grid.height} cells** (${(run.grid.width * run.grid.height / 1e6).toFixed(0)} M cells, ${run.grid.cellSize} m, ${run.counties} counties, grades ${run.grades === 'keep' ? 'kept' : 're-derived'}; county results ${r.generatedSeconds ? `written in ${r.generatedSeconds.toFixed(0)} s` : 'from the cache'}):`,
        '',
        '| step | s | CPU s | peak RSS MiB |',
        '| --- | ---: | ---: | ---: |',
        ...run.steps.map((s) => `| ${s.step} | ${s.seconds.toFixed(1)} | ${s.cpuSeconds.toFixed(1)} | ${s.peakRssMiB.toFixed(0)} |`),
        `| total | ${run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.peakRssMiB.toFixed(0)} (process peak) |`,
        '',
      );
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  const dir = join(cache, 'results');
  if (!existsSync(dir)) await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `province-${Date.now()}.json`), JSON.stringify(results, null, 2));
}

await main();
