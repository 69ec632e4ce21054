/**
 * The live recompute: a model edit (weights, operator, classes, zoning matrix) recomputed at
 * full resolution from what the last edit or run left, with the run's own functions — the
 * same tile functions (tiles/), weights, breaks, grade tables and zoning input (passes/) — so
 * the numbers are a run's, not a second implementation's.
 *
 * Each stage keeps its result under a key of everything it depends on and runs again only
 * when that key changes: the raw indicator tiles (rawCache.ts, shared with runs), the entropy
 * sums, each component (Float64, while they fit {@link COMPONENT_MEMORY}), the index and its
 * distribution, the classes and grades, the zones. Moving a risk weight recomputes the risk
 * formulas on kept components, the breaks and the grades; dragging a class break only
 * grades again (the panel's histogram is kept). Runs in the engine's live worker
 * (liveWorker.ts), which on grids of {@link HELPER_MIN_CELLS} cells or more shares half of each
 * pass over the cells with a second thread (liveHelper.ts) — the same bits either way; `signal`
 * stops a computation a newer edit made stale, between tiles (it is only read, so a worker
 * can answer it from memory shared with the thread that sends the edits).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { RiskAtlasError } from '../../../../src-shared/errors';
import { DistributionBuilder, HISTOGRAM_BINS, Histogram, type Distribution } from '../../classify/distribution';
import { mergeTally, type GradeClass, type GradeTally } from '../../classify/gradeStatistics';
import { optimalPartitionIn } from '../../classify/jenks';
import { countValues, histogramOfCounts, histogramOfTiles, type ValueHistogram } from '../../classify/valueHistogram';
import type { GridSpec } from '../../grid/gridSpec';
import type { ModelDocument } from '../../model/document';
import { checkLoadedModel, type LoadedModel } from '../../model/loadModel';
import { needsEntropy } from '../../weights/componentWeights';
import { mergeEntropy, type EntropyPartial } from '../../weights/entropy';
import { zoneRaster } from '../../zoning/zones';
import { finishDistribution, indexClasses, type IndexClasses, type IndexTiles, type ParallelBreaks } from '../passes/classBreaks';
import { gradeTables, type RestrictedRow } from '../passes/grades';
import { statisticsPass, withRawTiles } from '../passes/statistics';
import { resolveRunWeights, type ResolvedWeights } from '../passes/weights';
import { zoningInput } from '../passes/zoning';
import { runModel, type RunOptions, type RunProgress } from '../run';
import type { RunSummary } from '../summary';
import type { EntropyResult, EntropyTask, TileTask, TileResult } from '../tileTasks';
import type { StoredTile } from '../tileStore';
import { DEFAULT_TILE_SIZE, placeTile, type Tile } from '../tiling';
import { gradeValues, type GradeRule } from '../tiles/grades';
import { capacityTile, componentTile, contributionsTile, risksOfComponents } from '../tiles/riskIndex';
import { contextExecutor, forEachTile } from '../workers/tilePool';
import { indicatorKeys } from './cacheKeys';
import { baseKey, LiveBase } from './liveBase';
import { HELPER_MIN_CELLS, LiveHelper } from './liveHelper';
import { gradesPng, zonesPng } from './liveImage';
import { RawTileCache } from './rawCache';

/** What the map shows of a live result. */
export type LiveView = 'grades' | 'zones';

export interface LiveRequest {
  /** The edited model (its layer paths relative to the engine's folder). */
  doc: ModelDocument;
  view: LiveView;
  /** Draw the view as a PNG; false for the statistics alone. */
  image: boolean;
  /** Bins of the index histogram. */
  bins: number;
}

export interface LiveResult {
  /** The analysis grid (the PNG's pixels are its cells). */
  grid: GridSpec;
  /** The view on the grid, a palette PNG (transparent where there is no value). */
  png?: Uint8Array;
  breaks: number[];
  classes: GradeClass[];
  restricted: RestrictedRow | null;
  /** The index (or, with percentile scoring, the scores) the classes are drawn on. */
  histogram: ValueHistogram;
  /** The weights the edit resolves to, as a run's summary reports them. */
  weights: Record<string, Record<string, number>>;
  /** View 'zones': capacity breaks and cells per zone (index 0 = none). */
  zones?: { capacityBreaks: number[]; cells: number[] };
  /** Milliseconds of each stage that ran for this edit (stages kept from earlier edits are absent). */
  stages: Record<string, number>;
  /** Threads the passes over the cells ran in: 2 with the helper (liveHelper.ts), else 1. */
  threads: 1 | 2;
  memory: LiveMemory;
}

