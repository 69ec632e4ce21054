/**
 * The per-tile work of a run, the same code whether it runs in the orchestrating thread or
 * in a pool worker (workers/tilePool.ts). A run makes four passes over the tiles:
 *
 * 1. `stats`   — raw indicator tiles → per-indicator statistics (min, max, moments, and the
 *                distinct-value table for percentile), merged in tile order by the caller,
 *                and the raw tiles themselves, which the caller keeps (model/tileStore.ts);
 * 2. `entropy` — (only when a component weighs by entropy) normalised tiles → entropy sums;
 * 3. `index`   — normalised → components → single-hazard risks → comprehensive index, plus
 *                what the class breaks and zoning need;
 * 4. `grade`   — the stored index tile + breaks → grades and per-unit tallies.
 *
 * Inputs are read and rasterised once, in pass 1: the later passes get the kept raw tiles
 * back (Float32 where that is exact, see {@link summariseRawTile}), so a run decodes each input
 * tile once. Per-tile intermediates come from a {@link TileScratch}, reused across tiles.
 */
import type { Feature } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { GridSpec } from '../grid/gridSpec';
import { burnPolygons, polygonMask } from '../grid/rasterizePolygons';
import { polygonCoverage } from '../grid/cellCoverage';
import { classOf } from '../classify/breaks';
import { rangeMoments, tileValues, type TileValues } from '../classify/distribution';
import { tallyGrades, type GradeTally } from '../classify/gradeStatistics';
import { accumulateEntropy, emptyEntropy, type EntropyPartial } from '../weights/entropy';
import { HAZARD_NAMES } from '../../../src-shared/hazardNames';
import { COMPONENTS, componentIndicators, riskRuns, transformOf, type Component, type ComponentSpec, type ModelDocument, type RiskRun } from '../model/document';
import { loadModel, resolveModelPath, type LoadedModel } from '../model/loadModel';
import { modelLayers, rawIndicator, rawIndicatorTile, readVectorInGrid } from '../indicators/rawIndicator';
import { LayerSources } from '../indicators/layerSources';
import { comprehensiveRisk, riskIndex, weightedSum, type ComponentGrids } from '../risk/combine';
import { weightedMinMaxSum } from '../indicators/normalise';
import { needsEntropy } from '../weights/componentWeights';
import { needsDistinct, percentileRank, summariseRawTile, transformWithStats, type RawStats } from '../indicators/transforms';
import { outputTiles, tileGrid, type Tile } from './tiling';
import { encodeTileBytes, type TileEncodingOptions } from '../export/geotiff';
import { TileScratch } from './tileScratch';
import type { StoredTile } from './tileStore';

/** Mask values of a tile: outside the study area, assessed, excluded land. */
export const OUTSIDE = 0;
export const ASSESSED = 1;
export const EXCLUDED = 2;

/** Where a component's spec comes from: `H` etc. for the model's shared components, `landslide.H` for a hazard's own. */
export interface ComponentSource {
  key: string;
  comp: Component;
  spec: ComponentSpec;
  /** A hazard's share of the shared H: its weights are the shared H's, restricted to these indicators and rescaled. */
  subsetOf?: { key: string; indicators: string[] };
}

