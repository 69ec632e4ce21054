/**
 * The engine's live worker, parent side: a project's {@link LiveEngine} in its own thread
 * (the one engine worker entry, role 'live'), sent model edits to recompute and runs to
 * write from its kept raw tiles. The newest edit wins: each older one still waiting or being
 * computed ends in E_CANCELLED.
 */
import type { Worker } from 'node:worker_threads';
import { RiskAtlasError, type ErrorInfo } from '../../../../src-shared/errors';
import type { RunProgress } from '../run';
import type { RunSummary } from '../summary';
import type { RunModelTask } from '../workers/protocol';
import { startEngineWorker, type RunHandle } from '../workers/runInWorker';
import type { LiveRequest, LiveResult } from './liveEngine';
import type { LiveReplyMessage, LiveRequestMessage, LiveWorkerData } from './liveWorker';

/** How long a closing live worker may take to free its grids before its thread is stopped. */
const CLOSE_GRACE_MS = 5000;

const asError = (e: ErrorInfo): RiskAtlasError => new RiskAtlasError(e.code, e.message, { file: e.file, params: e.params });

interface Waiting<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export class LiveWorker {
  private seq = 0;
  private nextRun = 0;
  private readonly updates = new Map<number, Waiting<LiveResult>>();
  private readonly runs = new Map<number, Waiting<RunSummary> & { onProgress?: (p: RunProgress) => void }>();
  private broken: RiskAtlasError | null = null;
  private closed: (() => void) | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly newest: Int32Array,
  ) {
    worker.on('message', (msg: LiveReplyMessage) => this.receive(msg));
    worker.on('error', (err) => this.fail(new RiskAtlasError('E_INTERNAL', `live worker failed: ${err.message}`, { cause: err })));
    worker.on('exit', () => this.fail(new RiskAtlasError('E_INTERNAL', 'the live worker stopped')));
    // The project's session closes it; it never keeps a process alive on its own (after the
    // listeners: adding one refs the worker again).
    worker.unref();
  }

  /**
   * Start a live worker for the models whose layer paths resolve in `dir`; resolves once it
   * is ready. `memory`: bytes of raw tiles kept in memory before a temporary file.
   */
  static start(dir: string, memory?: number): Promise<LiveWorker> {
    const newest = new SharedArrayBuffer(4);
    const data: LiveWorkerData = { role: 'live', dir, newest, ...(memory !== undefined ? { memory } : {}) };
    const worker = startEngineWorker(data);
    return new Promise((resolve, reject) => {
      const onReady = (msg: LiveReplyMessage): void => {
        if (msg.type !== 'ready') return;
        worker.off('message', onReady);
        worker.off('error', reject);
        resolve(new LiveWorker(worker, new Int32Array(newest)));
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
  }

  /** True once the thread has failed or stopped: start another. */
  get usable(): boolean {
    return this.broken === null;
  }

  /** Recompute an edit; an older edit not yet answered ends in E_CANCELLED. */
  update(request: LiveRequest): Promise<LiveResult> {
    if (this.broken) return Promise.reject(this.broken);
    const seq = ++this.seq;
    // Said before it is sent, so the edit being computed sees at its next tile that it is stale.
    Atomics.store(this.newest, 0, seq);
    return new Promise((resolve, reject) => {
      this.updates.set(seq, { resolve, reject });
      this.send({ type: 'update', seq, request });
    });
  }

  /** Run the model at `modelPath` into `outDir` from the kept raw tiles (after the edits sent before it). */
  run(task: Pick<RunModelTask, 'modelPath' | 'outDir' | 'allowLargeGrid'>, onProgress?: (p: RunProgress) => void): RunHandle {
    const id = ++this.nextRun;
    const done = this.broken
      ? Promise.reject(this.broken)
      : new Promise<RunSummary>((resolve, reject) => {
          this.runs.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
          this.send({ type: 'run', id, ...task });
        });
    return { done, cancel: () => this.send({ type: 'cancelRun', id }) };
  }

  /** Free the worker's grids and temporary file, then stop the thread. */
  async close(): Promise<void> {
    if (!this.broken) {
      await new Promise<void>((resolve) => {
        this.closed = resolve;
        this.send({ type: 'close' });
        setTimeout(resolve, CLOSE_GRACE_MS).unref();
      });
    }
    this.fail(new RiskAtlasError('E_CANCELLED', 'the live worker was closed'));
    await this.worker.terminate();
  }

  private send(msg: LiveRequestMessage): void {
    if (!this.broken) this.worker.postMessage(msg);
  }

  private receive(msg: LiveReplyMessage): void {
    switch (msg.type) {
      case 'result':
      case 'error': {
        const w = this.updates.get(msg.seq);
        this.updates.delete(msg.seq);
        if (msg.type === 'result') w?.resolve(msg.result);
        else w?.reject(asError(msg.error));
        break;
      }
      case 'progress':
        this.runs.get(msg.id)?.onProgress?.({ step: msg.step, progress: msg.progress });
        break;
      case 'done':
      case 'runError': {
        const w = this.runs.get(msg.id);
        this.runs.delete(msg.id);
        if (msg.type === 'done') w?.resolve(msg.summary);
        else w?.reject(asError(msg.error));
        break;
      }
      case 'closed':
        this.closed?.();
        break;
      case 'ready':
        break;
    }
  }

  /** Everything still waiting fails with `err`; nothing more is sent. */
  private fail(err: RiskAtlasError): void {
    this.broken ??= err;
    for (const w of [...this.updates.values(), ...this.runs.values()]) w.reject(this.broken);
    this.updates.clear();
    this.runs.clear();
  }
}
