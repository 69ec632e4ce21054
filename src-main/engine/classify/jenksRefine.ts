/**
 * Natural breaks past the distinct-value limit, made exact where it matters.
 *
 * A 8000² index has tens of millions of distinct Float32 values: too many for the exact
 * dynamic programme, so the distribution becomes a 65,536-bin histogram (distribution.ts),
 * and Jenks on it is optimal only among breaks that fall between bins. This refinement
 * takes one more look at the values: every value in the `window` bins on either side of each
 * histogram break is kept exactly, and the dynamic programme runs again on the sequence in
 * which those bins are replaced by their distinct values (the other bins stay whole). A bin
 * kept whole adds its within-bin sum of squares whatever the partition, so the result is the
 * exact optimum among all partitions whose breaks lie inside the windows — the true optimum
 * whenever its breaks are within `window` bins of the histogram's (tests compare with the
 * full exact programme). A break that lands on the edge of a window is reported, not hidden:
 * {@link JenksRefinement.breaks} then says the result is not certified.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { histogramBin, HISTOGRAM_BINS, type Distribution } from './distribution';
import { optimalPartition, partitionBreaks, type WeightedValues } from './jenks';

/** Bins looked at exactly on each side of a histogram break. */
export const REFINE_WINDOW = 8;
/** At most this many values are kept for the refinement; with more, the histogram breaks stand. */
export const REFINE_LIMIT = 8_000_000;

/** Breaks after refinement, and whether every break fell strictly inside its window. */
export interface RefinedBreaks {
  breaks: number[];
  /** True when the values were kept and no break sits on a window's edge. */
  certified: boolean;
}

/** Values kept so far (the first `n` of `values`, which grows). */
export interface KeptValues {
  values: Float64Array;
  n: number;
}

/** The bins whose values the refinement keeps, and how a value maps to its bin. */
export interface RefineMarks {
  /** Per histogram bin: 1 when its values are kept. */
  expand: Uint8Array;
  min: number;
  scale: number;
}

/**
 * Append to `into` the values (any order, NaN skipped) whose bin `marks` keeps; false (and
 * nothing more kept) once more than {@link REFINE_LIMIT} values would be.
 */
export function keepMarked(values: ArrayLike<number>, marks: RefineMarks, into: KeptValues): boolean {
  const { expand, min, scale } = marks;
  // The kept values and their count in locals, written back at the end (read through a
  // field they cost a reload per value).
  let kept = into.values;
  let n = into.n;
  let fits = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || !expand[histogramBin(v, min, scale)]) continue;
    if (n === REFINE_LIMIT) {
      fits = false;
      break;
    }
    if (n === kept.length) {
      const grown = new Float64Array(Math.min(REFINE_LIMIT, n * 2));
      grown.set(kept);
      kept = grown;
    }
    kept[n++] = v;
  }
  into.values = kept;
  into.n = n;
  return fits;
}

/** The refined sequence: kept bins whole, refined bins as their distinct values; each entry's largest value; window edges. */
interface RefinedSequence {
  data: WeightedValues;
  upper: Float64Array;
  /** Sequence positions of the first and last value of each refined run. */
  edges: Set<number>;
}

export class JenksRefinement {
  /** Per histogram bin: 1 when its values are kept. */
  private readonly expand = new Uint8Array(HISTOGRAM_BINS);
  /** Histogram entry (non-empty bin) index → bin number. */
  private readonly entryBin: Int32Array;
  private readonly kept: KeptValues = { values: new Float64Array(1 << 16), n: 0 };
  private overflow = false;
  private readonly bin: { min: number; scale: number };

  /** The histogram's own optimal class starts (where the windows are). */
  private readonly starts: number[];

  /**
   * @param d a histogram distribution (`d.histogram` set, `d.exact` false)
   * @param k number of classes
   * @param starts the optimal partition of the histogram, when it is already known
   */
  constructor(private readonly d: Distribution, private readonly k: number, window = REFINE_WINDOW, starts?: number[]) {
    if (!d.histogram) throw new RiskAtlasError('E_INTERNAL', 'Jenks refinement needs a histogram distribution');
    this.bin = d.histogram;
    const m = d.upper.length;
    // The largest value of a bin lies in that bin, so it names the bin. (A loop: TypedArray.from
    // with a function goes through the iterator protocol, 15 ms for 65,536 bins.)
    const { min, scale } = this.bin;
    this.entryBin = new Int32Array(m);
    for (let e = 0; e < m; e++) this.entryBin[e] = histogramBin(d.upper[e]!, min, scale);
    this.starts = starts ??= optimalPartition(d.data, k);
    for (let c = 1; c < starts.length; c++) {
      for (let e = Math.max(0, starts[c]! - window); e < Math.min(m, starts[c]! + window); e++) this.expand[this.entryBin[e]!] = 1;
    }
  }

