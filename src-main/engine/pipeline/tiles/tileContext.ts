/**
 * The per-tile work of a run, the same code whether it runs in the orchestrating thread or
 * in a pool worker (workers/tilePool.ts): a {@link TileContext} holds what every tile of a
 * run needs, and hands each task to the part of its pass — statistics.ts, weights.ts,
 * riskIndex.ts, grades.ts beside this file (tileTasks.ts lists the passes).
 *
 * Inputs are read and rasterised once, in pass 1: the later passes get the kept raw tiles
 * back (Float32 where that is exact, see summariseRawTile), so a run decodes each input
 * tile once. Per-tile intermediates come from a {@link TileScratch}, reused across tiles.
 */
import type { Feature } from 'geojson';
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { GridSpec } from '../../grid/gridSpec';
import { polygonMask } from '../../grid/rasterizePolygons';
import { transformOf, type ModelDocument } from '../../model/document';
import { loadModel, resolveModelPath, type LoadedModel } from '../../model/loadModel';
import { readVectorInGrid } from '../../indicators/rawIndicator';
import { LayerSources } from '../../indicators/layerSources';
import { transformWithStats } from '../../indicators/transforms';
import { studyAreaFeatures } from '../../model/studyArea';
import { loadUnits } from '../assessmentUnits';
import { componentPlan, type ComponentPlan } from '../componentPlan';
import type { RunGlobals, TileResult, TileTask } from '../tileTasks';
import type { StoredTile } from '../tileStore';
import { tileGrid } from '../tiling';
import { gradeTile } from './grades';
import { riskIndexTile } from './riskIndex';
import { statisticsTile } from './statistics';
import { TileScratch } from './tileScratch';
import { entropySums } from './weights';

/** Mask values of a tile: outside the study area, assessed, excluded land. */
export const OUTSIDE = 0;
export const ASSESSED = 1;
export const EXCLUDED = 2;

/**
 * Everything a thread needs to compute tiles of one run: the model, the analysis grid, the
 * study-area, excluded-land and unit polygons (read once per thread), the run's input layers,
 * scratch arrays, and the run globals.
 */
export class TileContext {
  globals: RunGlobals = { stats: {} };
  readonly plan: ComponentPlan;
  /** The run's input layers, opened once for all the tiles this thread computes. */
  readonly sources = new LayerSources();
  /** Intermediate arrays, reused from tile to tile. */
  readonly scratch = new TileScratch();

  private constructor(
    readonly model: LoadedModel,
    readonly grid: GridSpec,
    private readonly study: Feature[],
    private readonly exclude: Feature[] | null,
    /** Assessment unit polygons (assessmentUnits.ts), null without units. */
    readonly units: Feature[] | null,
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
    const study = await studyAreaFeatures(m, grid.epsg);
    const exclude = doc.grid.exclude ? await read(doc.grid.exclude.layer) : null;
    const units = (await loadUnits(m, grid.epsg))?.features ?? null;
    return new TileContext(m, grid, study, exclude, units);
  }

  get doc(): ModelDocument {
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

  /** Normalised indicators of one tile from its kept raw tiles, each computed once (into scratch arrays). */
  normaliser(raw: StoredTile[]): (id: string) => Float64Array {
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
      case 'stats':
        return statisticsTile(this, tg);
      case 'entropy':
        return entropySums(this, task.raw);
      case 'index':
        return riskIndexTile(this, task.tile, task.raw);
      case 'grade':
        return gradeTile(this, task.tile, tg, this.mask(tg), task.index);
    }
  }
}

/** A run global or other input a tile needs is missing: a bug of the run, not of the model. */
export function fail(msg: string): never {
  throw new RiskAtlasError('E_INTERNAL', msg);
}
