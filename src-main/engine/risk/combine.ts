/**
 * Components and risk operators (docs/architecture.md "H, E, V, C" and "Risk operators"). All inputs are normalised grids in [0,1]
 * with NaN as nodata; a cell is nodata in the output when any input it needs is nodata.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Component, RiskMatrixSpec, RiskOperator } from '../../../src-shared/model';

/** Σ wᵢ·Xᵢ over the indicator grids (weights already validated to sum to 1), into `out` when given. */
export function weightedSum(grids: Float64Array[], weights: number[], out: Float64Array = new Float64Array(grids[0]!.length)): Float64Array {
  const n = out.length;
  // Grid by grid rather than cell by cell: each inner loop streams two arrays. The sum
  // starts at 0 + w₀x₀ and adds in grid order, the same bits as a per-cell Σ.
  for (let g = 0; g < grids.length; g++) {
    const a = grids[g]!;
    const w = weights[g]!;
    if (g === 0) for (let i = 0; i < n; i++) out[i] = 0 + w * a[i]!;
    else for (let i = 0; i < n; i++) out[i] = out[i]! + w * a[i]!; // NaN propagates by arithmetic
  }
  if (!grids.length) out.fill(0);
  return out;
}

/** Component grids by name; E, V, C may be absent. */
export type ComponentGrids = Partial<Record<Component, Float64Array>> & { H: Float64Array };

/** 0-based class of `v` under ascending inner thresholds: the number of thresholds below v. */
function thresholdClass(v: number, thresholds: number[]): number {
  let c = 0;
  while (c < thresholds.length && v > thresholds[c]!) c++;
  return c;
}

/**
 * Risk from components, cell by cell. Capacity C is good for the county, so every operator
 * but ÷C uses lack of capacity, 1 − C. Absent components are left out (taken as 1 in
 * products). Nodata (NaN) in any component used gives nodata.
 * - weightedSum: wH·H + wE·E + wV·V + wC·(1 − C)
 * - weightedProduct: H^wH · E^wE · V^wV · (1 − C)^wC
 * - hevc: H × E × V × (1 − C) (census meteorological specs)
 * - hevOverC: H × E × V ÷ max(C, floor)
 * - geometricMean: (H × E × V × (1 − C))^(1/k) over the k components present
 * - max: the largest of H, E, V, 1 − C
 * - inform: (√(H·E) × V × (1 − C))^(1/3) (INFORM: hazard & exposure, vulnerability, lack of coping capacity)
 * - lightning: H × (wE·E + wV·V) (the census lightning zoning formulation)
 * - riskMatrix: table[class of rows component][class of columns component] (see {@link RiskMatrixSpec})
 * - nri: (H × E) × V ÷ max(C, floor) — the FEMA National Risk Index form: expected annual loss
 *   (annualised frequency × exposed value) × social vulnerability ÷ community resilience. As in
 *   the NRI, V and C are meant as percentile scores: give their indicators `transform: "percentile"`.
 * @param floor lower bound for C under hevOverC, so a cell without capacity does not divide by 0.
 * @param out array to write into (default a new one).
 */
export function riskIndex(
  comps: ComponentGrids,
  operator: RiskOperator,
  weights: Partial<Record<Component, number>> = {},
  floor = 0.1,
  matrix?: RiskMatrixSpec,
  out: Float64Array = new Float64Array(comps.H.length),
): Float64Array {
  if (operator === 'riskMatrix' && !matrix) throw new RiskAtlasError('E_MODEL_INVALID', 'riskMatrix needs a matrix');
  const n = comps.H.length;
  const { H, E, V, C } = comps;
  const w = (c: Component): number => weights[c] ?? 0;
  if (operator === 'weightedSum') {
    // The common case on its own loops, component by component (no per-cell switch or
    // closure), adding the terms in the order H, E, V, C.
    const [wH, wE, wV, wC] = [w('H'), w('E'), w('V'), w('C')];
    for (let i = 0; i < n; i++) out[i] = wH * H[i]!;
    if (E) for (let i = 0; i < n; i++) out[i] = out[i]! + wE * E[i]!;
    if (V) for (let i = 0; i < n; i++) out[i] = out[i]! + wV * V[i]!;
    if (C) for (let i = 0; i < n; i++) out[i] = out[i]! + wC * (1 - C[i]!);
    return out;
  }
  const present = [H, E, V, C].filter(Boolean).length;
  for (let i = 0; i < n; i++) {
    const h = H[i]!;
    const e = E ? E[i]! : undefined;
    const v = V ? V[i]! : undefined;
    const c = C ? C[i]! : undefined;
    const lack = c === undefined ? undefined : 1 - c;
    const prod = h * (e ?? 1) * (v ?? 1);
    switch (operator) {
      case 'weightedProduct':
        out[i] = h ** w('H') * (e === undefined ? 1 : e ** w('E')) * (v === undefined ? 1 : v ** w('V')) * (lack === undefined ? 1 : lack ** w('C'));
        break;
      case 'hevc':
        out[i] = prod * (lack ?? 1);
        break;
      case 'hevOverC':
        out[i] = Number.isNaN(c!) ? NaN : prod / Math.max(c!, floor);
        break;
      case 'geometricMean':
        out[i] = (prod * (lack ?? 1)) ** (1 / present);
        break;
      case 'max': {
        const xs = [h, e, v, lack].filter((x): x is number => x !== undefined);
        out[i] = xs.some(Number.isNaN) ? NaN : Math.max(...xs);
        break;
      }
      case 'inform':
        out[i] = (Math.sqrt(h * e!) * v! * lack!) ** (1 / 3);
        break;
      case 'lightning':
        out[i] = h * (w('E') * e! + w('V') * v!);
        break;
      case 'riskMatrix': {
        const r = comps[matrix!.rows]![i]!;
        const col = comps[matrix!.columns]![i]!;
        out[i] = r !== r || col !== col ? NaN : matrix!.table[thresholdClass(r, matrix!.rowThresholds)]![thresholdClass(col, matrix!.columnThresholds)]!;
        break;
      }
      case 'nri':
        out[i] = Number.isNaN(c!) ? NaN : (h * e! * v!) / Math.max(c!, floor);
        break;
    }
  }
  return out;
}

/** How single-hazard risks combine into the comprehensive risk. */
export type ComprehensiveMethod = 'weightedSum' | 'max';

/**
 * Comprehensive risk from single-hazard risks, cell by cell: Σ wₕ·Rₕ (hazard weights summing
 * to 1) or maxₕ Rₕ. A cell is nodata when any hazard's risk is nodata there, so the
 * comprehensive risk never silently drops a hazard.
 */
export function comprehensiveRisk(risks: Float64Array[], weights: number[], method: ComprehensiveMethod): Float64Array {
  const n = risks[0]!.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = method === 'max' ? -Infinity : 0;
    for (let h = 0; h < risks.length; h++) {
      const r = risks[h]![i]!;
      if (method === 'max') acc = r > acc || r !== r ? r : acc;
      else acc += weights[h]! * r;
      if (acc !== acc) break;
    }
    out[i] = acc;
  }
  return out;
}
