/**
 * Worker thread of the reader fuzzing: reads each file path it is sent and answers with the
 * outcome (a result or a coded error) and the memory it holds afterwards. Running the reads
 * here lets the test stop a case that never ends — even a synchronous loop — by terminating
 * the thread, which a timer in the reading thread could not do.
 */
import { parentPort } from 'node:worker_threads';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { openGeoTiff } from '../../../../src-main/engine/io/geotiff';
import { readVector } from '../../../../src-main/engine/io/openLayer';
import { gridForExtent } from '../../../../src-main/engine/grid/gridSpec';
import { rasterizeFeatures } from '../../../../src-main/engine/grid/rasterizeFeatures';
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

/** Cells across the grid a deep case rasterises a vector layer onto. */
const DEEP_GRID = 64;

/**
 * Open a file as a layer; a raster also has every pixel of its first band decoded. `deep`:
 * the whole file as a run would use it — every pixel of every band, or every feature
 * rasterised onto a grid over the layer's extent and every attribute value read.
 */
async function exercise(path: string, deep: boolean): Promise<Result<unknown>> {
  const raster = path.endsWith('.tif');
  if (!raster && !deep) return inspect(path);
  const r = await inspect(path);
  if (!r.ok) return r;
  return attempt(async () => {
    if (!raster) {
      const layer = await readVector(path);
      for (const f of layer.features.features) JSON.stringify(f.properties);
      const e = layer.meta.extent;
      if (!e) return r.value;
      const size = Math.max(e[2] - e[0], e[3] - e[1]) / DEEP_GRID;
      if (!(size > 0 && Number.isFinite(size))) return r.value;
      const grid = gridForExtent(layer.meta.crs?.epsg ?? 4326, e, size);
      rasterizeFeatures(grid, layer.features.features.map((f) => f.geometry), 'count');
      return r.value;
    }
    const src = await openGeoTiff(path);
    try {
      for (let band = 0; band < (deep ? src.meta.bands : 1); band++) await src.readWindow(0, 0, src.meta.width, src.meta.height, band);
      return r.value;
    } finally {
      await src.close();
    }
  }, 'E_INTERNAL', path);
}

parentPort!.on('message', async ({ id, path, deep }: { id: number; path: string; deep: boolean }) => {
  const r = await exercise(path, deep);
  const m = process.memoryUsage();
  const outcome: CaseOutcome = r.ok
    ? { code: 'ok', message: '', warnings: (r.value as { warnings?: string[] }).warnings?.length ?? 0, memory: m.heapUsed + m.arrayBuffers }
    : { code: r.error.code, message: r.error.message, ...(r.error.file !== undefined ? { file: r.error.file } : {}), warnings: 0, memory: m.heapUsed + m.arrayBuffers };
  parentPort!.postMessage({ ...outcome, id });
});
parentPort!.postMessage('ready');
