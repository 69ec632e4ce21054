/**
 * Run a model document end to end: study area → analysis grid → indicators → normalise →
 * components → single-hazard risks → comprehensive risk index → classes → zoning → outputs
 * (index, single-hazard, grade and zoning GeoTIFFs, a grade PNG, a statistics CSV and a
 * provenance record). Pure Node; runs inside a worker thread when called through
 * `workers/`, so the window never freezes.
 *
 * Execution is streamed tile by tile, in passes over the tiles (passes/, each with the part
 * a tile does in tiles/), the tiles running in a worker pool; memory is bounded by the tile
 * size except for what {@link runModel} lists. Same model + inputs → byte-identical outputs,
 * whatever the number of workers.
 */
import { classBreaks } from './passes/classBreaks';
import { gradesPass, type PNG_MAX_CELLS } from './passes/grades';
import { writeOutputs } from './passes/outputs';
import { riskIndexPass } from './passes/riskIndex';
import { statisticsPass } from './passes/statistics';
import { weightsPass } from './passes/weights';
import { zoningOf } from './passes/zoning';
import { runMetadata } from './outputRasters';
import { setUpRun } from './setup';
import { runSummary, writeProvenance, type RunSummary } from './summary';
import type { TILE_STORE_MEMORY } from './tileStore';
import type { FreeResources, LARGE_GRID_CELLS } from './preflight';

export { analysisGrid } from './setup';
export type { HazardRiskSummary, RunSummary } from './summary';

export interface RunProgress {
  /** Stable step key: read, align, normalise, combine, classify, zoning, write. */
  step: string;
  /** 0–1 over the whole run. */
  progress: number;
}

export interface RunOptions {
  onProgress?: (p: RunProgress) => void;
  /** Aborting stops the run between tiles; it then removes its unfinished outputs and throws E_CANCELLED. */
  signal?: AbortSignal;
  /** Tile workers: default one per core (none for a one-tile grid); 0 computes in the calling thread. Outputs do not depend on it. */
  workers?: number;
  /** Analysis tile edge in cells (multiple of 16; above 256 a multiple of 256). Default 512. */
  tileSize?: number;
  /**
   * Bytes of tiles kept in memory between passes — the raw indicator tiles from the statistics
   * pass to the index pass, then the index tiles until they are graded — before further tiles
   * go to a temporary file (default 512 MiB, {@link TILE_STORE_MEMORY}).
   */
  tileMemory?: number;
  /** Run a grid of more than {@link LARGE_GRID_CELLS} cells knowingly (refused otherwise). */
  allowLargeGrid?: boolean;
  /** The memory and temporary disk to plan the run with (tests); default: what is free now (preflight.ts). */
  resources?: FreeResources;
}

/**
 * Run the model at `modelPath`, writing outputs into `outDir` (created if needed).
 * Output file names come from the model's `outputs`. Throws RiskAtlasError with a code.
 *
 * Memory: a few tile-sized arrays per worker, plus up to `tileMemory` of kept tiles, the rest
 * in a temporary file (raw indicator tiles, 4 or 8 bytes per cell and indicator, until the
 * index pass; then the index, 4 bytes per cell). Whole-grid arrays are held only for: the PNG
 * quick-look (1 byte per cell, sampled above {@link PNG_MAX_CELLS}); zoning, when asked for
 * (grade and capacity grade grids of 1 byte per cell, population and one
 * hazard-contribution grid per hazard of 4 bytes per cell, the capacity component of 4 bytes
 * per cell, unit ids of 4 bytes per cell, and the zone polygons); the distinct-value tables
 * of percentile indicators and of the index (up to 10⁶ values, then a histogram).
 */
export async function runModel(modelPath: string, outDir: string, opts: RunOptions = {}): Promise<RunSummary> {
  const startedAt = performance.now();
  // Study area → analysis grid → tiles, the tile executor, the kept-tile store.
  const run = await setUpRun(modelPath, outDir, opts);
  try {
    // Pass 1: read every input once; raw statistics per indicator.
    const indicators = await statisticsPass(run);
    // Pass 2: data-driven (entropy) weights, then every component's weights.
    const weights = await weightsPass(run);
    const metadata = runMetadata(run.doc, weights.weights);
    // Pass 3: single-hazard risks and the comprehensive index, written as they come.
    const index = await riskIndexPass(run, metadata);
    const classes = await classBreaks(run, index.distribution);
    // Pass 4: grades and their statistics.
    const graded = await gradesPass(run, classes, index.indexWriter, metadata);
    const zoning = zoningOf(run, index, classes, graded);
    await writeOutputs(run, metadata, classes, graded, zoning);
    const summary = runSummary(run, { indicators, weights, index, classes, graded, zoning, startedAt });
    await writeProvenance(summary);
    run.report('write', 1);
    return summary;
  } catch (err) {
    await run.rasters.abortAll();
    throw err;
  } finally {
    await run.exec.close();
    await run.store.close();
  }
}
