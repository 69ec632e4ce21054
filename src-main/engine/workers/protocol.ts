import type { ErrorInfo } from '../errors';
import type { RunProgress, RunSummary } from '../model/run';

/** What the parent sends a model-run worker (as workerData). */
export interface RunModelTask {
  modelPath: string;
  outDir: string;
}

/** What a model-run worker sends back. */
export type WorkerMessage =
  | ({ type: 'progress' } & RunProgress)
  | { type: 'done'; summary: RunSummary }
  | { type: 'error'; error: ErrorInfo };
