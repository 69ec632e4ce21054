/**
 * The class breaks, between the index pass and the grading pass: the index's distribution is
 * finished (past the exact limit, a histogram of the kept index tiles), mapped to percentile
 * scores when the model scores the index so, and broken into the model's classes — Jenks on a
 * histogram then refined on the exact values near each break. Breaks are computed on the
 * index as written (Float32), so the grades agree with the index GeoTIFF.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import { schemeFor, type ClassScheme } from '../../../../src-shared/schemes';
import { breaksOfDistribution, fixedBreaks } from '../../classify/breaks';
import { mapDistribution, type Distribution, type DistributionBuilder } from '../../classify/distribution';
import { JenksRefinement } from '../../classify/jenksRefine';
import { percentileRank } from '../../indicators/transforms';
import type { RunContext } from '../setup';

/** The classes of a run's index. */
export interface IndexClasses {
  /** Ascending class breaks (k + 1 values for k classes). */
  breaks: number[];
  /** Number of classes. */
  k: number;
  scheme: ClassScheme;
  /** The 'restricted' grade (k + 1) of excluded land, when the model asks for one. */
  restricted: { grade: number; name: string } | null;
  /** The distribution of the risk values, and of the index as written (the scores, with percentile scoring). */
  riskDist: Distribution;
  dist: Distribution;
  /** Jenks on a histogram: whether the refined breaks are certified (classify/jenksRefine.ts). */
  refined?: { certified: boolean };
}

/**
 * Finish the index's distribution, compute the class breaks, and send them (and the
 * percentile scoring) to the tiles.
 * @throws RiskAtlasError E_ALL_NODATA when the index has no valid cell, E_INDEX_CONSTANT when it is the same in every cell.
 */
export async function classBreaks(run: RunContext, distribution: DistributionBuilder): Promise<IndexClasses> {
  const { doc, tiles, store, globals } = run;
  if (distribution.needsHistogram) for (const t of tiles) distribution.addHistogram(await store.get(run.indexKey(t.index)));
  const riskDist = distribution.finish();
  if (!riskDist) throw new RiskAtlasError('E_ALL_NODATA', 'the risk index has no valid cell (every cell has a nodata input)');
  if (riskDist.min === riskDist.max) {
    // Nothing to classify (a filter that kept nothing used to end here as breaks [v, v] and 100 % in one grade).
    const constant = doc.indicators.filter((i) => globals.stats[i.id]!.min === globals.stats[i.id]!.max).map((i) => `${i.id}（${doc.layers[i.layer]!.name}）`);
    throw new RiskAtlasError('E_INDEX_CONSTANT', `the risk index is ${riskDist.min} in every cell`, { params: { value: riskDist.min, indicators: constant.join('、') } });
  }
  // Percentile scoring: the classes are drawn on the scores, whose distribution is the risk
  // values' mapped through the (monotone) rank function — as Float32, as written.
  let dist = riskDist;
  if (doc.indexScore === 'percentile') {
    globals.score = { keys: riskDist.upper, counts: riskDist.data.weights, n: riskDist.n };
    const rank = percentileRank(riskDist.upper, riskDist.data.weights, riskDist.n);
    dist = mapDistribution(riskDist, Float64Array.from(riskDist.upper, (v) => Math.fround(rank(v))));
  }

  const cls = doc.classification;
  const scheme = schemeFor(cls.scheme, cls.classes);
  let breaks = cls.method === 'fixed' ? fixedBreaks(dist, cls.thresholds!) : breaksOfDistribution(cls.method, dist, cls.classes);
  // Jenks on a histogram: one more look at the values near each break makes them exact there.
  let refined: { certified: boolean } | undefined;
  if (cls.method === 'jenks' && dist.histogram && dist.min < dist.max) {
    const refine = new JenksRefinement(dist, cls.classes);
    for (const t of tiles) refine.add(await store.get(run.indexKey(t.index)));
    const r = refine.breaks();
    breaks = r.breaks;
    refined = { certified: r.certified };
  }
  const k = breaks.length - 1;
  globals.breaks = breaks;
  await run.exec.setGlobals(globals);
  const restricted = doc.grid.exclude?.as === 'restricted' ? { grade: k + 1, name: doc.grid.exclude.name } : null;
  return { breaks, k, scheme, restricted, riskDist, dist, ...(refined ? { refined } : {}) };
}
