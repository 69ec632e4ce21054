/**
 * A tile in pass 3, index (passes/riskIndex.ts): from its kept raw tiles, the components
 * (weighted sums of normalised indicators; min-max ones summed straight from the raw tiles),
 * each risk's formula on them, the comprehensive risk index, and the risk outputs encoded;
 * with zoning, the capacity component and each hazard's contribution.
 *
 * The work is cut in two so the live recompute (pipeline/live/) can keep the first part:
 * {@link componentTiles} (depends on the indicators and their weights only) and
 * {@link risksOfComponents} (the risk formulas on the components); a run does both per tile.
 */
import { HAZARD_NAMES } from '../../../../src-shared/hazardNames';
import { rangeMoments, tileValues, type TileValues } from '../../classify/distribution';
import { transformOf, type Component } from '../../model/document';
import { weightedMinMaxSum } from '../../indicators/normalise';
import { comprehensiveRisk, riskIndex, weightedSum, type ComponentGrids } from '../../risk/combine';
import type { IndexResult } from '../tileTasks';
import type { StoredTile } from '../tileStore';
import type { Tile } from '../tiling';
import { encodeOutput, encodeTile } from './encode';
import { fail, type TileContext } from './tileContext';

/** The risk index (and the risk outputs) of `tile` from its kept raw tiles. */
export function riskIndexTile(ctx: TileContext, tile: Tile, raw: StoredTile[]): IndexResult {
  const { doc, globals } = ctx;
  const norm = ctx.normaliser(raw);
  const n = raw[0]!.length;
  const comps = new Map<string, Float64Array>();
  for (const src of ctx.plan.sources) comps.set(src.key, componentTile(ctx, src.key, raw, norm, ctx.scratch.f64(n)));
  const risks = risksOfComponents(ctx, comps, n);
  const index = risks.index;
  const result: IndexResult = {
    index,
    encodedIndex: doc.indexScore === 'percentile' ? null : encodeTile(globals, tile, index),
    values: globals.skipDistinct ? summaryOnly(index) : tileValues(index),
    hazards: risks.declared ? risks.hazards.map((r) => encodeOutput(globals, tile, r)) : [],
    exposures: risks.exposures.map((x) => encodeOutput(globals, tile, x)),
  };
  if (doc.zoning) {
    result.capacity = capacityTile(ctx, comps);
    result.capacityValues = tileValues(result.capacity);
    result.contributions = contributionsTile(ctx, risks, norm, n);
  }
  return result;
}

/**
 * Component `key` (a component source of the plan) of one tile into `out`: the weighted sum
 * of its normalised indicators under the run's weights.
 */
export function componentTile(ctx: TileContext, key: string, raw: StoredTile[], norm: (id: string) => Float64Array, out: Float64Array): Float64Array {
  const { doc, globals } = ctx;
  const w = (globals.weights ?? fail('component weights are missing'))[key] ?? fail(`weights of component ${key} are missing`);
  const ids = Object.keys(w);
  const at = ids.map((id) => doc.indicators.findIndex((x) => x.id === id));
  // Components of min-max indicators (nearly all) are summed straight from the raw tiles.
  const fused = at.every((i) => transformOf(doc.indicators[i]!).type === 'minmax');
  if (!fused) return weightedSum(ids.map(norm), ids.map((id) => w[id]!), out);
  return weightedMinMaxSum(
    at.map((i, j) => {
      const spec = doc.indicators[i]!;
      const st = globals.stats[spec.id] ?? fail(`statistics of indicator ${spec.id} are missing`);
      return { raw: raw[i]!, weight: w[ids[j]!]!, min: st.min, max: st.max, direction: spec.direction };
    }),
    out,
  );
}

/** A tile's risks from its components: each risk of the plan, the index (Float32, as written), and the exposure types' comprehensive risks. */
export interface TileRisks {
  /** True when the model declares hazards (their single-hazard risks are outputs). */
  declared: boolean;
  /** Each risk of the plan, in `plan.runs` order (scratch arrays). */
  hazards: Float64Array[];
  index: Float32Array;
  exposures: Float64Array[];
}

