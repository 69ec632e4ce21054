/**
 * Setting a run up: the model, the study area and the analysis grid over it, the grid's
 * tiles, the tile executor (a worker pool, or this thread), the store of kept tiles and the
 * output rasters — the {@link RunContext} every pass of run.ts shares.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import type { GridSpec } from '../grid/gridSpec';
import { featureExtent } from '../io/vectorMeta';
import { modelIncompleteness, type ModelDocument } from '../model/document';
import { checkInputs, type InputRecord } from '../qc/inputs';
import { checkGridSize, loadModel, type LoadedModel } from '../model/loadModel';
import { studyAreaFeatures } from '../model/studyArea';
import { areaNameOf } from '../model/labels';
import { checkIndicators, problemError } from '../indicators/check';
import { loadUnits, type AssessmentUnits } from './assessmentUnits';
import { componentPlan, type ComponentPlan } from './componentPlan';
import { outputFiles, type RunFiles } from './outputFiles';
import { OutputRasters } from './outputRasters';
import type { RunOptions } from './run';
import type { RunGlobals, TileResult, TileTask } from './tileTasks';
import { TileStore } from './tileStore';
import { estimateModelRun } from './estimate';
import { checkRunFits, freeResources } from './preflight';
import { removeDeadTempFiles, removeOrphanedTempFolders } from '../export/leftovers';
import { DEFAULT_TILE_SIZE, tileLayout, tileSizeProblem, type Tile } from './tiling';
import { forEachTile, inlineExecutor, workerPool, type TileExecutor } from './workers/tilePool';

/**
 * The analysis grid over `extent`: cells of `cellSize`, the origin on the snap point plus
 * whole cells (default snap [0, 0], so neighbouring counties' grids line up), grown to cover
 * the extent fully.
 */
export function analysisGrid(epsg: number, extent: Extent, cellSize: number, snap: [number, number] = [0, 0], file?: string): GridSpec {
  const [sx, sy] = snap;
  const originX = sx + Math.floor((extent[0] - sx) / cellSize) * cellSize;
  const originY = sy + Math.ceil((extent[3] - sy) / cellSize) * cellSize;
  const width = Math.max(1, Math.ceil((extent[2] - originX) / cellSize));
  const height = Math.max(1, Math.ceil((originY - extent[1]) / cellSize));
  checkGridSize(width, height, cellSize, file);
  return { epsg, originX, originY, cellSize, width, height };
}

/** What every pass of a run shares. */
export interface RunContext {
  model: LoadedModel;
  doc: ModelDocument;
  /** How each input's CRS was identified and brought to the grid, and its text encoding (for provenance). */
  inputs: Record<string, InputRecord>;
  /** The output folder (absolute, created). */
  out: string;
  files: RunFiles;
  grid: GridSpec;
  /** The assessed area's name (the model's `area.name`; see model/labels.ts). */
  studyName: string;
  units: AssessmentUnits | null;
  plan: ComponentPlan;
  tileSize: number;
  tiles: Tile[];
  /** Tile workers (0: the tiles are computed in this thread). */
  workers: number;
  exec: TileExecutor;
  /** Tiles kept between passes, under {@link rawKey} and {@link indexKey}. */
  store: TileStore;
  /** What the tiles read from the whole grid; a pass that changes it sends it with `exec.setGlobals`. */
  globals: RunGlobals;
  rasters: OutputRasters;
  /** Throw E_CANCELLED once the run is aborted. */
  checkCancel(): void;
  /** Check for cancellation, then report progress (0–1 over the whole run) of `step`. */
  report(step: string, progress: number): void;
  /**
   * One pass over the tiles: `task` on every tile, the results handed to `consume` in tile
   * order, progress reported as `step` going from `from` to `to`. `load` completes a task just
   * before it is sent (with its kept tiles), so they are held only while in flight.
   */
  eachTile<T extends TileTask, R extends TileResult>(
    task: (t: Tile) => T,
    consume: (r: R, t: Tile) => Promise<void> | void,
    step: string,
    from: number,
    to: number,
    load?: (task: T) => Promise<T>,
  ): Promise<void>;
  /** Store key of the raw tile of indicator `i` of tile `t`. */
  rawKey(t: number, i: number): number;
  /** Store key of the index tile of tile `t` (after every raw key). */
  indexKey(t: number): number;
}

