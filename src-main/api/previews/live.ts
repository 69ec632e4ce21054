/**
 * The live preview of model edits and the runs that follow them, over the open project's live
 * worker (engine/pipeline/live/): started on first use for the project's data folder, it keeps
 * the raw indicator grids every run and edit leave, so an edit of weights, operator, classes
 * or zoning matrix is recomputed at full resolution at once and "计算" reads no input again.
 * Grids above the cell budget are previewed on a coarse grid instead (composite.ts) and run as
 * before, each in a worker of its own.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { gridExtent } from '../../engine/grid/gridSpec';
import type { ModelDocument } from '../../engine/model/document';
import { LiveWorker } from '../../engine/pipeline/live/liveClient';
import type { LiveView } from '../../engine/pipeline/live/liveEngine';
import type { RunProgress } from '../../engine/pipeline/run';
import { analysisGrid } from '../../engine/pipeline/setup';
import type { RunModelTask } from '../../engine/pipeline/workers/protocol';
import { runModelInWorker, type RunHandle } from '../../engine/pipeline/workers/runInWorker';
import type { ProjectContext } from '../context';
import { extentOf } from '../model/extent';
import { validateModel } from '../model/edit';
import { previewComposite } from './composite';
import type { LivePreview } from './contract';

/**
 * The most cells an analysis grid may have for the live recompute: 16 million (4000 × 4000).
 * It keeps each indicator's raw grid (4 bytes per cell; past 512 MiB in a temporary file),
 * the components (8 bytes per cell each, up to 384 MiB), the index (4) and the grades (1).
 * `RISKATLAS_LIVE_MAX_CELLS` sets another budget (0: always the coarse preview).
 */
export const LIVE_MAX_CELLS = 16_000_000;
/** Cells of the coarse composite above the budget. */
export const COARSE_CELLS = 20_000;

/** The cell budget in force. */
export function liveCellBudget(): number {
  const env = process.env.RISKATLAS_LIVE_MAX_CELLS;
  const n = env === undefined || env.trim() === '' ? NaN : Number(env);
  return Number.isInteger(n) && n >= 0 ? n : LIVE_MAX_CELLS;
}

/** Cells of the analysis grid of `doc`. */
async function gridCells(ctx: ProjectContext, doc: ModelDocument): Promise<number> {
  const { extent } = await extentOf(ctx, doc);
  const g = analysisGrid(doc.grid.epsg, extent, doc.grid.cellSize, doc.grid.snap);
  return g.width * g.height;
}

/** The open project's live worker, started (again, after a failure) when needed. */
async function liveWorker(ctx: ProjectContext): Promise<LiveWorker> {
  const p = ctx.open();
  const running = ctx.live ? await ctx.live.catch(() => null) : null;
  if (running?.usable) return running;
  const started = LiveWorker.start(p.dataDir);
  ctx.live = started;
  return started;
}

/** Stop the live worker (the project closes), freeing its grids and temporary file. */
export async function closeLive(ctx: ProjectContext): Promise<void> {
  const live = ctx.live;
  ctx.live = null;
  const w = live ? await live.catch(() => null) : null;
  await w?.close();
}

/** `live.update`: the edit `raw` (default the current model) at full resolution, or coarse above the budget. */
export async function liveUpdate(ctx: ProjectContext, a: { doc?: unknown; view: LiveView; image: boolean; bins: number }): Promise<LivePreview> {
  const t0 = performance.now();
  const doc = a.doc === undefined ? ctx.loadedModel().doc : validateModel(ctx, a.doc);
  const cells = await gridCells(ctx, doc);
  const budget = liveCellBudget();
  if (cells > budget) {
    const coarse = await previewComposite(ctx, a.doc, COARSE_CELLS);
    return { mode: 'coarse', cells, budget, ...coarse, elapsedMs: performance.now() - t0 };
  }
  const r = await (await liveWorker(ctx)).update({ doc, view: a.view, image: a.image, bins: a.bins });
  const { grid } = r;
  return {
    mode: 'full',
    cells,
    budget,
    width: grid.width,
    height: grid.height,
    extent: gridExtent(grid),
    cellSize: grid.cellSize,
    ...(r.png ? { png: `data:image/png;base64,${Buffer.from(r.png).toString('base64')}` } : {}),
    breaks: r.breaks,
    classes: r.classes,
    restricted: r.restricted,
    histogram: r.histogram,
    weights: r.weights,
    ...(r.zones ? { zones: r.zones } : {}),
    stages: r.stages,
    elapsedMs: performance.now() - t0,
    memory: r.memory,
  };
}

/**
 * Start a run of `doc` (written at `modelPath`) into `outDir`: in the live worker, from the
 * indicators it keeps (the run reads only those it lacks, and keeps them), or above the cell
 * budget in a worker of its own.
 */
export async function startRunHandle(ctx: ProjectContext, doc: ModelDocument, task: Pick<RunModelTask, 'modelPath' | 'outDir' | 'allowLargeGrid'>, onProgress: (p: RunProgress) => void): Promise<RunHandle> {
  let cells: number;
  try {
    cells = await gridCells(ctx, doc);
  } catch (err) {
    // The run itself says what is wrong with the grid, with its file.
    if (err instanceof RiskAtlasError) return runModelInWorker(task, onProgress);
    throw err;
  }
  if (cells > liveCellBudget()) return runModelInWorker(task, onProgress);
  return (await liveWorker(ctx)).run(task, onProgress);
}