/**
 * The risk formulas of the plan on a tile's components (by source key), `n` cells; without
 * `exposures`, the exposure types' risks are left out (empty).
 */
export function risksOfComponents(ctx: TileContext, comps: Map<string, Float64Array>, n: number, exposures = true): TileRisks {
  const { doc, globals, plan, scratch } = ctx;
  const riskOf = (override: Partial<Record<Component, string>>): Float64Array[] =>
    plan.runs.map(({ run, keys }) => {
      const g = {} as ComponentGrids;
      for (const [comp, key] of Object.entries({ ...keys, ...override })) g[comp as Component] = comps.get(key)!;
      return riskIndex(g, run.risk!.operator, run.risk!.weights as Partial<Record<Component, number>> | undefined, run.risk!.floor, run.risk!.matrix, scratch.f64(n));
    });
  const hazards = riskOf({});
  const declared = plan.runs[0]!.run.isHazard;
  const hazardWeights = globals.hazardWeights ?? fail('hazard weights are missing');
  const method = doc.comprehensive?.method ?? 'weightedSum';
  const combine = (rs: Float64Array[]): Float64Array => (declared ? comprehensiveRisk(rs, hazardWeights, method) : rs[0]!);
  return { declared, hazards, index: Float32Array.from(combine(hazards)), exposures: exposures ? plan.exposures.map((x) => combine(riskOf(x.keys))) : [] };
}

/** Zoning: the capacity component of a tile (Float32, the grid zoning grades by). */
export function capacityTile(ctx: TileContext, comps: Map<string, Float64Array>): Float32Array {
  const zoning = ctx.doc.zoning ?? fail('the model has no zoning');
  return Float32Array.from(comps.get(zoning.capacity) ?? fail(`zoning.capacity: shared component ${zoning.capacity} is missing`));
}

/** Zoning: each hazard's contribution to a tile's index, by label (what names a zone after its leading hazard). */
export function contributionsTile(ctx: TileContext, risks: TileRisks, norm: (id: string) => Float64Array, n: number): { label: string; grid: Float32Array }[] {
  const hazardWeights = ctx.globals.hazardWeights ?? fail('hazard weights are missing');
  return risks.declared
    ? ctx.plan.runs.map((r, h) => ({ label: r.run.name, grid: Float32Array.from(risks.hazards[h]!, (v) => hazardWeights[h]! * v) }))
    : hazardContributions(ctx, norm, ctx.globals.weights?.H ?? {}, n);
}

/**
 * Single-H model: the hazard a zone is named after is the H indicator (grouped by hazard
 * type) contributing most to H inside it — weighted normalised indicators per label.
 */
function hazardContributions(ctx: TileContext, norm: (id: string) => Float64Array, hWeights: Record<string, number>, n: number): { label: string; grid: Float32Array }[] {
  const { doc } = ctx;
  const byLabel = new Map<string, Float32Array>();
  for (const [id, w] of Object.entries(hWeights)) {
    const ref = doc.layers[doc.indicators.find((x) => x.id === id)!.layer]!;
    const label = (ref.hazard && HAZARD_NAMES[ref.hazard]) ?? (ref.category === 'hiddenDanger' ? '地质灾害' : ref.name);
    const acc = byLabel.get(label) ?? new Float32Array(n);
    const v = norm(id);
    for (let i = 0; i < n; i++) acc[i] = acc[i]! + w * v[i]!;
    byLabel.set(label, acc);
  }
  return [...byLabel].map(([label, grid]) => ({ label, grid }));
}

/** Range and moments of a tile without its distinct values (once the distribution no longer keeps them). */
export function summaryOnly(values: Float32Array): TileValues {
  return { ...rangeMoments(values), values: new Float64Array(0), counts: new Float64Array(0) };
}
