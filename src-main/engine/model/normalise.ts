/**
 * Indicator normalisation (DOMAIN.md §2). NaN is nodata: it stays NaN and never enters min/max.
 */

export type Direction = 'positive' | 'negative';

/** Min and max of the non-NaN values; null when every value is NaN. */
export function validRange(values: Float64Array): { min: number; max: number; count: number } | null {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return count ? { min, max, count } : null;
}

/**
 * Min-max to [0, 1]: positive (x − min)/(max − min), negative (cost) (max − x)/(max − min).
 * A constant indicator carries no contrast and becomes 0 everywhere it is valid.
 * Returns a new array; `range` defaults to the data's own min/max.
 */
export function minMaxNormalise(values: Float64Array, direction: Direction, range = validRange(values)): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  if (!range) return out;
  const span = range.max - range.min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (span === 0) out[i] = 0;
    else out[i] = direction === 'positive' ? (v - range.min) / span : (range.max - v) / span;
  }
  return out;
}
