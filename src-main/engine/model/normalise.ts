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
 * Returns a new array, or `out` when given (it may be `values` itself: the transform is
 * per cell); `range` defaults to the data's own min/max.
 */
export function minMaxNormalise(values: Float64Array, direction: Direction, range = validRange(values), out: Float64Array = new Float64Array(values.length)): Float64Array {
  if (!range) return out.fill(NaN);
  const span = range.max - range.min;
  // One loop per case, so the per-cell work is a subtraction and a division.
  if (span === 0) {
    for (let i = 0; i < values.length; i++) out[i] = values[i]! === values[i]! ? 0 : NaN;
  } else if (direction === 'positive') {
    const min = range.min;
    for (let i = 0; i < values.length; i++) out[i] = (values[i]! - min) / span; // NaN stays NaN
  } else {
    const max = range.max;
    for (let i = 0; i < values.length; i++) out[i] = (max - values[i]!) / span;
  }
  return out;
}
