/**
 * `riskatlas queue <folder> --redis <url> [--out <dir>] [--rollup province|city|none]
 * [--grades keep|rederive] [--crs EPSG:n] [--cell-size m] [--name 名称] [--wait]`: put one job
 * per county of a folder in the queue (the model documents `riskatlas run <folder>` would run,
 * written to the same `<out>/<model stem>/` folders) and, unless `--rollup none`, the roll-up
 * as their parent job; `riskatlas worker` processes run them. `--wait` waits for the batch and
 * prints the same summary table as `riskatlas run <folder>`.
 *
 * `riskatlas queue --status --redis <url> [<folder>]`: the batches in the queue (or the
 * folder's), each with its counties done, running (step and worker), waiting and failed (with
 * the error), and the roll-up's state.
 */
import { dirname, join, resolve } from 'node:path';
import { FlowProducer, Queue, type Job } from 'bullmq';
import type { ErrorInfo } from '../../src-shared/errors';
import { formatError, type Lang } from '../../src-shared/messages';
import type { RollupSettings } from '../engine/rollup/rollup';
import { batchReport, countyOutDir, modelsInFolder, modelStem } from './batch';
import type { CountyOutcome } from './countyJob';
import { batchId, checkRedis, jobId, QUEUE_NAME, redisOptions, type CountyJobData, type CountyJobResult, type JobData, type RollupJobData, type RollupJobResult } from './queueJobs';

export interface EnqueueOptions extends Omit<RollupSettings, 'level'> {
  folder: string;
  out?: string;
  rollup: RollupSettings['level'] | 'none';
}

/** What was queued: the batch id and its jobs (`existing` when the batch was queued before: nothing was added). */
export interface Enqueued {
  batch: string;
  counties: CountyJobData[];
  rollup?: RollupJobData;
  existing: boolean;
}