/** The component sources of a model and, per risk, which source each of its components uses. */
export function componentPlan(doc: ModelDocument): {
  sources: ComponentSource[];
  runs: { run: RiskRun; keys: Partial<Record<Component, string>> }[];
  /** Per exposure type: the source keys that replace E (and V). */
  exposures: { id: string; name: string; keys: Partial<Record<Component, string>> }[];
} {
  const sources: ComponentSource[] = [];
  for (const comp of COMPONENTS) {
    const spec = doc.components[comp];
    if (spec) sources.push({ key: comp, comp, spec });
  }
  const runs = riskRuns(doc).map((run) => {
    const keys: Partial<Record<Component, string>> = {};
    for (const comp of COMPONENTS) {
      const spec = run.components[comp];
      if (!spec) continue;
      if (comp === 'H' && run.hIndicators) {
        const key = `${run.id}.H`;
        sources.push({ key, comp, spec, subsetOf: { key: 'H', indicators: run.hIndicators } });
        keys.H = key;
      } else if (spec === doc.components[comp]) keys[comp] = comp;
      else {
        const key = `${run.id}.${comp}`;
        sources.push({ key, comp, spec });
        keys[comp] = key;
      }
    }
    return { run, keys };
  });
  const exposures = (doc.exposures ?? []).map((x) => {
    const keys: Partial<Record<Component, string>> = {};
    for (const comp of ['E', 'V'] as const) {
      const spec = x.components[comp];
      if (!spec) continue;
      keys[comp] = `exposure.${x.id}.${comp}`;
      sources.push({ key: keys[comp]!, comp, spec });
    }
    return { id: x.id, name: x.name, keys };
  });
  return { sources, runs, exposures };
}

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
   * How the tile threads encode output GeoTIFF tiles (set with the weights): the options of
   * the float outputs (index, single-hazard and exposure risks) and of the grades, and the
   * analysis tile size they are cut from. Encoding in the tile threads spreads the costliest
   * part of writing — predictor and Deflate — over the pool.
   */
  encoding?: { float: TileEncodingOptions; grade: TileEncodingOptions; tileSize: number };
  /** Class breaks of the index and capacity breaks (after pass 3). */
  breaks?: number[];
  capacityBreaks?: number[];
}

/**
 * A tile task. Pass 1 (`stats`) hands back the raw tiles (one per indicator, in
 * `doc.indicators` order); the later passes get them as `raw` and read no input.
 */
export type TileTask =
  | { kind: 'stats'; tile: Tile }
  | { kind: 'entropy'; tile: Tile; raw: StoredTile[] }
  | { kind: 'index'; tile: Tile; raw: StoredTile[] }
  | { kind: 'grade'; tile: Tile; index: Float32Array };

export interface StatsResult {
  /** In `doc.indicators` order. */
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

/** Assessment units for the statistics table: the layer `statistics.units` names, else the first admin layer other than the study area. */
export async function loadUnits(m: LoadedModel, epsg: number): Promise<{ features: Feature[]; info: { code: string; name: string }[] } | null> {
  const named = m.doc.statistics?.units;
  const entry = named ? ([named, m.doc.layers[named]!] as const) : Object.entries(m.doc.layers).find(([id, ref]) => ref.category === 'admin' && id !== m.doc.grid.studyArea);
  if (!entry) return null;
  const layer = await readVectorInGrid(resolveModelPath(m, entry[1].path), entry[1], epsg);
  const fields = layer.meta.fields.map((f) => f.name);
  const nameField = fields.find((f) => NAME_FIELD.test(f));
  const codeField = fields.find((f) => CODE_FIELD.test(f));
  const info = layer.features.features.map((f, i) => ({
    code: String(codeField ? (f.properties?.[codeField] ?? '') : i + 1),
    name: String(nameField ? (f.properties?.[nameField] ?? '') : `${entry[1].name}${i + 1}`),
  }));
  return { features: layer.features.features, info };
}

/** Field names that hold an admin unit's name / code. */
export const NAME_FIELD = /^(XZQMC|NAME|MC|名称|乡镇名称)$/i;
export const CODE_FIELD = /^(XZQDM|CODE|DM|代码|乡镇代码)$/i;

/**
 * Everything a thread needs to compute tiles of one run: the model, the analysis grid, the
 * study-area, excluded-land and unit polygons (read once per thread), and the run globals.
 */
export class TileContext {
  globals: RunGlobals = { stats: {} };
  private readonly plan: ReturnType<typeof componentPlan>;
  /** The run's input layers, opened once for all the tiles this thread computes. */
  private readonly sources = new LayerSources();
  /** Intermediate arrays, reused from tile to tile. */
  private readonly scratch = new TileScratch();

  private constructor(
    readonly model: LoadedModel,
    readonly grid: GridSpec,
    private readonly study: Feature[],
    private readonly exclude: Feature[] | null,
    private readonly units: Feature[] | null,
  ) {
    this.plan = componentPlan(model.doc);
  }

