/**
 * Run a model in a worker thread, with progress and cancellation.
 *
 * Two ways to start the worker: from TypeScript sources (CLI through tsx, vitest) the
 * worker is an eval stub that loads the .ts entry with `tsx/esm/api` — `--import tsx`
 * in a Worker fails on Node 20; from the built Electron bundle it is the bundled
 * `runModel.worker.js` next to the main bundle.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { RunProgress, RunSummary } from '../run';
import type { ParentMessage, RunModelTask, WorkerMessage } from './protocol';
import type { TileWorkerData } from './tilePool';
import type { LiveWorkerData } from '../live/liveWorker';
import type { LiveHelperData } from '../live/liveHelper';

/** How long a cancelled run may take to clean up before its thread is stopped. */
const CANCEL_GRACE_MS = 5000;

/**
 * File URL of tsx's ESM API, resolved from this module (not from the working directory, which
 * is wherever the user ran the CLI). The CommonJS build of the API fails inside a Worker, so
 * the ESM entry is taken from tsx's export map.
 */
export function tsxEsmApi(from: string): string {
  const pkgPath = createRequire(fileURLToPath(from)).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}

/**
 * Start an engine worker thread (the model-run entry; `workerData` tells it whether to run a
 * model, to serve tiles of a run or to be a project's live worker — one entry, so the
 * Electron bundle needs no second one).
 */
export function startEngineWorker(data: RunModelTask | TileWorkerData | LiveWorkerData | LiveHelperData): Worker {
  const here = import.meta.url;
  // Under tsx the URL carries a query (tsImport's namespace): look at the path alone.
  if (new URL(here).pathname.endsWith('.ts')) {
    const entry = new URL('./runModel.worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsxEsmApi(here))}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
    return new Worker(boot, { eval: true, workerData: data });
  }
  return new Worker(new URL('./runModel.worker.js', here), { workerData: data });
}

/** A running model job. */
export interface RunHandle {
  /** Resolves with the summary; rejects with a RiskAtlasError (E_CANCELLED after cancel()). */
  done: Promise<RunSummary>;
  cancel(): void;
}

/**
 * Start `runModel(modelPath, outDir)` in a worker thread. `onProgress` is called on the
 * calling thread for each progress event.
 */
export function runModelInWorker(task: RunModelTask, onProgress?: (p: RunProgress) => void): RunHandle {
  const worker = startEngineWorker(task);
  let cancelled = false;
  const done = new Promise<RunSummary>((resolve, reject) => {
    let settled = false;
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') onProgress?.({ step: msg.step, progress: msg.progress });
      else if (msg.type === 'done') {
        settled = true;
        resolve(msg.summary);
      } else {
        settled = true;
        reject(cancelled ? new RiskAtlasError('E_CANCELLED', 'the run was cancelled') : new RiskAtlasError(msg.error.code, msg.error.message, { file: msg.error.file, params: msg.error.params }));
      }
      if (settled) void worker.terminate();
    });
    worker.on('error', (err) => {
      if (!settled) reject(new RiskAtlasError('E_INTERNAL', err.message, { cause: err }));
      settled = true;
    });
    worker.on('exit', () => {
      if (settled) return;
      settled = true;
      reject(cancelled ? new RiskAtlasError('E_CANCELLED', 'the run was cancelled') : new RiskAtlasError('E_INTERNAL', 'the worker stopped unexpectedly'));
    });
  });
  return {
    done,
    cancel: () => {
      // Ask the run to stop between tiles, so it removes its unfinished files; stop the
      // thread outright if it has not ended a few seconds later.
      cancelled = true;
      worker.postMessage({ type: 'cancel' } satisfies ParentMessage);
      setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS).unref();
    },
  };
}
