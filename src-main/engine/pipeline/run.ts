/**
 * Run a model document end to end: study area → analysis grid → indicators → normalise →
 * components → single-hazard risks → comprehensive risk index → classes → zoning → outputs
 * (index, single-hazard, grade and zoning GeoTIFFs, a grade PNG, a statistics CSV and a
 * provenance record). Pure Node; runs inside a worker thread when called through
 * `workers/`, so the window never freezes.
 *
 * Execution is streamed tile by tile (see tileCompute.ts for the four passes), the tiles
 * running in a worker pool; memory is bounded by the tile size except for what
 * {@link runModel} lists. Same model + inputs → byte-identical outputs, whatever the number
 * of workers.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { gridGeoTransform, type GridSpec } from '../grid/gridSpec';
import { featureExtent } from '../io/vectorMeta';
import type { Extent } from '../../../src-shared/layer';
import { breaksOfDistribution, fixedBreaks } from '../classify/breaks';
import { DistributionBuilder, mapDistribution } from '../classify/distribution';
import { JenksRefinement } from '../classify/jenksRefine';
import { schemeFor, hexToRgb } from '../../../src-shared/schemes';
import { classesFromTally, mergeTally, unitRowsFromTally, type GradeClass, type GradeTally, type UnitGradeRow } from '../classify/gradeStatistics';
import { GeoTiffTileWriter, type GeoTiffOptions } from '../export/geotiffWriter';
import { encodePalettePng } from '../export/png';
import { writeFileAtomic } from '../export/atomicFile';
import { toCsv } from '../export/csv';
import { writeShapefile } from '../export/shapefileWriter';
import { writeGeoPackage } from '../export/geopackageWriter';
import { computeZoning, capacityGrades, type ZoningResult } from '../zoning/zones';
import { DEFAULT_ZONE_MATRIX, ZONE_NAMES } from '../../../src-shared/zoneMatrix';
import { appVersion } from '../../appPaths';
import { checkInputs } from '../qc/inputs';
import { inlineExecutor, forEachTile, workerPool, type TileExecutor } from './workers/tilePool';
import type { ModelDocument } from '../model/document';
import { checkGridSize, loadModel, resolveModelPath } from '../model/loadModel';
import { readVectorInGrid } from '../indicators/rawIndicator';
import { needsEntropy, resolveWeights, type WeightDetail } from '../weights/componentWeights';
import { mergeRawStats, percentileRank, type RawStats } from '../indicators/transforms';
import { mergeEntropy, type EntropyPartial } from '../weights/entropy';
import { componentPlan, loadUnits, NAME_FIELD, type EncodedOutput, type EncodedTile, type EntropyResult, type GradeResult, type IndexResult, type RunGlobals, type StatsResult, type TileTask } from './tileCompute';
import { DEFAULT_TILE_SIZE, outputTiles, outputTileSize, placeTile, tileLayout, tileSizeProblem } from './tiling';
import { TileStore, type TILE_STORE_MEMORY } from './tileStore';

/** Nodata written to the continuous index GeoTIFFs (comprehensive and single-hazard). */
export const INDEX_NODATA = -9999;
/** Nodata of the grade GeoTIFF (grades are 1…k; k + 1 is the 'restricted' grade of excluded land). */
export const GRADE_NODATA = 0;
/** Above this many cells the PNG quick-look samples every n-th cell and row (it is held whole in memory). */
export const PNG_MAX_CELLS = 64_000_000;

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
}

/** One single-hazard risk a run computed. */
export interface HazardRiskSummary {
  id: string;
  name: string;
  weight: number;
  operator: string;
  /** Range of the single-hazard risk over the assessed cells. */
  min: number;
  max: number;
  file: string;
}

