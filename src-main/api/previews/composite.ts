/**
 * The live preview while weights change: the composite of an edited model on a coarse grid,
 * computed by the same engine run as a full compute (without zoning and statistics) and
 * drawn as a PNG on the index ramp.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { openGeoTiff } from '../../engine/io/geotiff';
import { encodePng } from '../../engine/export/png';
import { tempFolderPrefix } from '../../engine/export/leftovers';
import { gridExtent } from '../../engine/grid/gridSpec';
import type { ModelDocument } from '../../engine/model/document';
import { analysisGrid, runModel } from '../../engine/pipeline/run';
import type { ProjectContext } from '../context';
import { validateModel } from '../model/edit';
import { modelIn } from '../project/storedPaths';
import type { CompositePreview } from './contract';
import { studyExtent } from './grid';

/** The ramp of the index layer's default style (low → high: green, yellow, red). */
const RAMP: [number, number, number][] = [
  [0x38, 0xa8, 0x00],
  [0xff, 0xff, 0x00],
  [0xe6, 0x00, 0x00],
];

/** RGBA of `t` in [0, 1] on {@link RAMP}, linearly between the stops. */
export function rampColour(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/**
 * The cell size (m) that keeps a grid over `extent` at or under `maxCells` cells and is never
 * finer than the model's: the coarse grid of the live preview.
 */
export function coarseCellSize(extent: Extent, cellSize: number, maxCells: number, snap?: [number, number]): number {
  const area = (extent[2] - extent[0]) * (extent[3] - extent[1]);
  let size = Math.max(cellSize, Math.sqrt(area / maxCells));
  // The grid rounds the extent out to whole (snapped) cells: grow until the count fits.
  for (;;) {
    const g = analysisGrid(0, extent, size, snap);
    if (g.width * g.height <= maxCells) return size;
    size *= 1.02;
  }
}

/** Draw index values (nodata = NaN or `nodata`) over [min, max] on the ramp; nodata transparent. */
export function indexRgba(values: ArrayLike<number>, nodata: number | null): { rgba: Uint8Array; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v === nodata) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const rgba = new Uint8Array(values.length * 4);
  const span = max > min ? max - min : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || v === nodata) continue;
    const [r, g, b] = rampColour((v - min) / span);
    rgba.set([r, g, b, 255], i * 4);
  }
  return { rgba, min, max };
}

/**
 * The composite of `raw` (an edited model, validated like model.update; default the current
 * one) on a coarse grid of at most `maxCells` cells, computed in this thread by the same
 * engine run as a full compute (without zoning and statistics), drawn as a PNG.
 */
export async function previewComposite(ctx: ProjectContext, raw: unknown, maxCells: number): Promise<CompositePreview> {
  // Latest wins: while weights are being dragged only the newest request is worth computing.
  const seq = ++ctx.preview.seq;
  await ctx.preview.running;
  if (seq !== ctx.preview.seq) throw new RiskAtlasError('E_CANCELLED', 'superseded by a newer preview');
  const run = computePreview(ctx, raw, maxCells);
  ctx.preview.running = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

async function computePreview(ctx: ProjectContext, raw: unknown, maxCells: number): Promise<CompositePreview> {
  const p = ctx.open();
  const doc = raw === undefined ? ctx.loadedModel().doc : validateModel(ctx, raw);
  const extent = await studyExtent(modelIn(p.dataDir, doc));
  const cellSize = coarseCellSize(extent, doc.grid.cellSize, maxCells, doc.grid.snap);
  const { zoning: _zoning, statistics: _statistics, ...rest } = doc;
  const coarse: ModelDocument = { ...rest, grid: { ...doc.grid, cellSize } };
  const tag = `preview-${randomBytes(4).toString('hex')}`;
  const modelPath = await ctx.writeModelFile(coarse, tag);
  const outDir = await mkdtemp(tempFolderPrefix('preview'));
  try {
    const summary = await runModel(modelPath, outDir, { workers: 0 });
    const src = await openGeoTiff(summary.files.index);
    let values: Float64Array;
    try {
      values = await src.readWindow(0, 0, src.meta.width, src.meta.height, 0);
    } finally {
      await src.close();
    }
    const { rgba, min, max } = indexRgba(values, src.meta.nodata);
    const png = encodePng(src.meta.width, src.meta.height, rgba);
    return {
      width: src.meta.width,
      height: src.meta.height,
      extent: gridExtent(summary.grid),
      cellSize,
      png: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
      min,
      max,
      weights: summary.weights,
    };
  } finally {
    await rm(modelPath, { force: true });
    await rm(outDir, { recursive: true, force: true });
  }
}
