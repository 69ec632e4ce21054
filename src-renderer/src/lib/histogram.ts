/**
 * Break-handle arithmetic for the Classes panel: the mapping between a break value and its
 * x position on the histogram, moving a break between its neighbours, and class counts of
 * dragged breaks from the engine's histogram.
 */
import type { Histogram } from '../../../src-main/api/contract';
import { classOf } from '../../../src-shared/classes';

/** x (0…width) of a value on an axis from `min` to `max`. */
export function valueToX(v: number, min: number, max: number, width: number): number {
  return max > min ? ((v - min) / (max - min)) * width : 0;
}

/** Value at x on an axis from `min` to `max`. */
export function xToValue(x: number, min: number, max: number, width: number): number {
  return width > 0 ? min + (x / width) * (max - min) : min;
}

/**
 * Move inner break `k` (1 … breaks.length − 2 of `[min, b1, …, max]`) to `v`, kept strictly
 * between its neighbours (by `gap`) so classes never empty out or swap order.
 */
export function moveBreak(breaks: readonly number[], k: number, v: number, gap = 1e-9): number[] {
  if (k < 1 || k > breaks.length - 2) throw new RangeError(`break ${k} is not an inner break`);
  const lo = breaks[k - 1]! + gap;
  const hi = breaks[k + 1]! - gap;
  const out = breaks.slice();
  out[k] = Math.min(hi, Math.max(lo, v));
  return out;
}

/**
 * Cells per class (lowest first) for breaks that were dragged, from the engine's histogram:
 * a bin counts towards the class of its centre, so a count is exact to within the bins a
 * break cuts through. Exact counts come back from the engine when the breaks are applied.
 */
export function histogramClassCounts(h: Histogram, breaks: readonly number[]): number[] {
  const out = new Array<number>(breaks.length - 1).fill(0);
  h.counts.forEach((n, i) => {
    out[classOf((h.edges[i]! + h.edges[i + 1]!) / 2, breaks)]! += n;
  });
  return out;
}
