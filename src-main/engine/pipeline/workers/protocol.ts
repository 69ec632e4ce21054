import type { ErrorInfo } from '../../../../src-shared/errors';
import type { RunProgress, RunSummary } from '../run';

/** What the parent sends a model-run worker (as workerData). */
export interface RunModelTask {
  modelPath: string;
  outDir: string;
  /** Tile workers (default: one per core; 0 = compute in the run's own thread). */
  workers?: number;
  /** Analysis tile edge in cells (default 512). */
  tileSize?: number;
  /** Run a grid past the large-grid limit knowingly (see preflight.ts). */
  allowLargeGrid?: boolean;
}

/** What the parent may send a model-run worker while it runs. */
export type ParentMessage = { type: 'cancel' };

/** What a model-run worker sends back. */
export type WorkerMessage =
  | ({ type: 'progress' } & RunProgress)
  | { type: 'done'; summary: RunSummary }
  | { type: 'error'; error: ErrorInfo };