/** Bytes the live recompute holds: raw tiles in memory and on disk, and the grids derived from them. */
export interface LiveMemory {
  raw: number;
  disk: number;
  derived: number;
}

/** Components are kept (Float64, 8 bytes per cell each) up to this many bytes; beyond, recomputed per edit. */
export const COMPONENT_MEMORY = 384 * 1024 * 1024;

const hashOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex');

interface IndexState {
  key: string;
  /** Views into {@link flat}, one per tile. */
  tiles: Float32Array[];
  /** Every tile's values one after the other, in memory the helper shares. */
  flat: Float32Array;
  dist: Distribution;
  /** Zoning: each hazard's contribution per tile, by label (when the view needed them). */
  contributions?: Map<string, Float32Array>[];
  /** The panel's histogram of the values graded (the index, or its scores), by scoring and bins: moving a break keeps it. */
  histogram?: { key: string; value: ValueHistogram };
}

interface GradedState {
  key: string;
  classes: IndexClasses;
  /** Views into {@link flat}, one per tile. */
  grades: Uint8Array[];
  /** Every tile's grades one after the other, in memory the helper shares. */
  flat: Uint8Array;
  tables: Pick<LiveResult, 'classes' | 'restricted'>;
  histogram: ValueHistogram;
  png?: Uint8Array;
}

interface ZonesState {
  key: string;
  zones: Uint8Array;
  capacityBreaks: number[];
  cells: number[];
  png?: Uint8Array;
}

export class LiveEngine {
  private readonly raw: RawTileCache;
  private base: LiveBase | null = null;
  private weights: { key: string; resolved: ResolvedWeights; sums: Record<string, EntropyPartial> } | null = null;
  private readonly comps = new Map<string, { key: string; tiles: Float64Array[] | null }>();
  private index: IndexState | null = null;
  private graded: GradedState | null = null;
  private zoning: ZonesState | null = null;
  /** The second thread, started with the first grid large enough for it. */
  private helper: LiveHelper | null = null;

  /**
   * @param dir the folder model layer paths resolve in (a project's data folder)
   * @param memory bytes of raw tiles kept in memory before a temporary file
   * @param helperMinCells grids of this many cells or more share each pass with a second thread
   */
  constructor(
    private readonly dir: string,
    memory?: number,
    private readonly tileSize = DEFAULT_TILE_SIZE,
    private readonly helperMinCells = HELPER_MIN_CELLS,
  ) {
    this.raw = new RawTileCache(memory);
  }

  /** Recompute `req.doc` (validated by the caller against the schema) from what is kept. */
  async update(req: LiveRequest, signal?: Pick<AbortSignal, 'aborted'>): Promise<LiveResult> {
    const stages: Record<string, number> = {};
    const check = (): void => {
      if (signal?.aborted) throw new RiskAtlasError('E_CANCELLED', 'superseded by a newer edit');
    };
    const timed = async <T>(stage: string, f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      stages[stage] = performance.now() - t0;
      check();
      return r;
    };
    const model: LoadedModel = { path: join(this.dir, 'model.json'), dir: this.dir, doc: req.doc };
    await checkLoadedModel(model, model.path);
    const base = await this.baseFor(model);
    if (base.cells >= this.helperMinCells) this.helper ??= LiveHelper.start();
    const { ctx, tiles } = base;
    ctx.setDoc(req.doc);
    const exec = contextExecutor(ctx);
    const eachTile = <T extends TileTask, R extends TileResult>(task: (t: Tile) => T, consume: (r: R, t: Tile) => Promise<void> | void, _step?: string, _from?: number, _to?: number, load?: (task: T) => Promise<T>): Promise<void> =>
      forEachTile(exec, tiles, task, consume, { ...(signal ? { signal } : {}), ...(load ? { load } : {}) });
    const keys = await indicatorKeys(model, base.grid, this.tileSize);
    const live: LiveRaw = { doc: req.doc, tiles, eachTile, globals: ctx.globals, exec, cache: { raw: this.raw, keys }, ...(signal ? { signal } : {}) };
    const missing = keys.some((k) => !this.raw.has(k));
    await (missing ? timed('indicators', () => statisticsPass(live)) : statisticsPass(live));
    if (missing) await this.raw.retain(new Set(keys));

    const weights = await this.resolveWeights(base, keys, live, timed);
    ctx.globals.weights = weights.tileWeights;
    ctx.globals.hazardWeights = weights.hazardWeights;
    const compKeys = await this.components(base, keys, weights, live, timed);
    const zones = req.view === 'zones' && Boolean(req.doc.zoning);
    const index = await this.indexOf(base, compKeys, weights, zones, live, timed);
    const graded = await this.gradesOf(base, index, req, timed);
    const result: LiveResult = { grid: base.grid, breaks: graded.classes.breaks, ...graded.tables, histogram: graded.histogram, weights: weights.weights, stages, threads: this.helper?.parallel ? 2 : 1, memory: this.memory() };
    if (zones) {
      const z = await this.zonesOf(base, index, graded, compKeys, live, req.image, timed);
      result.zones = { capacityBreaks: z.capacityBreaks, cells: z.cells };
      if (req.image) result.png = z.png!;
    } else if (req.image) result.png = graded.png ??= await timed('image', async () => gradesPng(base.grid, tiles, graded.grades, graded.classes));
    result.memory = this.memory();
    return result;
  }

