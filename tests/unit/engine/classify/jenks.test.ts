import { describe, expect, it } from 'vitest';
import { optimalPartition, optimalPartitionIn, solveLayer, withinClassSS } from '../../../../src-main/engine/classify/jenks';
import { distinctValues, jenksBreaks } from '../../../../src-main/engine/classify/breaks';

/** Every way to cut n sorted values into k non-empty contiguous classes. */
function* cuts(n: number, k: number, from = 1): Generator<number[]> {
  if (k === 1) {
    yield [];
    return;
  }
  for (let s = from; s <= n - k + 1; s++) for (const rest of cuts(n, k - 1, s + 1)) yield [s, ...rest];
}

function bruteForceSS(data: ReturnType<typeof distinctValues>, k: number): number {
  let best = Infinity;
  for (const c of cuts(data.values.length, k)) best = Math.min(best, withinClassSS(data, [0, ...c]));
  return best;
}

/** A seeded generator so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('optimalPartition (exact Jenks)', () => {
  it('matches the brute-force optimum on 200 random small inputs', () => {
    const rnd = lcg(42);
    for (let t = 0; t < 200; t++) {
      const n = 3 + Math.floor(rnd() * 10);
      const k = 2 + Math.floor(rnd() * Math.min(4, n - 1));
      const raw = Array.from({ length: n }, () => Math.round(rnd() * 100) / 10 + (rnd() < 0.2 ? 50 : 0));
      const data = distinctValues(raw);
      if (data.values.length <= k) continue;
      const starts = optimalPartition(data, k);
      expect(starts).toHaveLength(k);
      expect(withinClassSS(data, starts)).toBeCloseTo(bruteForceSS(data, k), 9);
    }
  });

  it('stops scanning split points once no later one can win, and still finds the optimum of an every-split dynamic programme on 150 random inputs of up to 400 weighted values', () => {
    /** O(k·n²) programme over every split point: the optimal total within-class sum of squares. */
    const everySplit = (data: ReturnType<typeof distinctValues>, k: number): number => {
      const n = data.values.length;
      const cost = (a: number, b: number): number => withinClassSS({ values: data.values.subarray(a, b + 1), weights: data.weights.subarray(a, b + 1) }, [0]);
      const one = Array.from({ length: n }, (_, i) => cost(0, i));
      let prev = one;
      for (let c = 1; c < k; c++) {
        const cur = new Array<number>(n).fill(Infinity);
        for (let i = c; i < n; i++) for (let j = c; j <= i; j++) cur[i] = Math.min(cur[i]!, prev[j - 1]! + cost(j, i));
        prev = cur;
      }
      return prev[n - 1]!;
    };
    const rnd = lcg(7);
    for (let t = 0; t < 150; t++) {
      const n = 20 + Math.floor(rnd() * 380);
      const k = 2 + Math.floor(rnd() * 5);
      // Clustered values with skewed counts: the prefix costs rise steeply past a cluster, where
      // the scan stops early.
      const values = new Float64Array(n);
      const weights = new Float64Array(n);
      let x = 0;
      for (let i = 0; i < n; i++) {
        x += rnd() < 0.05 ? 50 * rnd() : rnd();
        values[i] = x;
        weights[i] = rnd() < 0.1 ? 1 + Math.floor(rnd() * 5000) : 1 + Math.floor(rnd() * 20);
      }
      const data = { values, weights };
      const starts = optimalPartition(data, k);
      const best = everySplit(data, k);
      expect(Math.abs(withinClassSS(data, starts) - best)).toBeLessThanOrEqual(1e-9 * Math.max(1, best));
    }
  });

  it('each layer split after its root (the right subtree solved apart, as a second thread does): the starts of one thread, on 60 random inputs', async () => {
    const rnd = lcg(99);
    for (let t = 0; t < 60; t++) {
      const n = 2 + Math.floor(rnd() * 3000);
      const k = 2 + Math.floor(rnd() * 6);
      const values = new Float64Array(n);
      const weights = new Float64Array(n);
      let x = 0;
      for (let i = 0; i < n; i++) {
        x += rnd() < 0.03 ? 20 * rnd() : rnd();
        values[i] = x;
        weights[i] = 1 + Math.floor(rnd() * (rnd() < 0.1 ? 900 : 9));
      }
      const subtrees: number[] = [];
      const split = await optimalPartitionIn({ values, weights }, k, async (task) => {
        subtrees.push(task.hi - task.lo + 1);
        solveLayer(task.tables, task.c, task.lo, task.hi, task.optLo, task.optHi, false);
      });
      expect(split).toEqual(optimalPartition({ values, weights }, k));
      // Every layer but the last was split (when there is more than one value per class).
      if (n > k) expect(subtrees.length).toBe(k - 2);
    }
  });

  it('separates obvious clusters exactly', () => {
    const values = [1, 2, 3, 10, 11, 12, 30, 31, 32];
    expect(jenksBreaks(values, 3)).toEqual([1, 3, 12, 32]);
  });

  it('weights repeated values by their counts', () => {
    // Nine 0s, one 4, one 10 — by hand: {0…0,4}|{10} has SS 9·0.4² + 3.6² = 14.4,
    // {0…0}|{4,10} has SS 3² + 3² = 18, so 4 joins the zeros because they are many.
    const a = distinctValues([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 4]);
    expect(a.weights).toEqual(Float64Array.from([9, 1, 1]));
    expect(withinClassSS(a, [0, 2])).toBeCloseTo(14.4, 12);
    expect(jenksBreaks([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 4], 2)).toEqual([0, 4, 10]);
    // 5.5 is nearer to 10, and alone with one 10 it joins it ({0}|{5.5,10}: SS 10.125 < 15.125);
    // beside nine 10s it would drag their mean (SS 18.225 > 15.125), so it goes with the 0.
    expect(jenksBreaks([0, 5.5, 10], 2)).toEqual([0, 0, 10]);
    expect(jenksBreaks([0, 5.5, ...Array(9).fill(10)], 2)).toEqual([0, 5.5, 10]);
  });

  it('between partitions of equal cost keeps the earlier class start (a candidate that only ties the best, or whose prefix alone ties it, is not taken)', () => {
    // {0}|{1,2} and {0,1}|{2} both cost 0.5: the first is kept, with single values and with counts.
    expect(optimalPartition(distinctValues([0, 1, 2]), 2)).toEqual([0, 1]);
    expect(optimalPartition(distinctValues([0, 0, 1, 1, 2, 2]), 2)).toEqual([0, 1]);
    expect(jenksBreaks([0, 1, 2], 2)).toEqual([0, 0, 2]);
    // Five evenly spaced values in 2 classes: {0,1}|{2,3,4} and {0,1,2}|{3,4} tie at 2.5.
    expect(optimalPartition(distinctValues([0, 1, 2, 3, 4]), 2)).toEqual([0, 2]);
    // Two values, constant data.
    expect(jenksBreaks([3, 8, 3, 8, 8], 5)).toEqual([3, 3, 8]);
    expect(jenksBreaks([4, 4, 4, NaN].filter((v) => v === v), 3)).toEqual([4, 4]);
  });

  it('gives each value its own class when there are fewer distinct values than classes', () => {
    expect(optimalPartition(distinctValues([5, 5, 7]), 5)).toEqual([0, 1]);
    expect(jenksBreaks([2, 2, 2], 5)).toEqual([2, 2]);
  });

  it('is exact on 100,000 values in well under the brute-force time (divide and conquer)', () => {
    const rnd = lcg(7);
    const values = Array.from({ length: 100_000 }, () => rnd() ** 2);
    const b = jenksBreaks(values, 5);
    expect(b).toHaveLength(6);
    for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
    // Optimality check against shifting each inner break by one distinct value either way.
    const data = distinctValues(values);
    const starts = optimalPartition(data, 5);
    const ss = withinClassSS(data, starts);
    for (let c = 1; c < 5; c++)
      for (const d of [-1, 1]) {
        const moved = [...starts];
        moved[c]! += d;
        expect(withinClassSS(data, moved)).toBeGreaterThanOrEqual(ss - 1e-9);
      }
  });
});
