/**
 * The engine's live worker, worker side: one {@link LiveEngine} for a project, answering the
 * edits and runs the parent (liveClient.ts) sends, one at a time — the engine's kept grids
 * are not shared between two computations. Of the edits waiting, only the newest is
 * computed; one being computed stops at its next tile once a newer one is sent: the parent
 * writes the newest edit's number into memory both threads share before it posts it (a
 * computation that never yields to the event loop could not read the message in time).
 */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo, type ErrorInfo } from '../../../../src-shared/errors';
import type { RunProgress } from '../run';
import type { RunSummary } from '../summary';
import { LiveEngine, type LiveRequest, type LiveResult } from './liveEngine';

/** workerData of a live worker. */
export interface LiveWorkerData {
  role: 'live';
  /** The folder model layer paths resolve in (the project's data folder). */
  dir: string;
  /** Bytes of raw tiles kept in memory before a temporary file. */
  memory?: number;
  /** Int32Array[1] over it: the number of the newest edit sent. */
  newest: SharedArrayBuffer;
}

/** Parent → live worker. */
export type LiveRequestMessage =
  | { type: 'update'; seq: number; request: LiveRequest }
  | { type: 'run'; id: number; modelPath: string; outDir: string; allowLargeGrid?: boolean }
  | { type: 'cancelRun'; id: number }
  /** Free the kept grids (and the temporary file) once the work sent before is done. */
  | { type: 'close' };

/** Live worker → parent. */
export type LiveReplyMessage =
  | { type: 'ready' }
  | { type: 'result'; seq: number; result: LiveResult }
  | { type: 'error'; seq: number; error: ErrorInfo }
  | ({ type: 'progress'; id: number } & RunProgress)
  | { type: 'done'; id: number; summary: RunSummary }
  | { type: 'runError'; id: number; error: ErrorInfo }
  | { type: 'closed' };

/** Serve the project `data` describes until the parent terminates the thread. */
export function serveLive(data: LiveWorkerData): void {
  const port = parentPort!;
  const post = (msg: LiveReplyMessage): void => port.postMessage(msg);
  const engine = new LiveEngine(data.dir, data.memory);
  const newest = new Int32Array(data.newest);
  const runs = new Map<number, AbortController>();
  let queue = Promise.resolve();
  const next = (job: () => Promise<void>): void => {
    queue = queue.then(job, job);
  };

  port.on('message', (msg: LiveRequestMessage) => {
    switch (msg.type) {
      case 'update':
        next(async () => {
          // Stale before it started, or while it runs: the parent has sent a newer edit.
          const signal = { get aborted(): boolean { return Atomics.load(newest, 0) !== msg.seq; } };
          try {
            if (signal.aborted) throw new Error('superseded');
            const result = await engine.update(msg.request, signal);
            // Copied, not transferred: the engine keeps the picture for the next edit that needs it.
            post({ type: 'result', seq: msg.seq, result });
          } catch (err) {
            post({ type: 'error', seq: msg.seq, error: signal.aborted ? { code: 'E_CANCELLED', message: 'superseded by a newer edit' } : toErrorInfo(err) });
          }
        });
        break;
      case 'run': {
        const abort = new AbortController();
        runs.set(msg.id, abort);
        next(async () => {
          try {
            const summary = await engine.run(msg.modelPath, msg.outDir, { signal: abort.signal, onProgress: (p) => post({ type: 'progress', id: msg.id, ...p }), ...(msg.allowLargeGrid ? { allowLargeGrid: true } : {}) });
            post({ type: 'done', id: msg.id, summary });
          } catch (err) {
            post({ type: 'runError', id: msg.id, error: toErrorInfo(err) });
          } finally {
            runs.delete(msg.id);
          }
        });
        break;
      }
      case 'cancelRun':
        runs.get(msg.id)?.abort();
        break;
      case 'close':
        next(async () => {
          await engine.close().catch(() => undefined);
          post({ type: 'closed' });
        });
        break;
    }
  });
  post({ type: 'ready' });
}
