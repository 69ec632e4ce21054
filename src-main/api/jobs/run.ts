/**
 * Model runs as jobs: a run of the open model in a worker thread, its progress polled by id,
 * its result registered and recorded in the project file when it ends.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RiskAtlasError, toErrorInfo } from '../../../src-shared/errors';
import { runModelInWorker } from '../../engine/pipeline/workers/runInWorker';
import type { Job, ProjectContext } from '../context';
import { touched } from '../project/autosave';
import type { JobStatus } from './contract';
import { registerResult } from './results';

/** Start running the open project's model in a worker (`allowLargeGrid`: see preflight.ts); returns the job id at once. */
export async function startRun(ctx: ProjectContext, allowLargeGrid = false): Promise<string> {
  // A run writes into the project (its folder, its run history): only its writer runs it.
  const p = ctx.editable();
  const doc = ctx.loadedModel().doc;
  const jobId = `run-${randomBytes(6).toString('hex')}`;
  const outDir = join(p.dataDir, 'runs', jobId);
  const modelPath = await ctx.writeModelFile(doc, jobId);
  const started = new Date().toISOString();
  const status: JobStatus = { jobId, state: 'running', progress: 0, step: 'read' };
  const handle = runModelInWorker({ modelPath, outDir, ...(allowLargeGrid ? { allowLargeGrid } : {}) }, (pr) => {
    status.progress = pr.progress;
    status.step = pr.step;
  });
  const settled = handle.done.then(
    async (summary) => {
      try {
        const result = await registerResult(ctx, jobId, summary);
        status.result = result;
        status.state = 'done';
        status.progress = 1;
        if (ctx.project === p) {
          p.lastRun = result;
          p.file.recordRun({ id: jobId, started, finished: new Date().toISOString(), model: JSON.stringify(doc), summary: result });
          touched(ctx, false);
        }
      } catch (err) {
        status.state = 'failed';
        status.error = toErrorInfo(err);
      }
      await rm(modelPath, { force: true }).catch(() => undefined);
    },
    async (err: unknown) => {
      const info = toErrorInfo(err);
      status.state = info.code === 'E_CANCELLED' ? 'cancelled' : 'failed';
      status.error = info;
      await rm(modelPath, { force: true }).catch(() => undefined);
    },
  );
  ctx.jobs.set(jobId, { status, handle, settled });
  return jobId;
}

function jobOf(ctx: ProjectContext, jobId: string): Job {
  const job = ctx.jobs.get(jobId);
  if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no job "${jobId}"`);
  return job;
}

/** A job's status. */
export function jobStatus(ctx: ProjectContext, jobId: string): JobStatus {
  return jobOf(ctx, jobId).status;
}

/** Cancel a running job; false when it had already ended. */
export function cancelJob(ctx: ProjectContext, jobId: string): boolean {
  const job = jobOf(ctx, jobId);
  if (job.status.state !== 'running') return false;
  job.handle.cancel();
  return true;
}

/** Cancel every running job (the project closes). */
export function cancelRunningJobs(ctx: ProjectContext): void {
  for (const job of ctx.jobs.values()) if (job.status.state === 'running') job.handle.cancel();
}

/** Wait for a job to end (tests and the CLI). */
export async function waitForJob(ctx: ProjectContext, jobId: string): Promise<JobStatus> {
  const job = jobOf(ctx, jobId);
  await job.settled;
  return job.status;
}
