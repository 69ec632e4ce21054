/** Handlers of the roll-up methods (`rollup.*`): user-chosen folders only. */
import type { Handlers, PathGuard } from '../handlers';
import type { rollupArgs } from './contract';
import { RollupJobs, scanFolder } from './jobs';

export function createRollupHandlers(allowed: PathGuard): Handlers<typeof rollupArgs> {
  const jobs = new RollupJobs();
  return {
    'rollup.scan': async ({ folder }) => scanFolder(allowed(folder)),
    'rollup.start': async (args) => ({ jobId: jobs.start({ ...args, folder: allowed(args.folder) }) }),
    'rollup.status': async ({ jobId }) => jobs.status(jobId),
    'rollup.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
