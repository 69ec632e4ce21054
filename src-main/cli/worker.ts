/**
 * `riskatlas worker --redis <url> [--queue riskatlas] [--concurrency 1] [--lock-seconds 30]`:
 * take the jobs `riskatlas queue` put in the queue and run them, on any number of machines
 * that see the same shared folders. A county job runs through the job runner
 * `riskatlas run <folder>` uses (countyJob.ts); the roll-up job, parent of a batch's county
 * jobs, rolls up the counties whose jobs completed (engine/rollup).
 *
 * A worker that dies (killed, power cut, network gone) stops renewing its job's lock; after
 * `--lock-seconds` another worker's stalled-job check puts the job back in the queue and it
 * runs again, writing the same bytes (up to three times; then the job fails). The processor
 * is an ordinary function of this module ({@link processJob}): nothing is spawned per job.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { toErrorInfo } from '../../src-shared/errors';
import { formatError, type Lang } from '../../src-shared/messages';
import { chineseMonth } from '../engine/maps/render';
import { rollUp } from '../engine/rollup/rollup';
import { runCounty } from './countyJob';
import { checkRedis, QUEUE_NAME, redisOptions, type CountyJobData, type CountyJobResult, type JobData, type RollupJobData, type RollupJobResult } from './queueJobs';

/** A stalled job goes back to the queue this many times before it fails. */
export const MAX_STALLED = 3;

export interface WorkerOptions {
  redis: string;
  queue?: string;
  /** Jobs run at once by this worker (default 1: a county's tiles already use every core). */
  concurrency?: number;
  /** Seconds a job's lock lasts without renewal before the job counts as stalled (default 30). */
  lockSeconds?: number;
  lang: Lang;
  /** Where the worker's log lines go (default stderr). */
  log?: (line: string) => void;
}

/** Report progress to the queue once per step, not per tile. */
function progressReporter(job: Job, log: (line: string) => void, label: string): (step: string, fraction: number) => void {
  let last = '';
  return (step, fraction) => {
    if (step === last) return;
    last = step;
    log(`${label}: ${step} ${Math.round(fraction * 100)}%`);
    job.updateProgress({ step, fraction }).catch(() => undefined);
  };
}

async function countyJob(job: Job<CountyJobData>, log: (line: string) => void, lang: Lang): Promise<CountyJobResult> {
  const d = job.data;
  const report = progressReporter(job, log, d.county);
  const outcome = await runCounty(d.model, d.outDir, (p) => report(p.step, p.progress));
  if (!outcome.ok) {
    log(`${d.county}: failed — ${formatError(outcome.error!, lang)}`);
    // The coded error travels as the job's failure reason, for `riskatlas queue --status`.
    throw new Error(JSON.stringify(outcome.error));
  }
  log(`${d.county}: done in ${outcome.seconds.toFixed(1)} s`);
  return { outDir: outcome.outDir, seconds: outcome.seconds, classes: outcome.classes! };
}

async function rollupJob(job: Job<RollupJobData>, log: (line: string) => void): Promise<RollupJobResult> {
  const d = job.data;
  const done = Object.values(await job.getChildrenValues<CountyJobResult>()).sort((a, b) => (a.outDir < b.outDir ? -1 : 1));
  const failed = Object.keys(await job.getIgnoredChildrenFailures()).map((key) => key.slice(key.indexOf(`${d.batch}.`) + d.batch.length + 1)).sort();
  log(`roll-up (${d.settings.level}): ${done.length} counties${failed.length ? `, ${failed.length} left out (their job failed: ${failed.join(', ')})` : ''}`);
  const report = progressReporter(job, log, `roll-up ${d.settings.level}`);
  const provs = await rollUp(done.map((r) => ({ runDir: r.outDir })), d.out, { ...d.settings, date: chineseMonth(new Date()), onProgress: (p) => report(`${p.area} ${p.step}`, p.fraction) });
  log(`roll-up (${d.settings.level}): done → ${d.out}`);
  return { areas: provs.map(({ outDir, provenance: p }) => ({ code: p.area.code, name: p.area.name, outDir, counties: p.counties.length, seamSegments: p.seams.segments })), missing: failed };
}

/** Run one job of the queue (a county or a roll-up). Throws with the coded error (JSON) as the message when it fails. */
export async function processJob(job: Job<JobData>, log: (line: string) => void, lang: Lang): Promise<CountyJobResult | RollupJobResult> {
  log(`${job.id}: start (attempt ${job.attemptsStarted}${job.stalledCounter ? `, taken over after ${job.stalledCounter} stalled run(s)` : ''})`);
  try {
    return job.data.kind === 'county' ? await countyJob(job as Job<CountyJobData>, log, lang) : await rollupJob(job as Job<RollupJobData>, log);
  } catch (err) {
    if (job.data.kind === 'rollup') throw new Error(JSON.stringify(toErrorInfo(err)));
    throw err;
  }
}

/** Start a worker on the queue; resolves once it is connected. */
export async function startQueueWorker(opts: WorkerOptions): Promise<Worker<JobData>> {
  const connection = redisOptions(opts.redis);
  await checkRedis(connection);
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = `${hostname()}:${process.pid}`;
  const lockDuration = (opts.lockSeconds ?? 30) * 1000;
  const worker = new Worker<JobData>(opts.queue ?? QUEUE_NAME, (job) => processJob(job, (line) => log(`[${name}] ${line}`), opts.lang), {
    connection,
    name,
    concurrency: opts.concurrency ?? 1,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: MAX_STALLED,
    autorun: false,
  });
  worker.on('error', (err) => log(`[${name}] queue error: ${err.message}`));
  void worker.run();
  await worker.waitUntilReady();
  log(`[${name}] waiting for jobs on "${opts.queue ?? QUEUE_NAME}" at ${connection.host}:${connection.port}`);
  return worker;
}

/** `riskatlas worker`: run jobs until SIGINT or SIGTERM, then finish the job in hand and stop. */
export async function workerCommand(opts: WorkerOptions): Promise<number> {
  const worker = await startQueueWorker(opts);
  await new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  (opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))('stopping: finishing the job in hand');
  await worker.close();
  return 0;
}
