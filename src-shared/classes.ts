/**
 * Class assignment under class breaks. Convention everywhere in RiskAtlas: `breaks` has k+1
 * ascending numbers [min, b1, …, b(k−1), max]; ascending class c holds the values in
 * (breaks[c], breaks[c+1]], and class 0 also holds breaks[0]. Nodata never enters.
 */

/**
 * The ascending class (0-based) of a value under `breaks`: the first c with value ≤ breaks[c+1].
 * Values below the first break go to class 0, above the last to the top class.
 */
export function classOf(value: number, breaks: readonly number[]): number {
  const k = breaks.length - 1;
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= breaks[mid + 1]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
