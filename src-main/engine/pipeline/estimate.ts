/**
 * What a run will cost before it starts: the memory its process holds at its peak and the
 * temporary disk its kept tiles take, from what the pipeline really allocates (run.ts lists
 * it; bench/README.md has the measured peaks these constants were set from):
 * - the process itself and the run's worker thread, and one V8 isolate per tile worker;
 * - per tile worker, the reused per-tile scratch (about a dozen Float64 intermediates);
 *   in flight, at most two tasks per worker, each carrying its tile's raw indicator tiles;
 * - the tile store (tileStore.ts): the raw indicator tiles (4 bytes per cell and indicator
 *   where Float32 holds the values exactly, else 8) from pass 1 to pass 3, then the index
 *   tiles (4 bytes per cell) until they are graded — in memory up to its budget (512 MiB),
 *   the rest in one temporary file that only grows;
 * - whole-grid arrays: the PNG quick-look (1 byte per cell, sampled above 64 M cells) and,
 *   with zoning, the grade, capacity, population, township and zone grids and one
 *   hazard-contribution grid per hazard (zoning.ts, zones.ts, polygonise.ts).
 * Output GeoTIFFs are streamed to their folder and cost a few tiles of memory.
 */
import { availableParallelism } from 'node:os';
import type { ModelDocument } from '../model/document';
import { PNG_MAX_CELLS } from './passes/grades';
import { TILE_STORE_MEMORY } from './tileStore';
import { DEFAULT_TILE_SIZE } from './tiling';

/** A run's size and what it will cost (bytes). */
export interface RunEstimate {
  width: number;
  height: number;
  cells: number;
  indicators: number;
  /** Peak resident memory of the process, tile workers included. */
  memoryBytes: number;
  /** Peak size of the kept-tile file in the system's temporary folder (0 when everything fits the tile store's budget). */
  tempDiskBytes: number;
}

const MiB = 1024 * 1024;

/** The process however small the grid: Node, the app's modules and the run's worker thread. */
export const PROCESS_BYTES = 200 * MiB;
/** One tile worker's V8 isolate with the engine's modules loaded. */
export const WORKER_BYTES = 100 * MiB;
/** A tile worker's reused scratch per cell of a tile: twelve Float64 intermediates. */
const SCRATCH_BYTES_PER_CELL = 12 * 8;
/** Bytes per cell of an index tile kept between pass 3 and pass 4 (Float32). */
const INDEX_BYTES_PER_CELL = 4;
/**
 * Zoning's whole grids per cell: risk grades (1), people (4), township ids (4), the
 * capacity component (4), capacity grades (1), the zone grid through the matrix, majority
 * filter and minimum mapping unit (3 × 1), and the region labels of polygonise and of the
 * zone attributes (2 × 4), with a margin for the traced edges.
 */
const ZONING_BYTES_PER_CELL = 30;
/** Zoning's hazard-contribution grid per hazard, per cell (Float32). */
const ZONING_BYTES_PER_HAZARD_CELL = 4;

/** Everything an estimate depends on. */
export interface RunShape {
  width: number;
  height: number;
  /** Bytes per cell of each indicator's kept raw tile: 4 (Float32 exact) or 8. */
  rawBytesPerCell: number[];
  /** Tile workers (0: the tiles are computed in the run's own thread). */
  workers: number;
  tileSize: number;
  /** Hazard-contribution grids of zoning, or null for a run without zoning. */
  zoning: { hazards: number } | null;
  /** The tile store's memory budget (bytes). */
  tileMemory: number;
}

/** The tile workers a run starts by default: one per core, none for a one-tile grid (as setup.ts decides). */
export function defaultWorkers(width: number, height: number, tileSize: number): number {
  const tiles = Math.ceil(width / tileSize) * Math.ceil(height / tileSize);
  return tiles > 1 ? Math.min(availableParallelism(), tiles) : 0;
}

