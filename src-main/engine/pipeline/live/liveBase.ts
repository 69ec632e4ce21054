/**
 * What the live recompute keeps while the grid stays the same: the analysis grid and its
 * tiles (laid out as a run lays them out), a tile context over them in this thread, the
 * assessment units, and each tile's grading inputs (mask, people, unit coverage), found once.
 * A model edit that changes the grid, the study area, excluded land, the units, the
 * population layer or whether there is zoning — or an edit of one of those files — makes a
 * new base (see {@link baseKey}).
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import { featureExtent } from '../../io/vectorMeta';
import type { GridSpec } from '../../grid/gridSpec';
import { readVectorInGrid } from '../../indicators/rawIndicator';
import { resolveModelPath, type LoadedModel } from '../../model/loadModel';
import { loadUnits, unitsLayerId, type AssessmentUnits } from '../assessmentUnits';
import { analysisGrid } from '../setup';
import { gradeInputs, type GradeInputs } from '../tiles/grades';
import { TileContext } from '../tiles/tileContext';
import { tileGrid, tileLayout, type Tile } from '../tiling';
import { layersKey } from './cacheKeys';

/** The key of a model's base: the grid settings, the layers the base reads, and their files. */
export async function baseKey(model: LoadedModel, tileSize: number): Promise<string> {
  const { doc } = model;
  const ids = [doc.grid.studyArea, doc.grid.exclude?.layer, unitsLayerId(doc), doc.statistics?.population].filter((id): id is string => typeof id === 'string');
  return JSON.stringify({ grid: doc.grid, tileSize, zoning: Boolean(doc.zoning), layers: await layersKey(model, ids) });
}

export class LiveBase {
  private inputs: (GradeInputs | undefined)[];

  private constructor(
    readonly key: string,
    readonly grid: GridSpec,
    readonly tiles: Tile[],
    /** Tasks of the live recompute run here, in the recompute's own thread. */
    readonly ctx: TileContext,
    readonly units: AssessmentUnits | null,
  ) {
    this.inputs = tiles.map(() => undefined);
  }

  /** The base of `model` (checked) under `key` ({@link baseKey}), tiles of `tileSize` cells. */
  static async open(model: LoadedModel, key: string, tileSize: number): Promise<LiveBase> {
    const { doc } = model;
    const ref = doc.layers[doc.grid.studyArea]!;
    const study = await readVectorInGrid(resolveModelPath(model, ref.path), ref, doc.grid.epsg);
    const ext = featureExtent(study.features);
    if (!ext) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no polygons', { file: ref.path });
    const grid = analysisGrid(doc.grid.epsg, ext, doc.grid.cellSize, doc.grid.snap);
    const ctx = await TileContext.forModel(model, grid);
    return new LiveBase(key, grid, tileLayout(grid, tileSize), ctx, await loadUnits(model, grid.epsg));
  }

  /** Cells of the grid. */
  get cells(): number {
    return this.grid.width * this.grid.height;
  }

  /** The grading inputs of tile `t`, found on first use (in memory the live helper shares: liveHelper.ts). */
  async gradeInputs(t: number): Promise<GradeInputs> {
    return (this.inputs[t] ??= sharedInputs(await gradeInputs(this.ctx, tileGrid(this.grid, this.tiles[t]!))));
  }

  close(): Promise<void> {
    return this.ctx.close();
  }
}

/** A copy of `a` in memory two threads share. */
function shared<T extends Uint8Array | Int32Array | Float32Array | Float64Array>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

/** Grading inputs whose arrays live in shared memory: sent to the live helper without a copy. */
function sharedInputs(inputs: GradeInputs): GradeInputs {
  const { mask, population, covers, units, width } = inputs;
  return {
    mask: shared(mask),
    width,
    ...(population ? { population: shared(population) } : {}),
    ...(covers ? { covers: covers.map((w) => w && { ...w, fraction: shared(w.fraction) }) } : {}),
    ...(units ? { units: shared(units) } : {}),
  };
}
