/**
 * Tile-worker side of the pool (workers/tilePool.ts): opens a {@link TileContext} for the
 * run, then answers tasks one at a time, transferring result buffers back.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../../../src-shared/errors';
import { TileContext } from '../tiles/tileContext';
import { transferables, type TileWorkerData, type TileWorkerReply, type TileWorkerRequest } from './tilePool';

/** Serve tile tasks for the run `data` describes until the parent terminates the thread. */
export async function serveTiles(data: TileWorkerData): Promise<void> {
  const port = parentPort!;
  const post = (msg: TileWorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);
  let ctx: TileContext;
  try {
    ctx = await TileContext.open(data.modelPath, data.grid);
  } catch (err) {
    post({ type: 'error', id: -1, error: toErrorInfo(err) });
    return;
  }
  port.on('message', (msg: TileWorkerRequest) => {
    if (msg.type === 'globals') {
      ctx.globals = msg.globals;
      post({ type: 'globals' });
      return;
    }
    ctx.run(msg.task).then(
      (result) => post({ type: 'result', id: msg.id, result }, transferables(result)),
      (err: unknown) => post({ type: 'error', id: msg.id, error: toErrorInfo(err) }),
    );
  });
  post({ type: 'ready' });
}
