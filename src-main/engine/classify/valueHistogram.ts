/**
 * Equal-width histograms of grid values for the panels (an indicator's values, the risk
 * index under its class breaks): `bins` bins over [min, max], the last one closed. Not the
 * fine histogram natural breaks are computed on (distribution.ts).
 */
import { RiskAtlasError } from '../../../src-shared/errors';

/** `counts[i]` values fall in [edges[i], edges[i+1]) (the last bin is closed). */
export interface ValueHistogram {
  min: number;
  max: number;
  edges: number[];
  counts: number[];
  /** Valid (non-nodata) cells counted. */
  validCells: number;
}

/**
 * The histogram of the valid (non-NaN) values of `tiles` over [min, max] (their range, known
 * beforehand); all values equal → one bin holding them all (edges [v, v]).
 */
export function histogramOfTiles(tiles: ArrayLike<number>[], bins: number, min: number, max: number): ValueHistogram {
  const counts = new Float64Array(min === max ? 1 : bins);
  return histogramOfCounts(counts, countValues(tiles, bins, min, max, counts), bins, min, max);
}

/**
 * Count the valid values of `tiles` into `counts` (the bins of {@link histogramOfTiles}) and
 * return how many there were. Counts are whole numbers, so parts of a grid counted apart (in
 * two threads: live/liveHelper.ts) add up to the same histogram.
 */
export function countValues(tiles: ArrayLike<number>[], bins: number, min: number, max: number, counts: Float64Array): number {
  let n = 0;
  const width = (max - min) / bins;
  for (const values of tiles)
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      n++;
      if (min !== max) counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
    }
  return n;
}

/** The histogram of `n` valid values counted into `counts` by {@link countValues}. */
export function histogramOfCounts(counts: Float64Array, n: number, bins: number, min: number, max: number): ValueHistogram {
  if (n === 0) throw new RiskAtlasError('E_ALL_NODATA', 'no valid cell inside the study area');
  if (min === max) return { min, max, edges: [min, max], counts: [n], validCells: n };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  return { min, max, edges, counts: Array.from(counts), validCells: n };
}

/** The histogram of the valid (non-NaN) values of a whole array (see {@link histogramOfTiles}). */
export function histogramOf(values: ArrayLike<number>, bins: number): ValueHistogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) throw new RiskAtlasError('E_ALL_NODATA', 'no valid cell inside the study area');
  return histogramOfTiles([values], bins, min, max);
}