  /** Run the model at `modelPath` into `outDir` from the kept raw tiles (reading only the indicators not kept). */
  run(modelPath: string, outDir: string, opts: Omit<RunOptions, 'cache'> & { onProgress?: (p: RunProgress) => void }): Promise<RunSummary> {
    return runModel(modelPath, outDir, { ...opts, cache: this.raw });
  }

  /** What is held (see {@link LiveMemory}). */
  memory(): LiveMemory {
    const { memory, disk } = this.raw.usage();
    let derived = 0;
    for (const c of this.comps.values()) for (const t of c.tiles ?? []) derived += t.byteLength;
    for (const t of this.index?.tiles ?? []) derived += t.byteLength;
    for (const t of this.graded?.grades ?? []) derived += t.byteLength;
    derived += this.zoning?.zones.byteLength ?? 0;
    return { raw: memory, disk, derived };
  }

  /** Free everything (the engine may not be used afterwards). */
  async close(): Promise<void> {
    await this.helper?.close();
    await this.base?.close();
    await this.raw.close();
  }

  /** The base for `model`: kept while its key holds, else opened anew (and every derived grid dropped). */
  private async baseFor(model: LoadedModel): Promise<LiveBase> {
    const key = await baseKey(model, this.tileSize);
    if (this.base?.key === key) return this.base;
    await this.base?.close();
    this.base = null;
    this.comps.clear();
    this.index = this.graded = this.zoning = null;
    this.weights = null;
    this.base = await LiveBase.open(model, key, this.tileSize);
    return this.base;
  }

  /** The weights of the edit; entropy sums are kept while the indicators they sum are the same. */
  private async resolveWeights(base: LiveBase, keys: string[], live: LiveRaw, timed: Timed): Promise<ResolvedWeights> {
    const { doc, plan } = base.ctx;
    const entropic = plan.sources.filter((s) => needsEntropy(s.spec));
    // Entropy sums depend on the normalised indicators of the components that weigh by entropy.
    const key = hashOf({ sources: entropic.map((s) => [s.key, s.spec]), indicators: doc.indicators, keys });
    let sums = this.weights?.key === key ? this.weights.sums : null;
    if (!sums) {
      const found: Record<string, EntropyPartial> = {};
      if (entropic.length) {
        await timed('entropy', () =>
          live.eachTile<EntropyTask, EntropyResult>((tile) => ({ kind: 'entropy', tile, raw: [] }), (r) => {
            for (const [k, p] of Object.entries(r.sums)) found[k] = found[k] ? mergeEntropy(found[k]!, p) : p;
          }, 'normalise', 0, 0, (task) => withRawTiles(live, task, false)),
        );
      }
      sums = found;
    }
    const resolved = resolveRunWeights(doc, plan, sums);
    this.weights = { key, resolved, sums };
    return resolved;
  }

