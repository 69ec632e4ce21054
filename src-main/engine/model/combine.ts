/**
 * Components and risk operators (DOMAIN.md §4–5). All inputs are normalised grids in [0,1]
 * with NaN as nodata; a cell is nodata in the output when any input it needs is nodata.
 */
import type { Component } from './document';

/** Σ wᵢ·Xᵢ over the indicator grids (weights already validated to sum to 1). */
export function weightedSum(grids: Float64Array[], weights: number[]): Float64Array {
  const n = grids[0]!.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let g = 0; g < grids.length; g++) s += weights[g]! * grids[g]![i]!;
    out[i] = s; // NaN propagates by arithmetic
  }
  return out;
}

/** Component grids by name; E, V, C may be absent. */
export type ComponentGrids = Partial<Record<Component, Float64Array>> & { H: Float64Array };

/**
 * Risk from components. Capacity C is good for the county, so it enters as lack of
 * capacity (1 − C).
 * - weightedSum: R = wH·H + wE·E + wV·V + wC·(1 − C)
 * - hevc: R = H × E × V × (1 − C), absent components taken as 1 (C as 0).
 */
export function riskIndex(
  comps: ComponentGrids,
  operator: 'weightedSum' | 'hevc',
  weights: Partial<Record<Component, number>> = {},
): Float64Array {
  const n = comps.H.length;
  const out = new Float64Array(n);
  const { H, E, V, C } = comps;
  for (let i = 0; i < n; i++) {
    const lack = C ? 1 - C[i]! : undefined;
    if (operator === 'weightedSum') {
      out[i] =
        (weights.H ?? 0) * H[i]! +
        (E ? (weights.E ?? 0) * E[i]! : 0) +
        (V ? (weights.V ?? 0) * V[i]! : 0) +
        (lack !== undefined ? (weights.C ?? 0) * lack : 0);
    } else {
      out[i] = H[i]! * (E ? E[i]! : 1) * (V ? V[i]! : 1) * (lack ?? 1);
    }
  }
  return out;
}
