/**
 * Exact natural breaks (Jenks / Fisher): the partition of sorted values into k contiguous
 * classes that minimises the total within-class sum of squared deviations, i.e. optimal
 * 1-D k-means. Solved by dynamic programming over weighted distinct values with the
 * divide-and-conquer optimisation (the optimal split point is monotone in the class end),
 * O(k · n · log n) — exact on the full data, never a random sample.
 *
 * Written by hand because the npm options (simple-statistics' ckmeans, jenks ports) are
 * O(k·n²) or sample the data; county grids have 10^5–10^6 distinct values.
 */

/** Distinct values with their multiplicities (or any positive weights), ascending. */
export interface WeightedValues {
  values: Float64Array;
  weights: Float64Array;
}

/**
 * Optimal partition of weighted ascending values into `k` classes.
 * @returns the index of the first value of each class (length k, first is 0), ascending.
 * When there are fewer distinct values than classes, each value gets its own class and the
 * result is shorter than k.
 */
export function optimalPartition(data: WeightedValues, k: number): number[] {
  const n = data.values.length;
  if (n === 0) return [];
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  // Shift by the weighted mean so the prefix sums of squares do not lose precision.
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < n; i++) {
    sw += data.weights[i]!;
    swx += data.weights[i]! * data.values[i]!;
  }
  const shift = swx / sw;
  const s0 = new Float64Array(n + 1);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const w = data.weights[i]!;
    const x = data.values[i]! - shift;
    s0[i + 1] = s0[i]! + w;
    s1[i + 1] = s1[i]! + w * x;
    s2[i + 1] = s2[i]! + w * x * x;
  }
  /** Within-class sum of squares of values j..i inclusive. */
  const cost = (j: number, i: number): number => {
    const w = s0[i + 1]! - s0[j]!;
    const m = s1[i + 1]! - s1[j]!;
    const c = s2[i + 1]! - s2[j]! - (m * m) / w;
    return c > 0 ? c : 0;
  };

  let prev = new Float64Array(n);
  for (let i = 0; i < n; i++) prev[i] = cost(0, i);
  let cur = new Float64Array(n);
  // start[c][i]: first index of class c in the optimal partition of 0..i into c+1 classes.
  const start: Int32Array[] = [new Int32Array(n)];
  // Iterative divide and conquer over (lo, hi, optLo, optHi) quadruples: an explicit stack
  // (no recursion on hostile sizes), which never holds more than one pending node per level.
  const stack = new Int32Array(4 * 80);
  // floor[j]: the least of prev[j..n−1]. Once it reaches the best found, no later candidate
  // can beat it (their prev alone is at least as large): the scan stops there.
  const floor = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let least = Infinity;
    for (let j = n - 1; j >= c - 1; j--) floor[j] = least = prev[j]! < least ? prev[j]! : least;
    const arg = new Int32Array(n);
    start.push(arg);
    // The last class count is only ever asked about the whole sequence (its end n − 1): only
    // the nodes on the way to n − 1 are computed, with the same bounds as the full recursion.
    const last = c === k - 1;
    let sp = 0;
    stack[sp++] = c;
    stack[sp++] = n - 1;
    stack[sp++] = c;
    stack[sp++] = n - 1;
    while (sp) {
      const optHi = stack[--sp]!;
      const optLo = stack[--sp]!;
      const hi = stack[--sp]!;
      const lo = stack[--sp]!;
      if (lo > hi) continue;
      const mid = (lo + hi) >> 1;
      // cost(j, mid) inlined, the same operations in the same order.
      const w1 = s0[mid + 1]!;
      const m1 = s1[mid + 1]!;
      const q1 = s2[mid + 1]!;
      const j0 = optLo > c ? optLo : c;
      const jEnd = mid < optHi ? mid : optHi;
      let best = Infinity;
      let bestJ = j0;
      for (let j = j0; j <= jEnd; j++) {
        // A class's cost is never negative and adding it never rounds below prev: a candidate
        // whose prev alone does not beat the best cannot win — skipped before the division,
        // the same choice as evaluating it (half the time of the programme on a county index).
        const p = prev[j - 1]!;
        if (p >= best) {
          if (floor[j - 1]! >= best) break;
          continue;
        }
        const w = w1 - s0[j]!;
        const m = m1 - s1[j]!;
        const q = q1 - s2[j]! - (m * m) / w;
        const v = p + (q > 0 ? q : 0);
        if (v < best) {
          best = v;
          bestJ = j;
        }
      }
      cur[mid] = best;
      arg[mid] = bestJ;
      if (!last) {
        stack[sp++] = lo;
        stack[sp++] = mid - 1;
        stack[sp++] = optLo;
        stack[sp++] = bestJ;
      }
      stack[sp++] = mid + 1;
      stack[sp++] = hi;
      stack[sp++] = bestJ;
      stack[sp++] = optHi;
    }
    // Entries below c of a layer are never read by the next one.
    [prev, cur] = [cur, prev];
  }
  const starts = new Array<number>(k);
  let end = n - 1;
  for (let c = k - 1; c >= 1; c--) {
    starts[c] = start[c]![end]!;
    end = starts[c]! - 1;
  }
  starts[0] = 0;
  return starts;
}

/**
 * Class breaks [min, b1, …, max] of a partition of weighted values: class c ends at the
 * largest data value of the entry before the next class's first, `upper[starts[c + 1] − 1]`
 * (for distinct values the value itself, for a histogram bin its largest value).
 */
export function partitionBreaks(starts: number[], upper: ArrayLike<number>, min: number, max: number): number[] {
  const breaks = [min];
  for (let c = 1; c < starts.length; c++) breaks.push(upper[starts[c]! - 1]!);
  breaks.push(max);
  return breaks;
}

/** Total within-class sum of squared deviations of a partition (for tests and reports). */
export function withinClassSS(data: WeightedValues, starts: number[]): number {
  let total = 0;
  for (let c = 0; c < starts.length; c++) {
    const a = starts[c]!;
    const b = c + 1 < starts.length ? starts[c + 1]! : data.values.length;
    let w = 0;
    let m = 0;
    for (let i = a; i < b; i++) {
      w += data.weights[i]!;
      m += data.weights[i]! * data.values[i]!;
    }
    const mean = m / w;
    for (let i = a; i < b; i++) total += data.weights[i]! * (data.values[i]! - mean) ** 2;
  }
  return total;
}