  /** Keep every component up to date; returns each source's key (what its values depend on). */
  private async components(base: LiveBase, keys: string[], weights: ResolvedWeights, live: LiveRaw, timed: Timed): Promise<Map<string, string>> {
    const { ctx, tiles } = base;
    const doc = ctx.doc;
    const at = (id: string): number => doc.indicators.findIndex((x) => x.id === id);
    const compKeys = new Map<string, string>();
    for (const src of ctx.plan.sources) {
      const w = weights.tileWeights[src.key]!;
      compKeys.set(src.key, hashOf({ w, indicators: Object.keys(w).map((id) => [doc.indicators[at(id)], keys[at(id)]]) }));
    }
    for (const key of [...this.comps.keys()]) if (!compKeys.has(key)) this.comps.delete(key);
    const keep = ctx.plan.sources.length * base.cells * 8 <= COMPONENT_MEMORY;
    const stale = ctx.plan.sources.filter((s) => this.comps.get(s.key)?.key !== compKeys.get(s.key));
    if (!stale.length) return compKeys;
    if (!keep) {
      // Not kept: computed again, tile by tile, wherever they are used.
      for (const s of stale) this.comps.set(s.key, { key: compKeys.get(s.key)!, tiles: null });
      return compKeys;
    }
    await timed('components', async () => {
      const made = stale.map(() => [] as Float64Array[]);
      for (const t of tiles) {
        const raw = (await withRawTiles(live, { tile: t, raw: [] }, false)).raw;
        made.forEach((list, j) => list.push(componentTile(ctx, stale[j]!.key, raw, ctx.normaliser(raw), new Float64Array(t.width * t.height))));
        ctx.scratch.release();
        if (live.signal?.aborted) return;
      }
      stale.forEach((s, j) => this.comps.set(s.key, { key: compKeys.get(s.key)!, tiles: made[j]! }));
    });
    return compKeys;
  }

  /**
   * A tile's components by source key — the kept ones, or computed into scratch arrays
   * (released by the caller) — and, when some had to be computed or `withRaw`, its raw tiles.
   */
  private async tileComponents(base: LiveBase, t: number, live: LiveRaw, withRaw = false): Promise<{ comps: Map<string, Float64Array>; raw: StoredTile[] | null }> {
    const { ctx } = base;
    const tile = base.tiles[t]!;
    const missing = ctx.plan.sources.some((src) => !this.comps.get(src.key)?.tiles);
    const raw = missing || withRaw ? (await withRawTiles(live, { tile, raw: [] }, false)).raw : null;
    const norm = raw ? ctx.normaliser(raw) : null;
    const comps = new Map<string, Float64Array>();
    for (const src of ctx.plan.sources) comps.set(src.key, this.comps.get(src.key)?.tiles?.[t] ?? componentTile(ctx, src.key, raw!, norm!, ctx.scratch.f64(tile.width * tile.height)));
    return { comps, raw };
  }

  private async indexOf(base: LiveBase, compKeys: Map<string, string>, weights: ResolvedWeights, contributions: boolean, live: LiveRaw, timed: Timed): Promise<IndexState> {
    const { ctx, tiles } = base;
    const doc = ctx.doc;
    const key = hashOf({ comps: [...compKeys], runs: ctx.plan.runs.map((r) => r.run.risk), hazards: weights.hazardWeights, comprehensive: doc.comprehensive, contributions });
    if (this.index?.key === key) return this.index;
    // The index it replaces leaves its shared grid for this one (nothing else holds it).
    const spare = this.index?.flat;
    this.index = this.graded = this.zoning = null;
    const index = await timed('index', async () => {
      const out: Float32Array[] = [];
      const contrib: Map<string, Float32Array>[] = [];
      // A single-H model names zones by its H indicators: their normalised values are needed.
      const withRaw = contributions && !ctx.plan.runs[0]!.run.isHazard;
      for (const [i, t] of tiles.entries()) {
        const n = t.width * t.height;
        const { comps, raw } = await this.tileComponents(base, i, live, withRaw);
        const risks = risksOfComponents(ctx, comps, n, false);
        out.push(risks.index);
        if (contributions) contrib.push(new Map(contributionsTile(ctx, risks, ctx.normaliser(raw ?? []), n).map((c) => [c.label, c.grid])));
        ctx.scratch.release();
        if (live.signal?.aborted) break;
      }
      // One shared grid of every tile's values in tile order: the helper reads it in place.
      const flat = spare?.length === base.cells ? spare : new Float32Array(new SharedArrayBuffer(4 * base.cells));
      let at = 0;
      const views = out.map((t) => {
        flat.set(t, at);
        return flat.subarray(at, (at += t.length));
      });
      return { tiles: views, flat, contrib };
    });
    const visit: IndexTiles = async (v) => index.tiles.forEach(v);
    const dist = await timed('distribution', async () => {
      const builder = new DistributionBuilder();
      builder.addTiles(index.tiles);
      if (!builder.needsHistogram || !this.helper?.parallel) return finishDistribution(builder, visit);
      // The fine histogram by bins: the helper adds the values above the mean's bin (about half
      // of them), this thread those below; each bin's sum in cell order either way.
      const bins = new SharedArrayBuffer(Histogram.sharedBytes);
      const { histogram, min, max } = builder.sharedHistogram(bins);
      const split = histogram.binOf(builder.mean);
      const other = this.helper.call('histogram', { shared: bins, min, max, values: index.flat, from: split, to: HISTOGRAM_BINS });
      histogram.addRange(index.flat, 0, split);
      await other;
      return builder.finish()!;
    });
    this.index = { key, tiles: index.tiles, flat: index.flat, dist, ...(contributions ? { contributions: index.contrib } : {}) };
    return this.index;
  }