/** The estimate of a run of `shape` (see the module comment for what is counted). */
export function estimateShape(shape: RunShape): RunEstimate {
  const { width, height, tileSize, tileMemory } = shape;
  const cells = width * height;
  const rawPerCell = shape.rawBytesPerCell.reduce((s, b) => s + b, 0);
  const tileCells = Math.min(tileSize * tileSize, cells);
  const threads = Math.max(1, shape.workers);
  const inFlightTasks = Math.max(1, 2 * shape.workers);
  const rawBytes = cells * rawPerCell;
  const indexBytes = cells * INDEX_BYTES_PER_CELL;
  const memoryBytes =
    PROCESS_BYTES +
    shape.workers * WORKER_BYTES +
    threads * tileCells * SCRATCH_BYTES_PER_CELL +
    inFlightTasks * tileCells * rawPerCell +
    Math.min(tileMemory, Math.max(rawBytes, indexBytes)) +
    Math.min(cells, PNG_MAX_CELLS) +
    (shape.zoning ? cells * (ZONING_BYTES_PER_CELL + ZONING_BYTES_PER_HAZARD_CELL * shape.zoning.hazards) : 0);
  // The raw tiles beyond the budget go to the file; pass 3 frees the budget's raw tiles as it
  // keeps the index tiles, which spill only where the index alone exceeds the budget.
  const tempDiskBytes = Math.max(0, rawBytes - tileMemory) + Math.max(0, indexBytes - tileMemory);
  return { width, height, cells, indicators: shape.rawBytesPerCell.length, memoryBytes, tempDiskBytes };
}

/**
 * The estimate of a run on a `grid` of `width` × `height` cells with `indicators`
 * indicators, before a model exists (the new-project wizard). It assumes the costliest
 * census case: every raw tile Float64 (8 bytes per cell and indicator) and zoning with one
 * hazard. `workers` defaults to one per core, `tileSize` to 512 cells.
 */
export function estimateRun(grid: { width: number; height: number }, indicators: number, opts: { workers?: number; tileSize?: number } = {}): RunEstimate {
  const tileSize = opts.tileSize ?? DEFAULT_TILE_SIZE;
  return estimateShape({
    width: grid.width,
    height: grid.height,
    rawBytesPerCell: new Array<number>(indicators).fill(8),
    workers: opts.workers ?? defaultWorkers(grid.width, grid.height, tileSize),
    tileSize,
    zoning: { hazards: 1 },
    tileMemory: TILE_STORE_MEMORY,
  });
}

/**
 * Bytes per cell an indicator's raw tile is kept in: 4 where its values are Float32 exactly —
 * a raster sampled by nearest neighbour or mode (its own values), or counted or marked
 * features (small whole numbers) — else 8 (interpolated, averaged, distances, densities).
 * The run decides per tile from the values; this is the estimate before reading them.
 */
export function rawBytesPerCell(ind: ModelDocument['indicators'][number]): number {
  if (ind.rasterize) return ind.rasterize === 'presence' || ind.rasterize === 'count' ? 4 : 8;
  return ind.resample === 'nearest' || ind.resample === 'mode' ? 4 : 8;
}

/**
 * The estimate of running `doc` on its analysis grid (`width` × `height`, known once the
 * study area is read): per-indicator raw tile sizes, zoning with the model's hazards.
 */
export function estimateModelRun(doc: ModelDocument, grid: { width: number; height: number }, opts: { workers?: number; tileSize?: number; tileMemory?: number } = {}): RunEstimate {
  const tileSize = opts.tileSize ?? DEFAULT_TILE_SIZE;
  return estimateShape({
    width: grid.width,
    height: grid.height,
    rawBytesPerCell: doc.indicators.map(rawBytesPerCell),
    workers: opts.workers ?? defaultWorkers(grid.width, grid.height, tileSize),
    tileSize,
    zoning: doc.zoning ? { hazards: doc.hazards?.length ?? 1 } : null,
    tileMemory: opts.tileMemory ?? TILE_STORE_MEMORY,
  });
}