/** The job states of BullMQ, grouped as the status shows them. */
const STATES = ['completed', 'failed', 'active', 'wait', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * Queue a folder's counties (and the roll-up). Errors: E_FILE_NOT_FOUND when the folder holds
 * no model document.
 */
export async function enqueueBatch(queue: Queue<JobData>, flows: FlowProducer, o: EnqueueOptions): Promise<Enqueued> {
  const folder = resolve(o.folder);
  const outRoot = resolve(o.out ?? join(folder, 'riskatlas_out'));
  const models = await modelsInFolder(folder);
  const batch = batchId([folder, outRoot, o.rollup, o.grades, o.epsg, o.cellSize, o.name, o.dpi]);
  const counties: CountyJobData[] = models.map((model) => ({ kind: 'county', batch, county: modelStem(model), model, outDir: countyOutDir(outRoot, model) }));
  const { folder: _f, out: _o, rollup: level, ...settings } = o;
  const rollup: RollupJobData | undefined = level === 'none' ? undefined : { kind: 'rollup', batch, folder, out: join(outRoot, 'rollup'), settings: { ...settings, level } };
  const first = rollup ? jobId(batch, 'rollup') : counties[0] && jobId(batch, counties[0].county);
  const existing = first !== undefined && (await queue.getJob(first)) !== undefined;
  if (!existing && counties.length) {
    // A county fails alone: its job is not retried (a coded error is the data's, and stays) and does not hold the roll-up back.
    const opts = (c: CountyJobData) => ({ jobId: jobId(batch, c.county), attempts: 1 });
    if (rollup) {
      await flows.add({ name: 'rollup', queueName: queue.name, data: rollup, opts: { jobId: jobId(batch, 'rollup'), attempts: 1 }, children: counties.map((c) => ({ name: 'county', queueName: queue.name, data: c, opts: { ...opts(c), ignoreDependencyOnFailure: true } })) });
    } else {
      await queue.addBulk(counties.map((c) => ({ name: 'county', data: c, opts: opts(c) })));
    }
  }
  return { batch, counties, ...(rollup ? { rollup } : {}), existing };
}

/** A job's coded error from its failure reason (the worker throws the ErrorInfo as JSON). */
export function jobError(job: Job): ErrorInfo {
  try {
    const e = JSON.parse(job.failedReason) as ErrorInfo;
    if (typeof e.code === 'string') return e;
  } catch {
    // A failure from outside the job runner (e.g. stalled too often): BullMQ's own words.
  }
  return { code: 'E_INTERNAL', message: job.failedReason || 'the job failed' };
}

/** One batch as the status shows it. */
export interface BatchStatus {
  batch: string;
  folder: string;
  counties: { county: string; state: string; step?: string; fraction?: number; worker?: string; seconds?: number; error?: ErrorInfo; job: Job<CountyJobData> }[];
  rollup?: { state: string; step?: string; result?: RollupJobResult; error?: ErrorInfo; data: RollupJobData };
}

/** Every batch in the queue (those of `folder` only, when given), by batch id. */
export async function batchStatus(queue: Queue<JobData>, folder?: string): Promise<BatchStatus[]> {
  const batches = new Map<string, BatchStatus>();
  const want = folder === undefined ? undefined : resolve(folder);
  for (const state of STATES) {
    for (const job of await queue.getJobs([state])) {
      if (!job?.data) continue;
      const d = job.data;
      const from = d.kind === 'county' ? dirname(d.model) : d.folder;
      if (want !== undefined && from !== want) continue;
      let b = batches.get(d.batch);
      if (!b) batches.set(d.batch, (b = { batch: d.batch, folder: from, counties: [] }));
      const progress = typeof job.progress === 'object' ? (job.progress as { step?: string; fraction?: number }) : {};
      const label = state === 'wait' || state === 'delayed' || state === 'prioritized' ? 'waiting' : state === 'completed' ? 'done' : state === 'active' ? 'running' : state;
      if (d.kind === 'county') {
        const result = job.returnvalue as CountyJobResult | undefined;
        b.counties.push({
          county: d.county,
          state: label,
          job: job as Job<CountyJobData>,
          ...(state === 'active' ? { ...(progress.step ? { step: progress.step } : {}), ...(progress.fraction !== undefined ? { fraction: progress.fraction } : {}), ...(job.processedBy ? { worker: job.processedBy } : {}) } : {}),
          ...(result ? { seconds: result.seconds } : {}),
          ...(state === 'failed' ? { error: jobError(job) } : {}),
        });
      } else {
        b.rollup = { state: label, data: d, ...(progress.step ? { step: progress.step } : {}), ...(state === 'completed' ? { result: job.returnvalue as RollupJobResult } : {}), ...(state === 'failed' ? { error: jobError(job) } : {}) };
      }
    }
  }
  for (const b of batches.values()) b.counties.sort((x, y) => (x.county < y.county ? -1 : 1));
  return [...batches.values()];
}

/** The status as text: per batch the counts, then the running and failed counties and the roll-up. */
export function statusReport(batches: BatchStatus[], lang: Lang): string {
  if (!batches.length) return 'no batch in the queue\n';
  const lines: string[] = [];
  for (const b of batches) {
    const count = (s: string): number => b.counties.filter((c) => c.state === s).length;
    lines.push(`batch ${b.batch} ${b.folder}`, `  ${b.counties.length} counties: ${count('done')} done, ${count('running')} running, ${count('waiting')} waiting, ${count('failed')} failed`);
    for (const c of b.counties.filter((x) => x.state === 'running')) lines.push(`  running\t${c.county}\t${c.step ?? ''} ${c.fraction === undefined ? '' : `${Math.round(c.fraction * 100)}%`}\t${c.worker ?? ''}`);
    for (const c of b.counties.filter((x) => x.state === 'failed')) lines.push(`  failed\t${c.county}\t${formatError(c.error!, lang)}`);
    if (b.rollup) lines.push(rollupLine(b.rollup, lang));
  }
  return lines.join('\n') + '\n';
}

/** The roll-up job's line of the status: its state and its folders, error or step. */
function rollupLine(r: NonNullable<BatchStatus['rollup']>, lang: Lang): string {
  const what = r.state === 'done' ? r.result!.areas.map((a) => a.outDir).join(', ') : r.state === 'failed' ? formatError(r.error!, lang) : r.state === 'waiting-children' ? 'waiting for the counties' : (r.step ?? '');
  return `  roll-up (${r.data.settings.level})\t${r.state}\t${what}${r.result?.missing.length ? `\t(left out: ${r.result.missing.join(', ')})` : ''}`;
}

/** The batch's county outcomes once every county job has ended (and the roll-up, when there is one). */
export async function waitForBatch(queue: Queue<JobData>, q: Enqueued, pollMs = 1000): Promise<{ counties: CountyOutcome[]; rollup?: BatchStatus['rollup'] }> {
  for (;;) {
    const b = (await batchStatus(queue)).find((x) => x.batch === q.batch);
    const ended = (s: string): boolean => s === 'done' || s === 'failed';
    if (b && b.counties.length === q.counties.length && b.counties.every((c) => ended(c.state)) && (!q.rollup || (b.rollup && ended(b.rollup.state)))) {
      const counties = q.counties.map((d): CountyOutcome => {
        const c = b.counties.find((x) => x.county === d.county)!;
        const r = c.job.returnvalue as CountyJobResult | undefined;
        return c.state === 'done' ? { model: d.model, outDir: d.outDir, ok: true, seconds: r!.seconds, classes: r!.classes } : { model: d.model, outDir: d.outDir, ok: false, seconds: 0, error: c.error! };
      });
      return { counties, ...(b.rollup ? { rollup: b.rollup } : {}) };
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export interface QueueArgs extends Partial<EnqueueOptions> {
  redis: string;
  queue?: string;
  status?: boolean;
  wait?: boolean;
  lang: Lang;
}

/** `riskatlas queue`: enqueue a folder (and with `--wait` wait for it), or show the status. Returns the exit code. */
export async function queueCommand(a: QueueArgs): Promise<number> {
  const connection = redisOptions(a.redis);
  await checkRedis(connection);
  const queue = new Queue<JobData>(a.queue ?? QUEUE_NAME, { connection });
  const flows = new FlowProducer({ connection });
  try {
    if (a.status) {
      process.stdout.write(statusReport(await batchStatus(queue, a.folder), a.lang));
      return 0;
    }
    const q = await enqueueBatch(queue, flows, { folder: a.folder!, out: a.out, rollup: a.rollup ?? 'province', grades: a.grades ?? 'keep', epsg: a.epsg, cellSize: a.cellSize, name: a.name, dpi: a.dpi });
    if (!q.counties.length) {
      process.stderr.write(`riskatlas: ${formatError({ code: 'E_FILE_NOT_FOUND', message: 'no model document (*.json with "riskatlas": "model") in the folder', file: resolve(a.folder!) }, a.lang)}\n`);
      return 1;
    }
    process.stdout.write(
      q.existing
        ? `batch ${q.batch} is already in the queue (${q.counties.length} counties): nothing added; riskatlas queue --status shows it\n`
        : `queued ${q.counties.length} counties${q.rollup ? ` and the ${q.rollup.settings.level} roll-up (into ${q.rollup.out})` : ''} as batch ${q.batch} on "${queue.name}"\n`,
    );
    if (!a.wait) return 0;
    const r = await waitForBatch(queue, q);
    process.stdout.write(batchReport(r.counties, a.lang));
    if (r.rollup) process.stdout.write(rollupLine(r.rollup, a.lang) + '\n');
    return r.counties.every((c) => c.ok) && r.rollup?.state !== 'failed' ? 0 : 1;
  } finally {
    await flows.close();
    await queue.close();
  }
}
