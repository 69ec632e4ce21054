/**
 * Worker-thread entry: runs one model and reports progress. Messages to the parent are
 * {@link WorkerMessage}s; cancellation is the parent terminating the thread (outputs are
 * written atomically, so a terminated run leaves no half file).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../errors';
import { runModel } from '../model/run';
import type { WorkerMessage, RunModelTask } from './protocol';

const task = workerData as RunModelTask;
const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);

runModel(task.modelPath, task.outDir, { onProgress: (p) => post({ type: 'progress', ...p }) })
  .then((summary) => post({ type: 'done', summary }))
  .catch((err: unknown) => post({ type: 'error', error: toErrorInfo(err) }));