  private async gradesOf(base: LiveBase, index: IndexState, req: LiveRequest, timed: Timed): Promise<GradedState> {
    const { ctx, grid } = base;
    const doc = ctx.doc;
    const key = hashOf({ index: index.key, classification: doc.classification, score: doc.indexScore, exclude: doc.grid.exclude, population: doc.statistics, bins: req.bins });
    if (this.graded?.key === key) return this.graded;
    const spare = this.graded?.flat;
    this.graded = this.zoning = null;
    const helper = this.helper?.parallel ? this.helper : null;
    // Half the cells (whole tiles): where the helper's share of a pass over the cells starts.
    const { tile: half, cell: halfCell } = halfway(index.tiles);
    const parallel: ParallelBreaks | undefined = helper
      ? {
          partition: (data, k) =>
            optimalPartitionIn(data, k, async (task) => {
              await helper.call('layer', task);
            }),
          look: async (refine) => {
            const other = helper.call('keep', { marks: refine.marks(), values: index.flat.subarray(halfCell) });
            refine.add(index.flat.subarray(0, halfCell));
            refine.addKept(await other);
          },
        }
      : undefined;
    const classes = await timed('breaks', () => indexClasses(doc, index.dist, async (v) => index.tiles.forEach(v), parallel));
    ctx.globals.breaks = classes.breaks;
    if (classes.score) ctx.globals.score = classes.score;
    else delete ctx.globals.score;
    return timed('grades', async () => {
      const n = index.tiles.length;
      const flat = spare?.length === base.cells ? spare : new Uint8Array(new SharedArrayBuffer(base.cells));
      const grades: Uint8Array[] = [];
      for (let i = 0, at = 0; i < n; i++) grades.push(flat.subarray(at, (at += index.tiles[i]!.length)));
      const inputs = await Promise.all(index.tiles.map((_, i) => base.gradeInputs(i)));
      // Percentile scores are graded here alone (the scores are made from the index as it is graded).
      const split = helper && !classes.score ? half : n;
      const rule: GradeRule = { breaks: classes.breaks, restricted: doc.grid.exclude?.as === 'restricted', unitCount: ctx.units?.length ?? 0 };
      const theirs = split < n ? helper!.call('grade', { index: index.tiles.slice(split), grades: grades.slice(split), inputs: inputs.slice(split), rule }) : Promise.resolve([]);
      const tallies: GradeTally[] = [];
      const graded: Float32Array[] = [];
      for (let i = 0; i < split; i++) {
        const g = gradeValues(ctx, index.tiles[i]!, inputs[i]!, grades[i]!);
        tallies.push(g.tally);
        graded.push(g.score ?? index.tiles[i]!);
      }
      tallies.push(...(await theirs));
      graded.push(...index.tiles.slice(split));
      // Merged in tile order, as a run merges them.
      let tally: GradeTally | null = null;
      for (const t of tallies) tally = tally ? mergeTally(tally, t) : t;
      const tables = gradeTables(doc, grid, base.units, classes, tally!);
      const histogramKey = JSON.stringify({ score: doc.indexScore ?? null, bins: req.bins });
      const histogram = index.histogram?.key === histogramKey ? index.histogram.value : await this.panelHistogram(graded, half, req.bins, classes.dist.min, classes.dist.max);
      index.histogram = { key: histogramKey, value: histogram };
      this.graded = { key, classes, grades, flat, tables: { classes: tables.classes, restricted: tables.restrictedRow }, histogram };
      return this.graded;
    });
  }

