/**
 * Worker-thread entry, roles chosen by `workerData`:
 * - a model run (from runInWorker): runs one model, reports progress, and stops between tiles
 *   when the parent sends `cancel` (unfinished outputs are removed; every output is written to
 *   a temporary file and renamed, so a stopped run never leaves a half file);
 * - a tile worker of a run's pool (`role: 'tiles'`, from tilePool);
 * - a project's live worker (`role: 'live'`, from live/liveClient.ts): the live recompute of
 *   model edits, and runs from its kept raw tiles;
 * - the live worker's helper (`role: 'liveHelper'`, from live/liveHelper.ts): half of each of
 *   its passes over the cells.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../../src-shared/errors';
import { runModel } from '../run';
import type { ParentMessage, RunModelTask, WorkerMessage } from './protocol';
import type { TileWorkerData } from './tilePool';
import { serveTiles } from './tileWorker';
import { serveLive, type LiveWorkerData } from '../live/liveWorker';
import { serveLiveHelper, type LiveHelperData } from '../live/liveHelper';

const data = workerData as RunModelTask | TileWorkerData | LiveWorkerData | LiveHelperData;

if ('role' in data && data.role === 'tiles') {
  void serveTiles(data);
} else if ('role' in data && data.role === 'live') {
  serveLive(data);
} else if ('role' in data && data.role === 'liveHelper') {
  serveLiveHelper();
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
