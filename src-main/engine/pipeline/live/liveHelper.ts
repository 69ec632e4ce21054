/**
 * The live recompute's second thread. A county of millions of cells spends most of an edit in
 * passes over every cell — the fine histogram, the values kept near the breaks, the grades and
 * their tally, the panel's histogram — and a survey laptop has at least two cores: the live
 * worker (liveEngine.ts) does half of each pass and this helper the other half, on grids both
 * threads share (SharedArrayBuffer: nothing is copied).
 *
 * Each half is split so that the merged result has the bits one thread would give:
 * - the fine histogram by bins: both threads read every value, each adds those of its own
 *   bins, so each bin's sum is made in cell order ({@link Histogram.addRange});
 * - the grades by tiles, each tile's tally returned and merged in tile order, as a run merges;
 * - the values near the breaks and the panel's histogram by cells: the kept values are sorted
 *   before use and the counts are whole numbers, so neither depends on the split;
 * - each layer of the Jenks programme by class ends: after the root node, the helper solves
 *   the right subtree and this thread the left, each node from the previous layer alone.
 *
 * The kernels are plain functions ({@link kernels}); the helper's API is `typeof kernels`, and
 * without a helper (one core, or the helper failed) the engine calls the same functions itself.
 */
import { availableParallelism } from 'node:os';
import { parentPort, type Worker } from 'node:worker_threads';
import { RiskAtlasError, toErrorInfo, type ErrorInfo } from '../../../../src-shared/errors';
import { Histogram } from '../../classify/distribution';
import type { GradeTally } from '../../classify/gradeStatistics';
import { optimalPartitionIn, solveLayer } from '../../classify/jenks';
import { keepMarked, type RefineMarks } from '../../classify/jenksRefine';
import { countValues } from '../../classify/valueHistogram';
import { gradeCells, type GradeInputs, type GradeRule } from '../tiles/grades';
import { startEngineWorker } from '../workers/runInWorker';

/** The passes a helper does on shared grids (each also callable in the engine's own thread). */
export const kernels = {
  /** Add the values of `values` (shared) in bins `from` … `to` − 1 to the shared histogram over [min, max]. */
  histogram(a: { shared: SharedArrayBuffer; min: number; max: number; values: Float32Array; from: number; to: number }): null {
    new Histogram(a.min, a.max, { buffer: a.shared, fresh: false }).addRange(a.values, a.from, a.to);
    return null;
  },
  /** The values of `values` whose bins `marks` keeps; null when there are too many to keep. */
  keep(a: { marks: RefineMarks; values: Float32Array }): Float64Array | null {
    const into = { values: new Float64Array(1 << 14), n: 0 };
    return keepMarked(a.values, a.marks, into) ? into.values.slice(0, into.n) : null;
  },
  /** Grade tiles (shared index and grades views) and tally each. */
  grade(a: { index: Float32Array[]; grades: Uint8Array[]; inputs: GradeInputs[]; rule: GradeRule }): GradeTally[] {
    return a.index.map((values, i) => gradeCells(values, a.inputs[i]!, a.rule, a.grades[i]!));
  },
  /** Solve a subtree of one layer of the Jenks programme on shared tables (jenks.ts {@link solveLayer}). */
  layer(a: LayerTask): null {
    solveLayer(a.tables, a.c, a.lo, a.hi, a.optLo, a.optHi, false);
    return null;
  },
  /** Count values into `bins` bins over [min, max] (the panel's histogram): counts and valid cells. */
  count(a: { tiles: Float32Array[]; bins: number; min: number; max: number }): { counts: Float64Array; n: number } {
    const counts = new Float64Array(a.min === a.max ? 1 : a.bins);
    return { counts, n: countValues(a.tiles, a.bins, a.min, a.max, counts) };
  },
};

export type Kernels = typeof kernels;

/** A subtree of one layer of the Jenks programme, on shared tables. */
type LayerTask = Parameters<Parameters<typeof optimalPartitionIn>[2]>[0];
type Kernel = keyof Kernels;

/** workerData of a live helper. */
export interface LiveHelperData {
  role: 'liveHelper';
}

interface HelperRequest {
  id: number;
  kernel: Kernel;
  args: unknown;
}
type HelperReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorInfo };

/** Grids smaller than this are recomputed in one thread: a second would cost more in messages than it saves. */
export const HELPER_MIN_CELLS = 250_000;

/** The helper thread, engine side: kernels run there, or here once it has failed. */
export class LiveHelper {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private worker: Worker | null;

  private constructor(worker: Worker | null) {
    this.worker = worker;
    worker?.on('message', (msg: HelperReply) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (!this.waiting.size) worker.unref();
      if (msg.ok) w.resolve(msg.value);
      else w.reject(new RiskAtlasError(msg.error.code, msg.error.message));
    });
    const lost = (why: string): void => {
      // Whatever was asked of it is done here instead (the kernels are the same functions).
      this.worker = null;
      for (const [id, w] of this.waiting) {
        this.waiting.delete(id);
        w.reject(new RiskAtlasError('E_INTERNAL', why));
      }
    };
    worker?.on('error', (err) => lost(`live helper failed: ${err.message}`));
    worker?.on('exit', () => lost('the live helper stopped'));
    // Idle, it keeps no process alive; while a call waits for it, it does.
    worker?.unref();
  }

  /**
   * A helper thread when the machine has a second core (and `RISKATLAS_LIVE_THREADS` is not 1),
   * else one that runs every kernel here.
   */
  static start(): LiveHelper {
    const two = availableParallelism() > 1 && process.env.RISKATLAS_LIVE_THREADS?.trim() !== '1';
    return new LiveHelper(two ? startEngineWorker({ role: 'liveHelper' }) : null);
  }

  /** True while a second thread takes the work. */
  get parallel(): boolean {
    return this.worker !== null;
  }

  /** Run `kernel` in the helper thread (here without one, or when it fails on the way). */
  async call<K extends Kernel>(kernel: K, args: Parameters<Kernels[K]>[0]): Promise<ReturnType<Kernels[K]>> {
    const run = (): ReturnType<Kernels[K]> => (kernels[kernel] as (a: typeof args) => ReturnType<Kernels[K]>)(args);
    const worker = this.worker;
    if (!worker) return run();
    const id = ++this.seq;
    try {
      return (await new Promise<unknown>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, kernel, args } satisfies HelperRequest);
      })) as ReturnType<Kernels[K]>;
    } catch (err) {
      if (this.worker) throw err; // the kernel itself failed: it would fail here too
      return run();
    }
  }

  /** Stop the thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}

/** Worker side: answer kernel calls until terminated. */
export function serveLiveHelper(): void {
  const port = parentPort!;
  port.on('message', (msg: HelperRequest) => {
    try {
      const value = (kernels[msg.kernel] as (a: unknown) => unknown)(msg.args);
      // A kernel's own arrays (kept values, counts) go over without a copy.
      const transfer = value instanceof Float64Array && !(value.buffer instanceof SharedArrayBuffer) ? [value.buffer as ArrayBuffer] : [];
      port.postMessage({ id: msg.id, ok: true, value } satisfies HelperReply, transfer);
    } catch (err) {
      port.postMessage({ id: msg.id, ok: false, error: toErrorInfo(err) } satisfies HelperReply);
    }
  });
}
