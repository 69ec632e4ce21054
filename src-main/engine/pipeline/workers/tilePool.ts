/**
 * Executing a run's tiles: in the calling thread, or in a pool of `worker_threads` workers
 * (one per core by default), each holding its own {@link TileContext}. Tiles are handed out
 * in row-major order with a bounded number in flight, and their results are consumed in that
 * same order (a small reorder buffer), so merges and file writes happen in one fixed order:
 * the outputs are byte-identical whatever the number of workers. Typed arrays in tasks and
 * results are transferred, not copied.
 */
import type { Worker } from 'node:worker_threads';
import { RiskAtlasError, type ErrorInfo } from '../../../../src-shared/errors';
import type { GridSpec } from '../../grid/gridSpec';
import { TileContext } from '../tiles/tileContext';
import type { RunGlobals, TileResult, TileTask } from '../tileTasks';
import type { Tile } from '../tiling';
import { startEngineWorker } from './runInWorker';

/** workerData of a tile worker. */
export interface TileWorkerData {
  role: 'tiles';
  modelPath: string;
  grid: GridSpec;
}

/** Parent → tile worker. */
export type TileWorkerRequest = { type: 'globals'; globals: RunGlobals } | { type: 'task'; id: number; task: TileTask };
/** Tile worker → parent. */
export type TileWorkerReply =
  | { type: 'ready' }
  | { type: 'globals' }
  | { type: 'result'; id: number; result: TileResult }
  | { type: 'error'; id: number; error: ErrorInfo };

/** Runs tile tasks. */
export interface TileExecutor {
  /** How many tasks run at once. */
  readonly concurrency: number;
  /** Set the run globals in every thread (before the tasks that need them). */
  setGlobals(globals: RunGlobals): Promise<void>;
  run(task: TileTask): Promise<TileResult>;
  /** Stop the workers (safe to call twice). */
  close(): Promise<void>;
}

/** The ArrayBuffers inside a task or result, to transfer rather than copy. */
export function transferables(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferables(v, out);
  }
  return [...out];
}

/** Tasks in the calling thread (workers = 0): same code, no threads. */
export async function inlineExecutor(modelPath: string, grid: GridSpec): Promise<TileExecutor> {
  return contextExecutor(await TileContext.open(modelPath, grid));
}

/** Tasks on an open context in the calling thread; closing the executor closes the context. */
export function contextExecutor(ctx: TileContext): TileExecutor {
  return {
    concurrency: 1,
    setGlobals: async (g) => {
      ctx.globals = g;
    },
    run: (task) => ctx.run(task),
    close: () => ctx.close(),
  };
}

interface PoolWorker {
  worker: Worker;
  busy: boolean;
}

/**
 * A pool of `size` tile workers. Resolves once every worker has opened its context; rejects
 * with the first worker's error (e.g. an unreadable study area).
 */
export async function workerPool(modelPath: string, grid: GridSpec, size: number): Promise<TileExecutor> {
  const data: TileWorkerData = { role: 'tiles', modelPath, grid };
  const workers: PoolWorker[] = [];
  const pending = new Map<number, { resolve: (r: TileResult) => void; reject: (e: unknown) => void; pw: PoolWorker }>();
  const queue: { task: TileTask; id: number }[] = [];
  let nextId = 0;
  let closed = false;
  let broken: RiskAtlasError | null = null;

  const failAll = (err: RiskAtlasError): void => {
    broken ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const dispatch = (): void => {
    for (const pw of workers) {
      if (pw.busy || !queue.length) continue;
      const { task, id } = queue.shift()!;
      pw.busy = true;
      pending.get(id)!.pw = pw;
      pw.worker.postMessage({ type: 'task', id, task } satisfies TileWorkerRequest, transferables(task));
    }
  };

  const ready = Array.from({ length: size }, () => {
    const pw: PoolWorker = { worker: startEngineWorker(data), busy: false };
    workers.push(pw);
    return new Promise<void>((resolveReady, rejectReady) => {
      pw.worker.on('message', (msg: TileWorkerReply) => {
        if (msg.type === 'ready') resolveReady();
        else if (msg.type === 'result' || msg.type === 'error') {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          pw.busy = false;
          if (msg.type === 'result') p?.resolve(msg.result);
          else {
            const err = new RiskAtlasError(msg.error.code, msg.error.message, { file: msg.error.file, params: msg.error.params });
            if (p) p.reject(err);
            else rejectReady(err);
          }
          dispatch();
        }
      });
      pw.worker.on('error', (err) => {
        const e = new RiskAtlasError('E_INTERNAL', `tile worker failed: ${err.message}`, { cause: err });
        rejectReady(e);
        failAll(e);
      });
      pw.worker.on('exit', () => {
        if (!closed) failAll(new RiskAtlasError('E_INTERNAL', 'a tile worker stopped unexpectedly'));
      });
    });
  });

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await Promise.all(workers.map((pw) => pw.worker.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (err) {
    await close();
    throw err;
  }

  return {
    concurrency: size,
    setGlobals: (globals) =>
      Promise.all(
        workers.map(
          (pw) =>
            new Promise<void>((resolve) => {
              const onMsg = (msg: TileWorkerReply): void => {
                if (msg.type !== 'globals') return;
                pw.worker.off('message', onMsg);
                resolve();
              };
              pw.worker.on('message', onMsg);
              pw.worker.postMessage({ type: 'globals', globals } satisfies TileWorkerRequest);
            }),
        ),
      ).then(() => undefined),
    run: (task) =>
      new Promise<TileResult>((resolve, reject) => {
        if (broken) return reject(broken);
        if (closed) return reject(new RiskAtlasError('E_CANCELLED', 'the tile pool is closed'));
        const id = nextId++;
        pending.set(id, { resolve, reject, pw: workers[0]! });
        queue.push({ task, id });
        dispatch();
      }),
    close,
  };
}

/**
 * Run `task(tile)` for every tile and hand each result to `consume` in tile order (awaited
 * one at a time), with at most 2 × concurrency tasks in flight. `load` completes a task just
 * before it is sent (e.g. reads its input tile from a TileStore), so inputs are held
 * only while in flight. Checks `signal` before each tile; throws E_CANCELLED when aborted
 * (results in flight are dropped).
 */
export async function forEachTile<T extends TileTask, R extends TileResult>(
  exec: TileExecutor,
  tiles: Tile[],
  task: (t: Tile) => T,
  consume: (result: R, t: Tile) => Promise<void> | void,
  opts: { signal?: Pick<AbortSignal, 'aborted'>; onTile?: (done: number) => void; load?: (task: T) => Promise<T> } = {},
): Promise<void> {
  const limit = Math.max(1, exec.concurrency * 2);
  const inFlight = new Map<number, Promise<TileResult>>();
  let next = 0;
  const launch = (): void => {
    while (next < tiles.length && inFlight.size < limit) {
      if (opts.signal?.aborted) break;
      const t = tiles[next++]!;
      const p = opts.load ? opts.load(task(t)).then((x) => exec.run(x)) : exec.run(task(t));
      p.catch(() => undefined); // handled when awaited in order
      inFlight.set(t.index, p);
    }
  };
  for (let i = 0; i < tiles.length; i++) {
    if (opts.signal?.aborted) throw new RiskAtlasError('E_CANCELLED', 'cancelled');
    launch();
    const t = tiles[i]!;
    const result = (await inFlight.get(t.index)!) as R;
    inFlight.delete(t.index);
    await consume(result, t);
    opts.onTile?.(i + 1);
  }
}
