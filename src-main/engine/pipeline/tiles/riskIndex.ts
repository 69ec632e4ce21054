/**
 * A tile in pass 3, index (passes/riskIndex.ts): from its kept raw tiles, the components
 * (weighted sums of normalised indicators; min-max ones summed straight from the raw tiles),
 * each risk's formula on them, the comprehensive risk index, and the risk outputs encoded;
 * with zoning, the capacity component and each hazard's contribution.
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
  const { doc, globals, plan, scratch } = ctx;
  const weights = globals.weights ?? fail('component weights are missing');
  const norm = ctx.normaliser(raw);
  const n = raw[0]!.length;
  const comps = new Map<string, Float64Array>();
  for (const src of plan.sources) {
    const w = weights[src.key]!;
    const ids = Object.keys(w);
    const at = ids.map((id) => doc.indicators.findIndex((x) => x.id === id));
    // Components of min-max indicators (nearly all) are summed straight from the raw tiles.
    const fused = at.every((i) => transformOf(doc.indicators[i]!).type === 'minmax');
    comps.set(
      src.key,
      fused
        ? weightedMinMaxSum(at.map((i, j) => {
            const spec = doc.indicators[i]!;
            const st = globals.stats[spec.id] ?? fail(`statistics of indicator ${spec.id} are missing`);
            return { raw: raw[i]!, weight: w[ids[j]!]!, min: st.min, max: st.max, direction: spec.direction };
          }), scratch.f64(n))
        : weightedSum(ids.map(norm), ids.map((id) => w[id]!), scratch.f64(n)),
    );
  }
  const riskOf = (override: Partial<Record<Component, string>>) =>
    plan.runs.map(({ run, keys }) => {
      const g = {} as ComponentGrids;
      for (const [comp, key] of Object.entries({ ...keys, ...override })) g[comp as Component] = comps.get(key)!;
      return riskIndex(g, run.risk!.operator, run.risk!.weights as Partial<Record<Component, number>> | undefined, run.risk!.floor, run.risk!.matrix, scratch.f64(n));
    });
  const risks = riskOf({});
  const runs = plan.runs.map((r) => r.run);
  const declared = runs[0]!.isHazard;
  const hazardWeights = globals.hazardWeights ?? fail('hazard weights are missing');
  const method = doc.comprehensive?.method ?? 'weightedSum';
  const combine = (rs: Float64Array[]): Float64Array => (declared ? comprehensiveRisk(rs, hazardWeights, method) : rs[0]!);
  const combined = combine(risks);
  const exposures = plan.exposures.map((x) => encodeOutput(globals, tile, combine(riskOf(x.keys))));
  const index = Float32Array.from(combined);
  const result: IndexResult = {
    index,
    encodedIndex: doc.indexScore === 'percentile' ? null : encodeTile(globals, tile, index),
    values: globals.skipDistinct ? summaryOnly(index) : tileValues(index),
    hazards: declared ? risks.map((r) => encodeOutput(globals, tile, r)) : [],
    exposures,
  };
  const zoning = doc.zoning;
  if (zoning) {
    const capacity = Float32Array.from(comps.get(zoning.capacity) ?? fail(`zoning.capacity: shared component ${zoning.capacity} is missing`));
    result.capacity = capacity;
    result.capacityValues = tileValues(capacity);
    result.contributions = declared ? runs.map((r, h) => ({ label: r.name, grid: Float32Array.from(risks[h]!, (v) => hazardWeights[h]! * v) })) : hazardContributions(ctx, norm, weights.H ?? {}, index.length);
  }
  return result;
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
function summaryOnly(values: Float32Array): TileValues {
  return { ...rangeMoments(values), values: new Float64Array(0), counts: new Float64Array(0) };
}