/**
 * Set up a run of the model at `modelPath` into `outDir` (created if needed). The executor,
 * opened last, must be closed ({@link RunContext.exec}), as must the store.
 */
export async function setUpRun(modelPath: string, outDir: string, opts: RunOptions): Promise<RunContext> {
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new RiskAtlasError('E_CANCELLED', 'cancelled');
  };
  const report = (step: string, progress: number): void => {
    checkCancel();
    opts.onProgress?.({ step, progress });
  };
  report('read', 0);
  const model = await loadModel(modelPath);
  const incomplete = modelIncompleteness(model.doc);
  if (incomplete) throw new RiskAtlasError('E_MODEL_INCOMPLETE', incomplete, { file: modelPath });
  // Every layer the run reads has a computable CRS and a decided encoding, or the run stops here.
  const inputs = await checkInputs(model);
  // Every indicator can be computed as the technician meant it (fields, filters, extents), or the run stops here.
  const refusal = (await checkIndicators(model)).find((p) => p.severity === 'error');
  if (refusal) throw problemError(refusal, model.doc);
  const doc = model.doc;
  const out = resolve(outDir);
  const tileSize = opts.tileSize ?? DEFAULT_TILE_SIZE;
  const sizeProblem = tileSizeProblem(tileSize);
  if (sizeProblem) throw new RiskAtlasError('E_ARG_INVALID', sizeProblem);
  await mkdir(out, { recursive: true }).catch((err: Error) => {
    throw new RiskAtlasError('E_WRITE', err.message, { file: out });
  });
  // What killed runs left: kept tiles in the temporary folder, half-written outputs here.
  await removeOrphanedTempFolders();
  await removeDeadTempFiles(out);

  // Study area → grid.
  const study = await studyAreaFeatures(model);
  const ext = featureExtent({ type: 'FeatureCollection', features: study });
  if (!ext) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no polygons', { file: doc.layers[doc.grid.studyArea]!.path });
  const grid = analysisGrid(doc.grid.epsg, ext, doc.grid.cellSize, doc.grid.snap, model.path);
  const studyName = areaNameOf(doc, study);
  const tiles = tileLayout(grid, tileSize);
  // One tile gains nothing from a pool: by default it is computed in this thread.
  const workers = Math.max(0, Math.min(opts.workers ?? (tiles.length > 1 ? availableParallelism() : 0), tiles.length));
  // Will it fit? Refused now, before anything is computed, when it will not.
  checkRunFits(estimateModelRun(doc, grid, { workers, tileSize, ...(opts.tileMemory !== undefined ? { tileMemory: opts.tileMemory } : {}) }), opts.resources ?? (await freeResources()), {
    file: model.path,
    cellSize: doc.grid.cellSize,
    ...(opts.allowLargeGrid ? { allowLargeGrid: true } : {}),
  });
  const units = await loadUnits(model, grid.epsg);
  report('align', 0.02);

  const exec = workers > 0 ? await workerPool(model.path, grid, workers) : await inlineExecutor(model.path, grid);
  const rasters = new OutputRasters(grid, tileSize);
  const plan = componentPlan(doc);
  return {
    model,
    doc,
    inputs,
    out,
    files: outputFiles(doc, out, plan),
    grid,
    studyName,
    units,
    plan,
    tileSize,
    tiles,
    workers,
    exec,
    store: new TileStore(opts.tileMemory),
    globals: { stats: {}, encoding: rasters.encoding },
    rasters,
    checkCancel,
    report,
    eachTile: (task, consume, step, from, to, load) =>
      forEachTile(exec, tiles, task, consume, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onTile: (done) => opts.onProgress?.({ step, progress: from + ((to - from) * done) / tiles.length }),
        ...(load ? { load } : {}),
      }),
    rawKey: (t, i) => t * doc.indicators.length + i,
    indexKey: (t) => tiles.length * doc.indicators.length + t,
  };
}
