/**
 * Worker-thread entry, two roles chosen by `workerData`:
 * - a model run (from runInWorker): runs one model, reports progress, and stops between tiles
 *   when the parent sends `cancel` (unfinished outputs are removed; every output is written to
 *   a temporary file and renamed, so a stopped run never leaves a half file);
 * - a tile worker of a run's pool (`role: 'tiles'`, from tilePool).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../../src-shared/errors';
import { runModel } from '../run';
import type { ParentMessage, RunModelTask, WorkerMessage } from './protocol';
import type { TileWorkerData } from './tilePool';
import { serveTiles } from './tileWorker';

const data = workerData as RunModelTask | TileWorkerData;

if ('role' in data && data.role === 'tiles') {
  void serveTiles(data);
} else {
  const task = data as RunModelTask;
  const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);
  const abort = new AbortController();
  parentPort!.on('message', (msg: ParentMessage) => {
    if (msg.type === 'cancel') abort.abort();
  });
  runModel(task.modelPath, task.outDir, {
    onProgress: (p) => post({ type: 'progress', ...p }),
    signal: abort.signal,
    ...(task.workers !== undefined ? { workers: task.workers } : {}),
    ...(task.tileSize !== undefined ? { tileSize: task.tileSize } : {}),
    ...(task.allowLargeGrid ? { allowLargeGrid: true } : {}),
  })
    .then((summary) => post({ type: 'done', summary }))
    .catch((err: unknown) => post({ type: 'error', error: toErrorInfo(err) }));
}
