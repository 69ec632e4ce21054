/** The contract's part for computing: a model run in a worker, followed by status polls, cancellable. */
import { z } from 'zod';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { GradeClass } from '../../engine/classify/gradeStatistics';
import type { LayerEntry } from '../layers/contract';

export type { GradeClass } from '../../engine/classify/gradeStatistics';

/** The result of a model run. */
export interface RunResult {
  runId: string;
  outDir: string;
  /** Output files written (absolute paths), by role. */
  files: { index: string; grade: string; png?: string; stats: string };
  classification: { method: string; breaks: number[]; classes: GradeClass[] };
  /** Weights actually used per component, for provenance. */
  weights: Record<string, Record<string, number>>;
  /** Result layers to add to the map (category 'result'). */
  layers: LayerEntry[];
  elapsedMs: number;
  /** Prevention zoning of the run (when the model has `zoning`): capacity breaks and the zone list (FQDM, FQMC, MC, XZQMC, ZYZH, MJ_KM2, ZB, RK per zone). */
  zoning?: { capacityBreaks: number[]; zones: Record<string, unknown>[] };
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  jobId: string;
  state: JobState;
  /** 0–1. */
  progress: number;
  /** Current step, a stable key the UI translates (e.g. 'align', 'normalise', 'classify', 'write'). */
  step: string;
  result?: RunResult;
  error?: ErrorInfo;
}

const jobId = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const jobsArgs = {
  /** `allowLargeGrid`: run a grid of more than 400,000,000 cells knowingly (refused with E_RUN_TOO_LARGE otherwise). */
  'job.startRun': z.object({ allowLargeGrid: z.boolean().optional() }).strict(),
  'job.status': z.object({ jobId }).strict(),
  'job.cancel': z.object({ jobId }).strict(),
} as const;

export interface JobsResults {
  'job.startRun': { jobId: string };
  'job.status': JobStatus;
  'job.cancel': { cancelled: boolean };
}
