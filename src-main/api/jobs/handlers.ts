/** Handlers of the job methods (`job.*`). */
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import type { jobsArgs } from './contract';
import { cancelJob, jobStatus, startRun } from './run';

export function createJobsHandlers(ctx: ProjectContext): Handlers<typeof jobsArgs> {
  return {
    'job.startRun': async ({ allowLargeGrid }) => ({ jobId: await startRun(ctx, allowLargeGrid ?? false) }),
    'job.status': async ({ jobId }) => jobStatus(ctx, jobId),
    'job.cancel': async ({ jobId }) => ({ cancelled: cancelJob(ctx, jobId) }),
  };
}
