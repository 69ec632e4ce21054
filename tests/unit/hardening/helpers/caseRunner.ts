/** The fuzzing's case runner (shared by the reader fuzzing and the deep fuzzing). */
import { Worker } from 'node:worker_threads';
import { tsxEsmApi } from '../../../../src-main/engine/pipeline/workers/runInWorker';
import type { CaseOutcome } from './fuzzCase.worker';

/** The longest a fresh thread may take to load its entry (the engine, compiled by tsx) on a busy machine. */
const BOOT_MS = 180_000;

/**
 * Runs cases in a worker thread with a hard time limit: a case over `ms` terminates the
 * thread (whatever it is doing) and fails; the next case gets a fresh thread. A case's time
 * starts once the thread has loaded its entry (which says `ready`), so a slow start on a
 * loaded machine is not taken for a hang.
 */
export class CaseRunner {
  private worker: Promise<Worker> | null = null;
  /** Each case's number travels with its answer: an answer to an abandoned case is never taken for another's. */
  private cases = 0;

  /** @param entry the worker's TypeScript entry (the case reader; a spinning stub in the self-test); it posts 'ready' once loaded. */
  constructor(private readonly entry: URL) {}

  private start(): Promise<Worker> {
    // The thread loads the TypeScript entry through tsx's ESM API, as the engine's own workers
    // do from sources (`--import tsx` in a Worker fails on Node 20).
    const boot = `import(${JSON.stringify(tsxEsmApi(import.meta.url))}).then((m) => m.tsImport(${JSON.stringify(this.entry.href)}, ${JSON.stringify(import.meta.url)}))`;
    this.worker ??= new Promise<Worker>((resolve, reject) => {
      // workerData must be an object: geotiff.js's web-worker shim reads it on import in any thread.
      const w = new Worker(boot, { eval: true, workerData: {} });
      const timer = setTimeout(() => (void w.terminate(), reject(new Error(`the case thread did not start in ${BOOT_MS} ms`))), BOOT_MS);
      w.once('error', (err) => (clearTimeout(timer), reject(err)));
      w.once('message', (m: unknown) => (clearTimeout(timer), m === 'ready' ? resolve(w) : reject(new Error(`the case thread said ${String(m)} instead of ready`))));
    });
    return this.worker;
  }

  /** Read `path` in the thread (`deep`: decode every pixel of every band, or rasterise every feature); fails after `ms`. */
  async run(path: string, ms: number, deep = false): Promise<CaseOutcome> {
    const w = await this.start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await new Promise<CaseOutcome>((resolve, reject) => {
        const done = (): void => {
          w.off('message', onMessage);
          w.off('error', onError);
        };
        const id = ++this.cases;
        const onMessage = (o: CaseOutcome & { id?: number }): void => {
          if (o.id !== id) return;
          done();
          const { id: _, ...outcome } = o;
          resolve(outcome);
        };
        const onError = (err: Error): void => (done(), (this.worker = null), reject(new Error(`uncaught in the reader: ${err.message}`)));
        w.on('message', onMessage);
        w.on('error', onError);
        timer = setTimeout(() => {
          done();
          this.worker = null;
          void w.terminate();
          reject(new Error(`${path}: no answer in ${ms} ms (hang)`));
        }, ms);
        w.postMessage({ id, path, deep });
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const w = await this.worker?.catch(() => null);
    this.worker = null;
    await w?.terminate();
  }
}