  /** Open a context for the model at `modelPath` on `grid` (the run's analysis grid). */
  static async open(modelPath: string, grid: GridSpec): Promise<TileContext> {
    const m = await loadModel(modelPath);
    const doc = m.doc;
    const read = async (layerId: string): Promise<Feature[]> => {
      const ref = doc.layers[layerId]!;
      return (await readVectorInGrid(resolveModelPath(m, ref.path), ref, grid.epsg)).features.features;
    };
    const study = await read(doc.grid.studyArea);
    const exclude = doc.grid.exclude ? await read(doc.grid.exclude.layer) : null;
    const units = (await loadUnits(m, grid.epsg))?.features ?? null;
    return new TileContext(m, grid, study, exclude, units);
  }

  private get doc(): ModelDocument {
    return this.model.doc;
  }

  /** Release the open input layers (the context may not run tasks afterwards). */
  close(): Promise<void> {
    return this.sources.close();
  }

  /** Study-area mask of a tile: {@link ASSESSED}, {@link EXCLUDED} or {@link OUTSIDE} per cell. */
  mask(tg: GridSpec): Uint8Array {
    const mask = polygonMask(tg, this.study);
    if (this.exclude) {
      const ex = polygonMask(tg, this.exclude);
      for (let i = 0; i < mask.length; i++) if (mask[i] && ex[i]) mask[i] = EXCLUDED;
    }
    return mask;
  }

  /** The raw indicator on a tile (Float32 where exact), NaN wherever the cell is not assessed (`mask` null: every cell is). */
  private async raw(spec: ModelDocument['indicators'][number], tg: GridSpec, mask: Uint8Array | null): Promise<StoredTile> {
    const ref = this.doc.layers[spec.layer]!;
    const raw = await rawIndicatorTile(spec, ref, resolveModelPath(this.model, ref.path), tg, modelLayers(this.model), this.sources);
    if (mask) for (let c = 0; c < raw.length; c++) if (mask[c] !== ASSESSED) raw[c] = NaN;
    return raw;
  }

  /** Normalised indicators of one tile from its kept raw tiles, each computed once (into scratch arrays). */
  private normaliser(raw: StoredTile[]): (id: string) => Float64Array {
    const cache = new Map<string, Float64Array>();
    return (id) => {
      let v = cache.get(id);
      if (!v) {
        const i = this.doc.indicators.findIndex((x) => x.id === id);
        const spec = this.doc.indicators[i]!;
        const stats = this.globals.stats[id] ?? fail(`statistics of indicator ${id} are missing`);
        const wide = this.scratch.widen(raw[i]!);
        v = transformWithStats(wide, transformOf(spec), spec.direction, stats, wide);
        cache.set(id, v);
      }
      return v;
    };
  }

  /** Run one task on one tile. */
  async run(task: TileTask): Promise<TileResult> {
    try {
      return await this.runTask(task);
    } finally {
      this.scratch.release();
    }
  }

  private async runTask(task: TileTask): Promise<TileResult> {
    const tg = tileGrid(this.grid, task.tile);
    switch (task.kind) {
      case 'stats': {
        const mask = this.mask(tg);
        // Tiles wholly inside the study area (most of them) need no masking.
        const partial = mask.some((m) => m !== ASSESSED) ? mask : null;
        const stats: RawStats[] = [];
        const raws: StoredTile[] = [];
        for (const spec of this.doc.indicators) {
          const raw = await this.raw(spec, tg, partial);
          const summary = summariseRawTile(raw, needsDistinct(transformOf(spec)));
          stats.push(summary.stats);
          raws.push(summary.kept);
        }
        return { stats, raw: raws };
      }
      case 'entropy': {
        const norm = this.normaliser(task.raw);
        const sums: Record<string, EntropyPartial> = {};
        for (const src of this.plan.sources) {
          if (src.subsetOf || !needsEntropy(src.spec)) continue;
          const ids = componentIndicators(src.spec);
          sums[src.key] = accumulateEntropy(emptyEntropy(ids.length), ids.map(norm));
        }
        return { sums };
      }
      case 'index':
        return this.index(task.tile, task.raw);
      case 'grade':
        return this.grade(task.tile, tg, this.mask(tg), task.index);
    }
  }