/** What a run computed and wrote; also saved as `provenance.json` beside the outputs. */
export interface RunSummary {
  software: { name: 'RiskAtlas'; version: string };
  modelPath: string;
  model: ModelDocument;
  outDir: string;
  /** Output paths; single-hazard risks under `hazard_<id>` keys. */
  files: { index: string; grade: string; png: string; stats: string; provenance: string; zoning?: string; zones?: string; zonesGpkg?: string } & Record<`hazard_${string}` | `exposure_${string}`, string>;
  grid: GridSpec;
  /** Raw value range of each indicator over the study area, before normalisation. */
  indicators: { id: string; min: number; max: number; validCells: number; mean: number; sd: number }[];
  /** Indicator weights per component ('H', 'E' … for the model's components, 'landslide.H' for a hazard's own), and 'risk' component weights. */
  weights: Record<string, Record<string, number>>;
  /** How each component's weights were found (AHP λmax/CI/CR, entropy values), by the same keys. */
  weightDetails: Record<string, WeightDetail>;
  /** Single-hazard risks (models with `hazards`). */
  hazards?: HazardRiskSummary[];
  /** Comprehensive risk per exposure type (models with `exposures`). */
  exposures?: { id: string; name: string; min: number; max: number; file: string }[];
  /** Range of the (comprehensive) risk index as written (risk values or percentile scores; riskMin/riskMax: the risk values' range when scored); breaks are computed on it as written (Float32). */
  index: {
    score: 'value' | 'percentile';
    min: number;
    max: number;
    validCells: number;
    /** True when the breaks come from every distinct value (up to 10⁶ of them). */
    exactBreaks: boolean;
    /**
     * Jenks past that limit: the histogram breaks were refined on the exact values near each
     * break (classify/jenksRefine.ts); `certified` when every break fell strictly inside its
     * window, i.e. they are the exact optimum among breaks within those windows.
     */
    refinedBreaks?: { certified: boolean };
    riskMin?: number;
    riskMax?: number;
  };
  classification: { method: string; breaks: number[]; classes: GradeClass[]; restricted?: { grade: number; name: string; cells: number; areaKm2: number; population?: number } };
  units: UnitGradeRow[];
  /** Zoning, when the model asks for it: capacity breaks and one row per zone polygon. */
  zoning?: { capacityBreaks: number[]; zones: Record<string, unknown>[] };
  execution: { tileSize: number; tiles: number; workers: number };
  elapsedMs: number;
}

/**
 * The analysis grid over `extent`: cells of `cellSize`, the origin on the snap point plus
 * whole cells (default snap [0, 0], so neighbouring counties' grids line up), grown to cover
 * the extent fully.
 */
export function analysisGrid(epsg: number, extent: Extent, cellSize: number, snap: [number, number] = [0, 0]): GridSpec {
  const [sx, sy] = snap;
  const originX = sx + Math.floor((extent[0] - sx) / cellSize) * cellSize;
  const originY = sy + Math.ceil((extent[3] - sy) / cellSize) * cellSize;
  const width = Math.max(1, Math.ceil((extent[2] - originX) / cellSize));
  const height = Math.max(1, Math.ceil((originY - extent[1]) / cellSize));
  checkGridSize(width, height, cellSize);
  return { epsg, originX, originY, cellSize, width, height };
}

/** `outputs.hazardIndex` for one hazard. */
const hazardFile = (pattern: string, id: string): string => pattern.split('{id}').join(id);

/**
 * Run the model at `modelPath`, writing outputs into `outDir` (created if needed).
 * Output file names come from the model's `outputs`. Throws RiskAtlasError with a code.
 *
 * Memory: a few tile-sized arrays per worker, plus up to `tileMemory` of kept tiles, the rest
 * in a temporary file (raw indicator tiles, 4 or 8 bytes per cell and indicator, until the
 * index pass; then the index, 4 bytes per cell). Whole-grid arrays are held only for: the PNG quick-look (1 byte per cell,
 * skipped above {@link PNG_MAX_CELLS}); zoning, when asked for (grade and capacity grade
 * grids of 1 byte per cell, population and one hazard-contribution grid per hazard of
 * 4 bytes per cell, the capacity component of 4 bytes per cell, unit ids of 4 bytes per
 * cell, and the zone polygons); the distinct-value tables of percentile indicators and of
 * the index (up to 10⁶ values, then a histogram).
 */