  /** The panel's histogram of the graded values, tiles from `half` on counted by the helper (whole counts: the same sums). */
  private async panelHistogram(graded: Float32Array[], half: number, bins: number, min: number, max: number): Promise<ValueHistogram> {
    if (!this.helper?.parallel) return histogramOfTiles(graded, bins, min, max);
    const other = this.helper.call('count', { tiles: graded.slice(half), bins, min, max });
    const counts = new Float64Array(min === max ? 1 : bins);
    let n = countValues(graded.slice(0, half), bins, min, max, counts);
    const theirs = await other;
    for (let b = 0; b < counts.length; b++) counts[b]! += theirs.counts[b]!;
    n += theirs.n;
    return histogramOfCounts(counts, n, bins, min, max);
  }

  private async zonesOf(base: LiveBase, index: IndexState, graded: GradedState, compKeys: Map<string, string>, live: LiveRaw, image: boolean, timed: Timed): Promise<ZonesState> {
    const { ctx, tiles, grid } = base;
    const doc = ctx.doc;
    const zoning = doc.zoning!;
    const key = hashOf({ graded: graded.key, zoning, capacity: compKeys.get(zoning.capacity) });
    if (this.zoning?.key !== key) {
      this.zoning = await timed('zones', async () => {
        const cells = grid.width * grid.height;
        const whole = { grades: new Uint8Array(cells), capacity: new Float32Array(cells), population: doc.statistics?.population ? new Float32Array(cells) : null, unitGrid: base.units ? new Int32Array(cells).fill(-1) : null };
        const contributions = new Map<string, Float32Array>();
        const capacityTiles: Float32Array[] = [];
        for (const [i, t] of tiles.entries()) {
          const { comps } = await this.tileComponents(base, i, live);
          const capacity = capacityTile(ctx, comps);
          ctx.scratch.release();
          capacityTiles.push(capacity);
          placeTile(t, capacity, whole.capacity, grid.width);
          placeTile(t, graded.grades[i]!, whole.grades, grid.width);
          const inputs = await base.gradeInputs(i);
          if (whole.population && inputs.population) placeTile(t, Float32Array.from(inputs.population), whole.population, grid.width);
          if (whole.unitGrid && inputs.units) placeTile(t, inputs.units, whole.unitGrid, grid.width);
          for (const [label, g] of index.contributions![i]!) {
            const into = contributions.get(label) ?? new Float32Array(cells);
            placeTile(t, g, into, grid.width);
            contributions.set(label, into);
          }
        }
        const capacityDist = new DistributionBuilder();
        capacityDist.addTiles(capacityTiles);
        const input = zoningInput(doc, grid, base.units, { capacity: whole.capacity, capacityDist, contributions }, graded.classes, whole);
        const zones = zoneRaster(input);
        const count = new Array<number>(Math.max(3, ...input.matrix.flat()) + 1).fill(0);
        for (let i = 0; i < zones.length; i++) count[zones[i]!]!++;
        return { key, zones, capacityBreaks: input.capacityBreaks, cells: count };
      });
    }
    const z = this.zoning!;
    if (image) z.png ??= await timed('image', async () => zonesPng(grid, z.zones));
    return z;
  }
}

type Timed = <T>(stage: string, f: () => Promise<T>) => Promise<T>;
type LiveRaw = Parameters<typeof statisticsPass>[0] & { signal?: Pick<AbortSignal, 'aborted'> };

/** Where the second half of the cells starts (tiles in order): its first tile, and the cells before it. */
function halfway(tiles: ArrayLike<number>[]): { tile: number; cell: number } {
  const total = tiles.reduce((n, t) => n + t.length, 0);
  let cell = 0;
  for (let tile = 0; tile < tiles.length; tile++) {
    if (cell >= total / 2) return { tile, cell };
    cell += tiles[tile]!.length;
  }
  return { tile: tiles.length, cell };
}
