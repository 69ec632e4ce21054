/**
 * What the passes of a run (passes/) send the tiles (tiles/), in this thread or in a pool
 * worker (workers/tilePool.ts), and what comes back: one task and one result type per pass,
 * and the run globals every tile reads. Plain data: tasks and results cross thread
 * boundaries, their typed arrays transferred.
 *
 * 1. `stats`   — raw indicator tiles → per-indicator statistics, and the raw tiles themselves,
 *                which the run keeps (tileStore.ts);
 * 2. `entropy` — (only when a component weighs by entropy) normalised tiles → entropy sums;
 * 3. `index`   — normalised → components → single-hazard risks → comprehensive index, plus
 *                what the class breaks and zoning need;
 * 4. `grade`   — the stored index tile + breaks → grades and per-unit tallies.
 */
import type { TileValues } from '../classify/distribution';
import type { GradeTally } from '../classify/gradeStatistics';
import type { TileEncodingOptions } from '../export/geotiff';
import type { RawStats } from '../indicators/transforms';
import type { EntropyPartial } from '../weights/entropy';
import type { StoredTile } from './tileStore';
import type { Tile } from './tiling';

/** What every tile needs from the whole grid, set once per run after the passes that compute it. */
export interface RunGlobals {
  /** Raw statistics per indicator id (after pass 1). */
  stats: Record<string, RawStats>;
  /** Indicator weights per component source key (after pass 2). */
  weights?: Record<string, Record<string, number>>;
  /** Weight of each risk in the comprehensive risk, in `riskRuns` order (after pass 2). */
  hazardWeights?: number[];
  /** Percentile scoring of the index (indexScore "percentile"): the risk values' distribution as keys and counts. */
  score?: { keys: Float64Array; counts: Float64Array; n: number };
  /** Set during pass 3 once the index has more distinct values than exact breaks take: tiles then skip sorting theirs. */
  skipDistinct?: boolean;
  /**
   * How the tile threads encode output GeoTIFF tiles (set from the start, see
   * outputRasters.ts): the options of the float outputs (index, single-hazard and exposure
   * risks) and of the grades, and the analysis tile size they are cut from. Encoding in the
   * tile threads spreads the costliest part of writing — predictor and Deflate — over the pool.
   */
  encoding?: TileEncoding;
  /** Class breaks of the index (after pass 3). */
  breaks?: number[];
}

/** See {@link RunGlobals.encoding}. */
export interface TileEncoding {
  float: TileEncodingOptions;
  grade: TileEncodingOptions;
  tileSize: number;
}

/** Pass 1: read the inputs of a tile. */
export interface StatsTask {
  kind: 'stats';
  tile: Tile;
  /** Only these indicators (positions in `doc.indicators`): the ones a cache of raw tiles lacks. Default all. */
  indicators?: number[];
}
/** Pass 2: entropy sums of a tile, from its kept raw tiles (one per indicator, in `doc.indicators` order). */
export interface EntropyTask {
  kind: 'entropy';
  tile: Tile;
  raw: StoredTile[];
}
/** Pass 3: the index of a tile, from its kept raw tiles (as for {@link EntropyTask}). */
export interface IndexTask {
  kind: 'index';
  tile: Tile;
  raw: StoredTile[];
}
/** Pass 4: the grades of a tile, from its kept index tile. */
export interface GradeTask {
  kind: 'grade';
  tile: Tile;
  index: Float32Array;
}
/**
 * A tile task. Pass 1 (`stats`) hands back the raw tiles; the later passes get them (or the
 * index) back in the task and read no input.
 */
export type TileTask = StatsTask | EntropyTask | IndexTask | GradeTask;

export interface StatsResult {
  /** In `doc.indicators` order (or the task's `indicators` order). */
  stats: RawStats[];
  /** The raw tiles in `doc.indicators` order, NaN where not assessed: Float32 where exact. */
  raw: StoredTile[];
}
export interface EntropyResult {
  /** Per component source key that weighs by entropy. */
  sums: Record<string, EntropyPartial>;
}
/** One output GeoTIFF tile, encoded (see {@link RunGlobals.encoding}). */
export interface EncodedTile {
  x: number;
  y: number;
  bytes: Uint8Array;
}

/** A float output's tiles of one analysis tile, encoded, with the range of its valid values. */
export interface EncodedOutput {
  tiles: EncodedTile[];
  min: number;
  max: number;
}

export interface IndexResult {
  /** Comprehensive (or the single) risk index as written (Float32), NaN = nodata. */
  index: Float32Array;
  /** The index's output tiles, encoded — null with percentile scoring (the scores are written in pass 4). */
  encodedIndex: EncodedTile[] | null;
  /** Its distinct values etc. for the class breaks. */
  values: TileValues;
  /** Single-hazard risks of declared hazards, in `hazards` order. */
  hazards: EncodedOutput[];
  /** Comprehensive risk per exposure type, in `exposures` order. */
  exposures: EncodedOutput[];
  /** Zoning only: the capacity component, its values, and the hazard contributions by label. */
  capacity?: Float32Array;
  capacityValues?: TileValues;
  contributions?: { label: string; grid: Float32Array }[];
}
export interface GradeResult {
  grades: Uint8Array;
  /** The grades' output tiles, encoded. */
  encodedGrades: EncodedTile[];
  /** With percentile scoring: the index as written (the scores), encoded. */
  encodedScore?: EncodedTile[];
  tally: GradeTally;
  /** Zoning only: people and unit index per cell. */
  population?: Float32Array;
  units?: Int32Array;
}
export type TileResult = StatsResult | EntropyResult | IndexResult | GradeResult;
