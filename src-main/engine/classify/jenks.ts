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
 * The dynamic programme's tables for `n` values: prefix sums of weights, weighted values and
 * squares (shifted by the weighted mean, so the sums of squares do not lose precision), the
 * previous and current layer's costs, the least of the previous layer from each end on, and
 * each layer's class starts. In `SharedArrayBuffer`s when asked: a second thread then solves
 * half of each layer in place ({@link optimalPartitionIn}).
 */
export interface PartitionTables {
  n: number;
  s0: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  prev: Float64Array;
  cur: Float64Array;
  /** floor[j]: the least of prev[j..n−1]. */
  floor: Float64Array;
  /** start[c][i]: first index of class c in the optimal partition of 0..i into c+1 classes. */
  start: Int32Array[];
}

/** The tables of `data` for `k` classes (see {@link PartitionTables}); the first layer filled. */
export function partitionTables(data: WeightedValues, k: number, shared = false): PartitionTables {
  const n = data.values.length;
  const f64 = (len: number): Float64Array => new Float64Array(shared ? new SharedArrayBuffer(8 * len) : new ArrayBuffer(8 * len));
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < n; i++) {
    sw += data.weights[i]!;
    swx += data.weights[i]! * data.values[i]!;
  }
  const shift = swx / sw;
  const s0 = f64(n + 1);
  const s1 = f64(n + 1);
  const s2 = f64(n + 1);
  for (let i = 0; i < n; i++) {
    const w = data.weights[i]!;
    const x = data.values[i]! - shift;
    s0[i + 1] = s0[i]! + w;
    s1[i + 1] = s1[i]! + w * x;
    s2[i + 1] = s2[i]! + w * x * x;
  }
  const prev = f64(n);
  // Within-class sum of squares of values 0..i (the one-class layer).
  for (let i = 0; i < n; i++) {
    const m = s1[i + 1]!;
    const c = s2[i + 1]! - (m * m) / s0[i + 1]!;
    prev[i] = c > 0 ? c : 0;
  }
  const start = Array.from({ length: k }, () => new Int32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n)));
  return { n, s0, s1, s2, prev, cur: f64(n), floor: f64(n), start };
}

/**
 * Solve layer `c` (c + 1 classes) for the class ends `lo` … `hi`, whose optimal last-class
 * starts lie in `optLo` … `optHi`: the divide and conquer's nodes of that subtree, writing
 * `cur[end]` and `start[c][end]`. With `last`, only the nodes on the way to `hi` (the last
 * layer is only asked about the whole sequence). Each node depends on `prev` alone, so two
 * threads may solve two subtrees at once with the bits one thread gives. Returns the start
 * of the first node solved (the root's).
 */
export function solveLayer(t: Pick<PartitionTables, 's0' | 's1' | 's2' | 'prev' | 'cur' | 'floor'> & { arg: Int32Array }, c: number, lo: number, hi: number, optLo: number, optHi: number, last: boolean): number {
  const { s0, s1, s2, prev, cur, floor, arg } = t;
  // Iterative divide and conquer over (lo, hi, optLo, optHi) quadruples: an explicit stack
  // (no recursion on hostile sizes), which never holds more than one pending node per level.
  const stack = new Int32Array(4 * 80);
  let sp = 0;
  stack[sp++] = lo;
  stack[sp++] = hi;
  stack[sp++] = optLo;
  stack[sp++] = optHi;
  let root = -1;
  while (sp) {
    const oHi = stack[--sp]!;
    const oLo = stack[--sp]!;
    const h = stack[--sp]!;
    const l = stack[--sp]!;
    if (l > h) continue;
    const mid = (l + h) >> 1;
    // cost(j, mid) inlined, the same operations in the same order.
    const w1 = s0[mid + 1]!;
    const m1 = s1[mid + 1]!;
    const q1 = s2[mid + 1]!;
    const j0 = oLo > c ? oLo : c;
    const jEnd = mid < oHi ? mid : oHi;
    let best = Infinity;
    let bestJ = j0;
    for (let j = j0; j <= jEnd; j++) {
      // A class's cost is never negative and adding it never rounds below prev: a candidate
      // whose prev alone does not beat the best cannot win — skipped before the division,
      // the same choice as evaluating it (half the time of the programme on a county index);
      // once no later prev is below the best either, the scan stops.
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
    if (root < 0) root = bestJ;
    if (!last) {
      stack[sp++] = l;
      stack[sp++] = mid - 1;
      stack[sp++] = oLo;
      stack[sp++] = bestJ;
    }
    stack[sp++] = mid + 1;
    stack[sp++] = h;
    stack[sp++] = bestJ;
    stack[sp++] = oHi;
  }
  return root;
}

/** Before layer `c`: floor[j] = the least of prev[j..n−1] (entries below c − 1 are never read). */
function fillFloor(t: PartitionTables, c: number): void {
  const { prev, floor, n } = t;
  let least = Infinity;
  for (let j = n - 1; j >= c - 1; j--) floor[j] = least = prev[j]! < least ? prev[j]! : least;
}

/** The class starts from solved tables: back from the whole sequence's end. */
function startsOf(t: PartitionTables, k: number): number[] {
  const starts = new Array<number>(k);
  let end = t.n - 1;
  for (let c = k - 1; c >= 1; c--) {
    starts[c] = t.start[c]![end]!;
    end = starts[c]! - 1;
  }
  starts[0] = 0;
  return starts;
}

/** Layers done: the next one reads this one's costs (entries below c of a layer are never read by the next). */
function nextLayer(t: PartitionTables): void {
  [t.prev, t.cur] = [t.cur, t.prev];
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
  const t = partitionTables(data, k);
  for (let c = 1; c < k; c++) {
    fillFloor(t, c);
    solveLayer({ ...t, arg: t.start[c]! }, c, c, n - 1, c, n - 1, c === k - 1);
    nextLayer(t);
  }
  return startsOf(t, k);
}

/**
 * {@link optimalPartition}, each layer's nodes after the root split between this thread and
 * `other`, which solves the right subtree on the same shared tables ({@link solveLayer}) —
 * the same starts, bit for bit.
 */
export async function optimalPartitionIn(data: WeightedValues, k: number, other: (task: { tables: Parameters<typeof solveLayer>[0]; c: number; lo: number; hi: number; optLo: number; optHi: number }) => Promise<void>): Promise<number[]> {
  const n = data.values.length;
  if (n === 0) return [];
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const t = partitionTables(data, k, true);
  for (let c = 1; c < k; c++) {
    fillFloor(t, c);
    const tables = { s0: t.s0, s1: t.s1, s2: t.s2, prev: t.prev, cur: t.cur, floor: t.floor, arg: t.start[c]! };
    if (c === k - 1) solveLayer(tables, c, c, n - 1, c, n - 1, true);
    else {
      // The root node here, then its two subtrees at once: the right one in the other thread.
      const mid = (c + n - 1) >> 1;
      const rootJ = solveLayer(tables, c, mid, mid, c, n - 1, false);
      const theirs = other({ tables, c, lo: mid + 1, hi: n - 1, optLo: rootJ, optHi: n - 1 });
      solveLayer(tables, c, c, mid - 1, c, rootJ, false);
      await theirs;
    }
    nextLayer(t);
  }
  return startsOf(t, k);
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
