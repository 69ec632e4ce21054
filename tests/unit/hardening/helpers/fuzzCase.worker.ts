/**
 * Worker thread of the reader fuzzing: reads each file path it is sent and answers with the
 * outcome (a result or a coded error) and the memory it holds afterwards. Running the reads
 * here lets the test stop a case that never ends — even a synchronous loop — by terminating
 * the thread, which a timer in the reading thread could not do.
 */
import { parentPort } from 'node:worker_threads';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { attempt, type Result } from '../../../../src-shared/errors';

/** What one case gave, as the test checks it. */
export interface CaseOutcome {
  code: string;
  message: string;
  file?: string;
  warnings: number;
  /** JS heap + array buffers of this thread after the read, bytes. */
  memory: number;
}

/** Open a file as a layer; a raster also has every pixel of its first band decoded. */
async function exercise(path: string): Promise<Result<unknown>> {
  if (!path.endsWith('.tif')) return inspect(path);
  const r = await inspect(path);
  if (!r.ok) return r;
  return attempt(async () => {
    const src = await openGeoTiff(path);
    try {
      return await src.readWindow(0, 0, src.meta.width, src.meta.height, 0);
    } finally {
      await src.close();
    }
  }, 'E_INTERNAL', path);
}

parentPort!.on('message', async (path: string) => {
  const r = await exercise(path);
  const m = process.memoryUsage();
  const outcome: CaseOutcome = r.ok
    ? { code: 'ok', message: '', warnings: (r.value as { warnings?: string[] }).warnings?.length ?? 0, memory: m.heapUsed + m.arrayBuffers }
    : { code: r.error.code, message: r.error.message, ...(r.error.file !== undefined ? { file: r.error.file } : {}), warnings: 0, memory: m.heapUsed + m.arrayBuffers };
  parentPort!.postMessage(outcome);
});