export async function runModel(modelPath: string, outDir: string, opts: RunOptions = {}): Promise<RunSummary> {
  const t0 = performance.now();
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new RiskAtlasError('E_CANCELLED', 'cancelled');
  };
  const report = (step: string, progress: number): void => {
    checkCancel();
    opts.onProgress?.({ step, progress });
  };
  report('read', 0);
  const m = await loadModel(modelPath);
  // Every layer the run reads has a computable CRS and a decided encoding, or the run stops here.
  const inputs = await checkInputs(m);
  const doc = m.doc;
  const out = resolve(outDir);
  const tileSize = opts.tileSize ?? DEFAULT_TILE_SIZE;
  const sizeProblem = tileSizeProblem(tileSize);
  if (sizeProblem) throw new RiskAtlasError('E_ARG_INVALID', sizeProblem);
  await mkdir(out, { recursive: true }).catch((err: Error) => {
    throw new RiskAtlasError('E_WRITE', err.message, { file: out });
  });

  // Study area → grid.
  const studyRef = doc.layers[doc.grid.studyArea]!;
  const study = await readVectorInGrid(resolveModelPath(m, studyRef.path), studyRef, doc.grid.epsg);
  const ext = featureExtent(study.features);
  if (!ext) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no polygons', { file: studyRef.path });
  const grid = analysisGrid(doc.grid.epsg, ext, doc.grid.cellSize, doc.grid.snap);
  const studyProps = study.features.features[0]?.properties ?? {};
  const studyName = String(Object.entries(studyProps).find(([k]) => NAME_FIELD.test(k))?.[1] ?? studyRef.name);
  const tiles = tileLayout(grid, tileSize);
  const cells = grid.width * grid.height;
  // One tile gains nothing from a pool: by default it is computed in this thread.
  const workers = Math.max(0, Math.min(opts.workers ?? (tiles.length > 1 ? availableParallelism() : 0), tiles.length));
  const unitData = await loadUnits(m, grid.epsg);
  report('align', 0.02);

  const exec: TileExecutor = workers > 0 ? await workerPool(m.path, grid, workers) : await inlineExecutor(m.path, grid);
  const store = new TileStore(opts.tileMemory);
  const writers: GeoTiffTileWriter[] = [];
  const geoTransform = gridGeoTransform(grid);
  const outTile = outputTileSize(tileSize);
  // One description of the output tiles, for the writers and for the tile threads that encode them.
  const encoding: NonNullable<RunGlobals['encoding']> = {
    float: { dtype: 'float32', nodata: INDEX_NODATA, tileSize: outTile },
    grade: { dtype: 'uint8', nodata: GRADE_NODATA, tileSize: outTile },
    tileSize,
  };
  const tiffOptions = (kind: 'float' | 'grade', metadata: Record<string, string>): GeoTiffOptions => ({
    ...encoding[kind], width: grid.width, height: grid.height, epsg: grid.epsg, geoTransform, metadata,
  });
  const newWriter = async (path: string, o: GeoTiffOptions): Promise<GeoTiffTileWriter> => {
    const w = await GeoTiffTileWriter.create(path, o);
    writers.push(w);
    return w;
  };
  const progress = (step: string, from: number, to: number) => (done: number) => opts.onProgress?.({ step, progress: from + ((to - from) * done) / tiles.length });
  // Store keys: raw tile of indicator i of tile t, then the index tile of tile t.
  const rawKey = (t: number, i: number): number => t * doc.indicators.length + i;
  const indexKey = (t: number): number => tiles.length * doc.indicators.length + t;
  const each = <R extends StatsResult | EntropyResult | IndexResult | GradeResult>(
    kind: 'stats' | 'entropy' | 'index',
    consume: (r: R, t: (typeof tiles)[number]) => Promise<void> | void,
    step: string,
    from: number,
    to: number,
  ): Promise<void> =>
    forEachTile<R>(
      exec,
      tiles,
      (tile): TileTask => (kind === 'stats' ? { kind, tile } : { kind, tile, raw: [] }),
      consume,
      {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onTile: progress(step, from, to),
        // The kept raw tiles, loaded just before the task is sent: the entropy pass gets
        // copies; the index pass, the last to need them, the tiles themselves.
        ...(kind === 'stats'
          ? {}
          : { load: async (task: TileTask) => ({ ...task, raw: await Promise.all(doc.indicators.map((_, i) => (kind === 'index' ? store.take(rawKey(task.tile.index, i)) : store.get(rawKey(task.tile.index, i))))) }) as TileTask }),
      },
    );

  try {
    // Pass 1: raw statistics per indicator.
    const stats: (RawStats | undefined)[] = doc.indicators.map(() => undefined);
    await each<StatsResult>('stats', async (r, t) => {
      r.stats.forEach((s, i) => (stats[i] = stats[i] ? mergeRawStats(stats[i]!, s) : s));
      for (const [i, raw] of r.raw.entries()) await store.put(rawKey(t.index, i), raw);
    }, 'align', 0.02, 0.3);
    const globals: RunGlobals = { stats: {} };
    const ranges: RunSummary['indicators'] = [];
    doc.indicators.forEach((spec, i) => {
      const s = stats[i]!;
      if (!s.moments.n) throw new RiskAtlasError('E_ALL_NODATA', `indicator ${spec.id} has no valid cell inside the study area`, { file: doc.layers[spec.layer]!.path });
      globals.stats[spec.id] = s;
      ranges.push({ id: spec.id, min: s.min, max: s.max, validCells: s.moments.n, mean: s.moments.mean, sd: Math.sqrt(s.moments.m2 / s.moments.n) });
    });
    await exec.setGlobals(globals);

    // Pass 2: data-driven (entropy) weights, then every component's weights.
    const plan = componentPlan(doc);
    const sums: Record<string, EntropyPartial> = {};
    report('normalise', 0.3);
    if (plan.sources.some((s) => needsEntropy(s.spec))) {
      await each<EntropyResult>('entropy', (r) => {
        for (const [key, p] of Object.entries(r.sums)) sums[key] = sums[key] ? mergeEntropy(sums[key]!, p) : p;
      }, 'normalise', 0.3, 0.45);
    }
    const weightDetails: Record<string, WeightDetail> = {};
    const weights: Record<string, Record<string, number>> = {};
    for (const src of plan.sources) {
      if (src.subsetOf) continue;
      const detail = resolveWeights(src.spec, sums[src.key]);
      weightDetails[src.key] = detail;
      weights[src.key] = detail.weights;
    }
    // A hazard's share of the shared H: those indicators' weights, rescaled; the share is its weight.
    const shares: Record<string, number> = {};
    for (const src of plan.sources) {
      if (!src.subsetOf) continue;
      const from = weights[src.subsetOf.key]!;
      const share = src.subsetOf.indicators.reduce((a, id) => a + from[id]!, 0);
      const w = Object.fromEntries(src.subsetOf.indicators.map((id) => [id, share > 0 ? from[id]! / share : 1 / src.subsetOf!.indicators.length]));
      shares[src.key] = share;
      weightDetails[src.key] = { method: 'hazardShare', weights: w };
      weights[src.key] = w;
    }
    globals.weights = { ...weights };
    globals.encoding = encoding;
    globals.hazardWeights = plan.runs.map(({ run }) => run.weight ?? shares[`${run.id}.H`]!);
    await exec.setGlobals(globals);
    if (doc.risk?.weights) weights.risk = { ...doc.risk.weights };
    for (const { run } of plan.runs) if (run.isHazard && run.risk?.weights && run.risk !== doc.risk) weights[`${run.id}.risk`] = { ...run.risk.weights };
    if (doc.hazards && doc.comprehensive?.method !== 'max') weights.hazards = Object.fromEntries(plan.runs.map(({ run }, i) => [run.id, globals.hazardWeights![i]!]));

    // Pass 3: single-hazard risks and the comprehensive index, written as they come.
    const metadata = { RISKATLAS_MODEL: doc.name, RISKATLAS_VERSION: appVersion(), RISKATLAS_WEIGHTS: JSON.stringify(weights) };
    const files: RunSummary['files'] = {
      index: join(out, doc.outputs.index),
      grade: join(out, doc.outputs.grade),
      png: join(out, doc.outputs.png),
      stats: join(out, doc.outputs.stats),
      provenance: join(out, 'provenance.json'),
    };
    const indexWriter = await newWriter(files.index, tiffOptions('float', metadata));
    const hazardRuns = plan.runs.map((r) => r.run).filter((r) => r.isHazard);
    const hazardWriters: GeoTiffTileWriter[] = [];
    const hazardRanges = hazardRuns.map(() => ({ min: Infinity, max: -Infinity }));
    for (const h of hazardRuns) {
      const path = join(out, hazardFile(doc.outputs.hazardIndex, h.id));
      files[`hazard_${h.id}`] = path;
      hazardWriters.push(await newWriter(path, tiffOptions('float', { ...metadata, RISKATLAS_HAZARD: h.id, RISKATLAS_HAZARD_NAME: h.name })));
    }
    const exposureWriters: GeoTiffTileWriter[] = [];
    const exposureRanges = plan.exposures.map(() => ({ min: Infinity, max: -Infinity }));
    for (const x of plan.exposures) {
      const path = join(out, hazardFile(doc.outputs.exposureIndex, x.id));
      files[`exposure_${x.id}`] = path;
      exposureWriters.push(await newWriter(path, tiffOptions('float', { ...metadata, RISKATLAS_EXPOSURE: x.id, RISKATLAS_EXPOSURE_NAME: x.name })));
    }
    const distribution = new DistributionBuilder();
    const percentileScore = doc.indexScore === 'percentile';
    const zoningSpec = doc.zoning;
    const capacityDist = zoningSpec ? new DistributionBuilder() : null;
    const capacity = zoningSpec ? new Float32Array(cells) : null;
    const contributions = new Map<string, Float32Array>();
    // Output tiles come encoded from the tile threads: here they are only placed in their files.
    const place = async (w: GeoTiffTileWriter, encoded: EncodedTile[]): Promise<void> => {
      for (const e of encoded) await w.writeEncodedTile(e.x, e.y, e.bytes);
    };
    const writeRange = async (w: GeoTiffTileWriter, range: { min: number; max: number }, o: EncodedOutput): Promise<void> => {
      await place(w, o.tiles);
      range.min = Math.min(range.min, o.min);
      range.max = Math.max(range.max, o.max);
    };
    await each<IndexResult>('index', async (r, t) => {
      distribution.add(r.values);
      if (distribution.overflowed && !globals.skipDistinct) {
        // Past the exact limit the values go to a histogram later: tiles need not sort theirs.
        globals.skipDistinct = true;
        await exec.setGlobals(globals);
      }
      if (r.encodedIndex) await place(indexWriter, r.encodedIndex); // scores are written in pass 4
      for (const [h, o] of r.hazards.entries()) await writeRange(hazardWriters[h]!, hazardRanges[h]!, o);
      for (const [x, o] of r.exposures.entries()) await writeRange(exposureWriters[x]!, exposureRanges[x]!, o);
      if (capacity && r.capacity) {
        capacityDist!.add(r.capacityValues!);
        placeTile(t, r.capacity, capacity, grid.width);
        for (const c of r.contributions ?? []) {
          const g = contributions.get(c.label) ?? new Float32Array(cells);
          placeTile(t, c.grid, g, grid.width);
          contributions.set(c.label, g);
        }
      }
      await store.put(indexKey(t.index), r.index);
    }, 'combine', 0.45, 0.75);
    if (distribution.needsHistogram) for (const t of tiles) distribution.addHistogram(await store.get(indexKey(t.index)));
    const riskDist = distribution.finish();
    if (!riskDist) throw new RiskAtlasError('E_ALL_NODATA', 'the risk index has no valid cell (every cell has a nodata input)');
    // Percentile scoring: the classes are drawn on the scores, whose distribution is the risk
    // values' mapped through the (monotone) rank function — as Float32, as written.
    let dist = riskDist;
    if (percentileScore) {
      globals.score = { keys: riskDist.upper, counts: riskDist.data.weights, n: riskDist.n };
      const rank = percentileRank(riskDist.upper, riskDist.data.weights, riskDist.n);
      dist = mapDistribution(riskDist, Float64Array.from(riskDist.upper, (v) => Math.fround(rank(v))));
    }

    // Class breaks on the index as written, so the grades agree with the index GeoTIFF.
    const cls = doc.classification;
    const scheme = schemeFor(cls.scheme, cls.classes);
    let breaks = cls.method === 'fixed' ? fixedBreaks(dist, cls.thresholds!) : breaksOfDistribution(cls.method, dist, cls.classes);
    // Jenks on a histogram: one more look at the values near each break makes them exact there.
    let refined: { certified: boolean } | undefined;
    if (cls.method === 'jenks' && dist.histogram && dist.min < dist.max) {
      const refine = new JenksRefinement(dist, cls.classes);
      for (const t of tiles) refine.add(await store.get(indexKey(t.index)));
      const r = refine.breaks();
      breaks = r.breaks;
      refined = { certified: r.certified };
    }
    const k = breaks.length - 1;
    globals.breaks = breaks;
    await exec.setGlobals(globals);

    // Pass 4: grades and statistics.
    const restricted = doc.grid.exclude?.as === 'restricted' ? { grade: k + 1, name: doc.grid.exclude.name } : null;
    const gradeMeta = { ...metadata, RISKATLAS_BREAKS: breaks.join(','), RISKATLAS_CLASS_NAMES: [...scheme.names.slice(0, k), ...(restricted ? [restricted.name] : [])].join(',') };
    const gradeWriter = await newWriter(files.grade, tiffOptions('grade', gradeMeta));
    // The PNG quick-look: every `step`-th cell of every `step`-th row (step 1 up to PNG_MAX_CELLS).
    const step = Math.ceil(Math.sqrt(cells / PNG_MAX_CELLS));
    const preview = { width: Math.ceil(grid.width / step), height: Math.ceil(grid.height / step) };
    const previewGrades = new Uint8Array(preview.width * preview.height);
    const grades = zoningSpec ? new Uint8Array(cells) : null;
    const population = zoningSpec && doc.statistics?.population ? new Float32Array(cells) : null;
    const unitGrid = zoningSpec && unitData ? new Int32Array(cells).fill(-1) : null;
    let tally: GradeTally | null = null;
    await forEachTile<GradeResult>(
      exec,
      tiles,
      (tile) => ({ kind: 'grade', tile, index: new Float32Array(0) }),
      async (r, t) => {
        tally = tally ? mergeTally(tally, r.tally) : r.tally;
        if (r.encodedScore) await place(indexWriter, r.encodedScore);
        await place(gradeWriter, r.encodedGrades);
        if (grades) placeTile(t, r.grades, grades, grid.width);
        for (let row = Math.ceil(t.row0 / step) * step; row < t.row0 + t.height; row += step)
          for (let col = Math.ceil(t.col0 / step) * step; col < t.col0 + t.width; col += step)
            previewGrades[(row / step) * preview.width + col / step] = r.grades[(row - t.row0) * t.width + col - t.col0]!;
        if (population && r.population) placeTile(t, r.population, population, grid.width);
        if (unitGrid && r.units) placeTile(t, r.units, unitGrid, grid.width);
      },
      { ...(opts.signal ? { signal: opts.signal } : {}), onTile: progress('classify', 0.75, 0.88), load: async (task) => ({ ...task, index: (await store.take(indexKey(task.tile.index))) as Float32Array }) },
    );
    const withPeople = Boolean(doc.statistics?.population);
    const classes = classesFromTally(grid, tally!, breaks, scheme, withPeople);
    const restrictedRow = restricted
      ? { ...restricted, cells: tally!.cells[restricted.grade]!, areaKm2: (tally!.cells[restricted.grade]! * grid.cellSize * grid.cellSize) / 1e6, ...(withPeople ? { population: tally!.people[restricted.grade]! } : {}) }
      : null;
    const restrictedScheme = restricted ? { ...scheme, names: [...scheme.names.slice(0, k), restricted.name] } : scheme;
    const units = unitData ? unitRowsFromTally(grid, tally!, unitData.info, restrictedScheme, withPeople) : [];
    report('classify', 0.88);

    // Prevention zoning.
    let zoning: ZoningResult | undefined;
    if (zoningSpec) {
      const capDist = capacityDist!.finish();
      if (!capDist) throw new RiskAtlasError('E_ALL_NODATA', `zoning: the capacity component ${zoningSpec.capacity} has no valid cell`);
      // Capacity grades are quantile classes (grade 1 = weakest capacity).
      const capacityBreaks = breaksOfDistribution('quantile', capDist, zoningSpec.capacityClasses);
      // Excluded land keeps no zone: only graded (1…k) cells are zoned.
      const zoneGrades = restricted ? grades!.map((g) => (g > k ? 0 : g)) : grades!;
      zoning = computeZoning({
        grid,
        grades: zoneGrades,
        capacityGrades: capacityGrades(capacity!, capacityBreaks),
        capacityBreaks,
        matrix: zoningSpec.matrix ?? DEFAULT_ZONE_MATRIX,
        names: zoningSpec.names ?? ZONE_NAMES,
        ...(zoningSpec.majority ? { majority: zoningSpec.majority } : {}),
        ...(zoningSpec.minAreaKm2 ? { minAreaKm2: zoningSpec.minAreaKm2 } : {}),
        ...(population ? { population } : {}),
        hazards: [...contributions].map(([label, g]) => ({ label, grid: g })),
        ...(unitData && unitGrid ? { units: { units: unitGrid, info: unitData.info } } : {}),
      });
      files.zoning = join(out, doc.outputs.zoning);
      files.zones = join(out, `${doc.outputs.zones}.shp`);
      files.zonesGpkg = join(out, `${doc.outputs.zones}.gpkg`);
    }
    report('zoning', 0.9);

    // Outputs: finish the streamed GeoTIFFs only now, so a cancelled run leaves none of them.
    checkCancel();
    for (const w of writers.splice(0)) await w.finish();
    {
      const palette: [number, number, number, number][] = [[0, 0, 0, 0], ...scheme.colors.slice(0, k).map((c) => [...hexToRgb(c), 255] as [number, number, number, number])];
      if (restricted) palette.push([178, 178, 178, 255]); // excluded land in grey
      await writeFileAtomic(files.png, encodePalettePng(preview.width, preview.height, previewGrades, palette));
    }
    const people = (p: number | undefined): (number | string)[] => (withPeople ? [Math.round(p ?? 0)] : []);
    const statsRows = [
      ...classes.map((c) => ['全域', studyName, c.grade, c.name, c.cells, c.areaKm2, c.sharePct, ...people(c.population)]),
      ...(restrictedRow ? [['全域', studyName, restrictedRow.grade, restrictedRow.name, restrictedRow.cells, restrictedRow.areaKm2, '', ...people(restrictedRow.population)]] : []),
      ...units.map((u) => [u.code, u.name, u.grade, u.gradeName, u.cells, u.areaKm2, u.sharePct, ...people(u.population)]),
    ];
    const header = ['单元代码', '单元名称', '风险等级', '等级名称', '格网数', '面积(km²)', '占比(%)', ...(withPeople ? ['人口(人)'] : [])];
    await writeFileAtomic(files.stats, toCsv(header, statsRows));
    if (zoning) {
      const zoneNames = (zoningSpec!.names ?? ZONE_NAMES).join(',');
      const zw = await newWriter(files.zoning!, tiffOptions('grade', { ...metadata, RISKATLAS_ZONE_NAMES: zoneNames, RISKATLAS_CAPACITY_BREAKS: zoning.capacityBreaks.join(',') }));
      for (const t of tiles) {
        const tileZones = new Uint8Array(t.width * t.height);
        for (let r = 0; r < t.height; r++) tileZones.set(zoning.zones.subarray((t.row0 + r) * grid.width + t.col0, (t.row0 + r) * grid.width + t.col0 + t.width), r * t.width);
        for (const [x, y, buf] of outputTiles(t, tileZones, tileSize, 0, (n) => new Uint8Array(n))) await zw.writeTile(x, y, buf);
      }
      await zw.finish();
      writers.splice(0);
      const zoneLayer = { type: 'FeatureCollection' as const, features: zoning.features };
      await writeShapefile(join(out, doc.outputs.zones), zoneLayer, { epsg: grid.epsg, encoding: 'utf-8' });
      await writeGeoPackage(files.zonesGpkg!, 'zoning', zoneLayer, grid.epsg);
    }
    report('write', 0.97);

    const summary: RunSummary = {
      software: { name: 'RiskAtlas', version: appVersion() },
      modelPath: m.path,
      model: doc,
      outDir: out,
      files,
      grid,
      indicators: ranges,
      weights,
      weightDetails,
      ...(hazardRuns.length
        ? {
            hazards: hazardRuns.map((h, i) => ({
              id: h.id, name: h.name, weight: globals.hazardWeights![plan.runs.findIndex((r) => r.run.id === h.id)]!, operator: h.risk!.operator, min: hazardRanges[i]!.min, max: hazardRanges[i]!.max, file: files[`hazard_${h.id}`]!,
            })),
          }
        : {}),
      ...(plan.exposures.length
        ? { exposures: plan.exposures.map((x, i) => ({ id: x.id, name: x.name, min: exposureRanges[i]!.min, max: exposureRanges[i]!.max, file: files[`exposure_${x.id}`]! })) }
        : {}),
      index: { score: percentileScore ? 'percentile' : 'value', min: dist.min, max: dist.max, validCells: dist.n, exactBreaks: dist.exact, ...(refined ? { refinedBreaks: refined } : {}), ...(percentileScore ? { riskMin: riskDist.min, riskMax: riskDist.max } : {}) },
      classification: { method: cls.method, breaks, classes, ...(restrictedRow ? { restricted: restrictedRow } : {}) },
      units,
      ...(zoning ? { zoning: { capacityBreaks: zoning.capacityBreaks, zones: zoning.features.map((f) => f.properties!) } } : {}),
      execution: { tileSize, tiles: tiles.length, workers },
      elapsedMs: Math.round(performance.now() - t0),
    };
    // Provenance names outputs relative to their folder and leaves out the timing and the
    // worker count, so that identical runs write identical files wherever and however they run.
    const rel = (p: string): string => relative(out, p);
    const provenance = {
      software: summary.software,
      modelPath: summary.modelPath,
      model: doc,
      inputs,
      files: Object.fromEntries(Object.entries(files).map(([key, p]) => [key, rel(p as string)])),
      grid,
      indicators: ranges,
      weights,
      weightDetails,
      ...(summary.hazards ? { hazards: summary.hazards.map((h) => ({ ...h, file: rel(h.file) })) } : {}),
      ...(summary.exposures ? { exposures: summary.exposures.map((x) => ({ ...x, file: rel(x.file) })) } : {}),
      index: summary.index,
      classification: summary.classification,
      units,
      ...(summary.zoning ? { zoning: summary.zoning } : {}),
      tileSize,
    };
    await writeFileAtomic(files.provenance, JSON.stringify(provenance, null, 2) + '\n');
    report('write', 1);
    return summary;
  } catch (err) {
    await Promise.all(writers.map((w) => w.abort()));
    throw err;
  } finally {
    await exec.close();
    await store.close();
  }
}