  /**
   * A float output tile cut into the output GeoTIFF's tiles and encoded, NaN written as the
   * float outputs' nodata; or the grades' tiles.
   */
  private encode(tile: Tile, data: Float32Array | Uint8Array): EncodedTile[] {
    const enc = this.globals.encoding ?? fail('output encoding is missing');
    const out: EncodedTile[] = [];
    if (data instanceof Float32Array) {
      const nodata = enc.float.nodata ?? NaN;
      for (const [x, y, buf] of outputTiles(tile, data, enc.tileSize, nodata, (n) => new Float32Array(n))) {
        for (let i = 0; i < buf.length; i++) if (buf[i] !== buf[i]) buf[i] = nodata;
        out.push({ x, y, bytes: encodeTileBytes(enc.float, buf) });
      }
    } else {
      for (const [x, y, buf] of outputTiles(tile, data, enc.tileSize, enc.grade.nodata ?? 0, (n) => new Uint8Array(n))) out.push({ x, y, bytes: encodeTileBytes(enc.grade, buf) });
    }
    return out;
  }

  /** A float output's encoded tiles and value range. */
  private output(tile: Tile, values: Float64Array): EncodedOutput {
    const f = Float32Array.from(values);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < f.length; i++) {
      const v = f[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { tiles: this.encode(tile, f), min, max };
  }

  private index(tile: Tile, raw: StoredTile[]): IndexResult {
    const weights = this.globals.weights ?? fail('component weights are missing');
    const norm = this.normaliser(raw);
    const n = raw[0]!.length;
    const comps = new Map<string, Float64Array>();
    for (const src of this.plan.sources) {
      const w = weights[src.key]!;
      const ids = Object.keys(w);
      const at = ids.map((id) => this.doc.indicators.findIndex((x) => x.id === id));
      // Components of min-max indicators (nearly all) are summed straight from the raw tiles.
      const fused = at.every((i) => transformOf(this.doc.indicators[i]!).type === 'minmax');
      comps.set(
        src.key,
        fused
          ? weightedMinMaxSum(at.map((i, j) => {
              const spec = this.doc.indicators[i]!;
              const st = this.globals.stats[spec.id] ?? fail(`statistics of indicator ${spec.id} are missing`);
              return { raw: raw[i]!, weight: w[ids[j]!]!, min: st.min, max: st.max, direction: spec.direction };
            }), this.scratch.f64(n))
          : weightedSum(ids.map(norm), ids.map((id) => w[id]!), this.scratch.f64(n)),
      );
    }
    const riskOf = (override: Partial<Record<Component, string>>) =>
      this.plan.runs.map(({ run, keys }) => {
        const g = {} as ComponentGrids;
        for (const [comp, key] of Object.entries({ ...keys, ...override })) g[comp as Component] = comps.get(key)!;
        return riskIndex(g, run.risk!.operator, run.risk!.weights as Partial<Record<Component, number>> | undefined, run.risk!.floor, run.risk!.matrix, this.scratch.f64(n));
      });
    const risks = riskOf({});
    const runs = this.plan.runs.map((r) => r.run);
    const declared = runs[0]!.isHazard;
    const hazardWeights = this.globals.hazardWeights ?? fail('hazard weights are missing');
    const method = this.doc.comprehensive?.method ?? 'weightedSum';
    const combine = (rs: Float64Array[]): Float64Array => (declared ? comprehensiveRisk(rs, hazardWeights, method) : rs[0]!);
    const combined = combine(risks);
    const exposures = this.plan.exposures.map((x) => this.output(tile, combine(riskOf(x.keys))));
    const index = Float32Array.from(combined);
    const result: IndexResult = {
      index,
      encodedIndex: this.doc.indexScore === 'percentile' ? null : this.encode(tile, index),
      values: this.globals.skipDistinct ? summaryOnly(index) : tileValues(index),
      hazards: declared ? risks.map((r) => this.output(tile, r)) : [],
      exposures,
    };
    const zoning = this.doc.zoning;
    if (zoning) {
      const capacity = Float32Array.from(comps.get(zoning.capacity) ?? fail(`zoning.capacity: shared component ${zoning.capacity} is missing`));
      result.capacity = capacity;
      result.capacityValues = tileValues(capacity);
      result.contributions = declared ? runs.map((r, h) => ({ label: r.name, grid: Float32Array.from(risks[h]!, (v) => hazardWeights[h]! * v) })) : this.hazardContributions(norm, weights.H ?? {}, index.length);
    }
    return result;
  }

  /**
   * Single-H model: the hazard a zone is named after is the H indicator (grouped by hazard
   * type) contributing most to H inside it — weighted normalised indicators per label.
   */
  private hazardContributions(norm: (id: string) => Float64Array, hWeights: Record<string, number>, n: number): { label: string; grid: Float32Array }[] {
    const byLabel = new Map<string, Float32Array>();
    for (const [id, w] of Object.entries(hWeights)) {
      const ref = this.doc.layers[this.doc.indicators.find((x) => x.id === id)!.layer]!;
      const label = (ref.hazard && HAZARD_NAMES[ref.hazard]) ?? (ref.category === 'hiddenDanger' ? '地质灾害' : ref.name);
      const acc = byLabel.get(label) ?? new Float32Array(n);
      const v = norm(id);
      for (let i = 0; i < n; i++) acc[i] = acc[i]! + w * v[i]!;
      byLabel.set(label, acc);
    }
    return [...byLabel].map(([label, grid]) => ({ label, grid }));
  }

  private async grade(tile: Tile, tg: GridSpec, mask: Uint8Array, index: Float32Array): Promise<GradeResult> {
    const breaks = this.globals.breaks ?? fail('class breaks are missing');
    const k = breaks.length - 1;
    const sc = this.globals.score;
    // With percentile scoring the grades are of the scores (Float32, as written), else of the index.
    const score = sc ? index.map(percentileRank(sc.keys, sc.counts, sc.n)) : undefined;
    const graded = score ?? index;
    const restricted = this.doc.grid.exclude?.as === 'restricted';
    const grades = new Uint8Array(index.length);
    for (let c = 0; c < graded.length; c++) {
      const v = graded[c]!;
      if (v === v) grades[c] = k - classOf(v, breaks);
      else if (restricted && mask[c] === EXCLUDED) grades[c] = k + 1;
    }
    const population = await this.population(tg, mask);
    const covers = this.units?.map((u) => polygonCoverage(tg, u.geometry));
    const tally = tallyGrades(grades, restricted ? k + 1 : k, this.units?.length ?? 0, covers, population, tg.width);
    // Zoning names zones by township: each cell belongs to the township at its centre.
    const units = this.units && this.doc.zoning ? burnPolygons(tg, this.units, new Int32Array(index.length).fill(-1), (i) => i) : undefined;
    return { grades, encodedGrades: this.encode(tile, grades), tally, ...(score ? { encodedScore: this.encode(tile, score) } : {}), ...(this.doc.zoning ? { ...(population ? { population: Float32Array.from(population) } : {}), ...(units ? { units } : {}) } : {}) };
  }

  /**
   * People per cell from the layer `statistics.population` names, sampled at cell centres
   * (nearest) — exact when the population grid is the analysis grid, as census population
   * grids are. Nodata and cells outside the study area count 0 (excluded land keeps its people,
   * so a 'restricted' grade reports who lives there). Undefined without a population layer.
   */
  private async population(tg: GridSpec, mask: Uint8Array): Promise<Float64Array | undefined> {
    const id = this.doc.statistics?.population;
    if (!id) return undefined;
    const ref = this.doc.layers[id]!;
    const raw = await rawIndicator({ id: 'population', layer: id, resample: 'nearest', transform: 'minmax', direction: 'positive' }, ref, resolveModelPath(this.model, ref.path), tg, undefined, this.sources);
    return raw.map((v, i) => (mask[i] !== OUTSIDE && v === v ? v : 0));
  }
}

/** Range and moments of a tile without its distinct values (once the distribution no longer keeps them). */
function summaryOnly(values: Float32Array): TileValues {
  return { ...rangeMoments(values), values: new Float64Array(0), counts: new Float64Array(0) };
}

function fail(msg: string): never {
  throw new RiskAtlasError('E_INTERNAL', msg);
}
