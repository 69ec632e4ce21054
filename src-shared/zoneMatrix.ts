/**
 * Prevention zones from risk and capacity (docs/architecture.md "Prevention zoning"): not a copy of the risk map — a
 * high-risk place with strong capacity may be a secondary zone, a medium-risk place with
 * weak capacity a key one. The matrix is the model's, editable.
 */
import { RiskAtlasError } from './errors';

/** Default zone names, zone 1 first. */
export const ZONE_NAMES = ['重点防治区', '次重点防治区', '一般防治区'];

/**
 * The default matrix for 5 risk grades (rows, 1 = 高) × 3 capacity grades (columns,
 * 1 = weakest capacity): 1 = 重点, 2 = 次重点, 3 = 一般.
 */
export const DEFAULT_ZONE_MATRIX = [
  [1, 1, 2],
  [1, 2, 2],
  [2, 2, 3],
  [3, 3, 3],
  [3, 3, 3],
];

/**
 * Zone per cell: `matrix[riskGrade − 1][capacityGrade − 1]`. Grades are 1-based; 0 is
 * nodata in both inputs and the output.
 */
export function zoneFromMatrix(risk: Uint8Array, capacity: Uint8Array, matrix: number[][]): Uint8Array {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  const out = new Uint8Array(risk.length);
  for (let i = 0; i < risk.length; i++) {
    const r = risk[i]!;
    const c = capacity[i]!;
    if (r === 0 || c === 0) continue;
    if (r > rows || c > cols) throw new RiskAtlasError('E_MODEL_INVALID', `zoning.matrix has no entry for risk grade ${r} and capacity grade ${c}`);
    out[i] = matrix[r - 1]![c - 1]!;
  }
  return out;
}