  /** The bins whose values are kept (for another thread to look at part of the values: {@link keepMarked}). */
  marks(): RefineMarks {
    return { expand: this.expand, ...this.bin };
  }

  /** Look at values again (any order, NaN skipped): the ones in the refined bins are kept. */
  add(values: ArrayLike<number>): void {
    if (!this.overflow && !keepMarked(values, this.marks(), this.kept)) this.overflow = true;
  }

  /** Values another thread kept ({@link keepMarked} with {@link marks}), null when it had too many: as if they were added. */
  addKept(values: Float64Array | null): void {
    if (this.overflow) return;
    if (!values || this.kept.n + values.length > REFINE_LIMIT) {
      this.overflow = true;
      return;
    }
    const into = this.kept;
    if (into.n + values.length > into.values.length) {
      const grown = new Float64Array(into.n + values.length);
      grown.set(into.values.subarray(0, into.n));
      into.values = grown;
    }
    into.values.set(values, into.n);
    into.n += values.length;
  }

  /** The refined breaks ([min, b1 … b(k−1), max]), after every value was added. */
  breaks(): RefinedBreaks {
    const seq = this.sequence();
    return seq ? this.finish(seq, optimalPartition(seq.data, this.k)) : this.histogramBreaks();
  }

  /** {@link breaks}, the refined sequence partitioned by `partition` (two threads: jenks.ts optimalPartitionIn) — the same breaks. */
  async breaksWith(partition: (data: WeightedValues, k: number) => Promise<number[]>): Promise<RefinedBreaks> {
    const seq = this.sequence();
    return seq ? this.finish(seq, await partition(seq.data, this.k)) : this.histogramBreaks();
  }

  /** Too many values to keep: the histogram's breaks stand, not certified. */
  private histogramBreaks(): RefinedBreaks {
    const d = this.d;
    return { breaks: partitionBreaks(this.starts, d.upper, d.min, d.max), certified: false };
  }

  /** Where breaks fall once the refined sequence is partitioned: breaks, and whether any sits on a window's edge. */
  private finish(seq: RefinedSequence, starts: number[]): RefinedBreaks {
    const d = this.d;
    // A class starting at the first value of a run, or right after its last, sits on a window edge.
    return { breaks: partitionBreaks(starts, seq.upper, d.min, d.max), certified: !starts.slice(1).some((s) => seq.edges.has(s)) };
  }

  /** The sequence the refinement partitions (null when the values overflowed). */
  private sequence(): RefinedSequence | null {
    const d = this.d;
    if (this.overflow) return null;
    const kept = this.kept.values.subarray(0, this.kept.n).sort();
    // The sequence: bins kept whole as (mean, count); refined bins as their distinct values —
    // at most one entry per bin plus one per kept value, in typed arrays filled in place.
    const m = d.upper.length;
    const cap = m + kept.length;
    const values = new Float64Array(cap);
    const weights = new Float64Array(cap);
    const upper = new Float64Array(cap);
    /** Sequence position of the first and last value of each refined run, to tell window edges. */
    const edges = new Set<number>();
    let len = 0;
    let j = 0;
    for (let e = 0; e < m; e++) {
      const b = this.entryBin[e]!;
      if (!this.expand[b]) {
        values[len] = d.data.values[e]!;
        weights[len] = d.data.weights[e]!;
        upper[len++] = d.upper[e]!;
        continue;
      }
      if (e === 0 || !this.expand[this.entryBin[e - 1]!]) edges.add(len);
      let count = 0;
      while (j < kept.length && histogramBin(kept[j]!, this.bin.min, this.bin.scale) === b) {
        const v = kept[j]!;
        let c = 0;
        while (j < kept.length && kept[j] === v) (j++, c++);
        values[len] = v;
        weights[len] = c;
        upper[len++] = v;
        count += c;
      }
      if (count !== d.data.weights[e]) throw new RiskAtlasError('E_INTERNAL', `Jenks refinement: bin ${b} held ${d.data.weights[e]} values in the first look and ${count} in the second`);
      if (e === m - 1 || !this.expand[this.entryBin[e + 1]!]) edges.add(len);
    }
    return { data: { values: values.subarray(0, len), weights: weights.subarray(0, len) }, upper, edges };
  }
}

