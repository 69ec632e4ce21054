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
import { partitionBreaks, type WeightedValues } from '../../classify/jenks';
import { JenksRefinement, REFINE_WINDOW } from '../../classify/jenksRefine';
import { percentileRank } from '../../indicators/transforms';
import type { ModelDocument } from '../../model/document';
import type { RunContext } from '../setup';
import type { RunGlobals } from '../tileTasks';

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
  /** Percentile scoring: the risk values' distribution the tiles score the index by. */
  score?: RunGlobals['score'];
}

/** The index tiles in tile order, each handed to `visit` — one more look at the values. */
export type IndexTiles = (visit: (values: Float32Array) => void) => Promise<void>;

/**
 * Finish the index's distribution, compute the class breaks, and send them (and the
 * percentile scoring) to the tiles.
 * @throws RiskAtlasError E_ALL_NODATA when the index has no valid cell, E_INDEX_CONSTANT when it is the same in every cell.
 */
export async function classBreaks(run: RunContext, distribution: DistributionBuilder): Promise<IndexClasses> {
  const { doc, tiles, store, globals } = run;
  const indexTiles: IndexTiles = async (visit) => {
    for (const t of tiles) visit((await store.get(run.indexKey(t.index))) as Float32Array);
  };
  const riskDist = await finishDistribution(distribution, indexTiles);
  if (riskDist.min === riskDist.max) {
    // Nothing to classify (a filter that kept nothing used to end here as breaks [v, v] and 100 % in one grade).
    const constant = doc.indicators.filter((i) => globals.stats[i.id]!.min === globals.stats[i.id]!.max).map((i) => `${i.id}（${doc.layers[i.layer]!.name}）`);
    throw new RiskAtlasError('E_INDEX_CONSTANT', `the risk index is ${riskDist.min} in every cell`, { params: { value: riskDist.min, indicators: constant.join('、') } });
  }
  const classes = await indexClasses(doc, riskDist, indexTiles);
  if (classes.score) globals.score = classes.score;
  globals.breaks = classes.breaks;
  await run.exec.setGlobals(globals);
  return classes;
}

/**
 * The distribution of an index whose tiles were added to `distribution` (in tile order): past
 * the exact limit, after a histogram look at the values of `tiles`.
 * @throws RiskAtlasError E_ALL_NODATA when the index has no valid cell.
 */
export async function finishDistribution(distribution: DistributionBuilder, tiles: IndexTiles): Promise<Distribution> {
  if (distribution.needsHistogram) await tiles((v) => distribution.addHistogram(v));
  return distribution.finish() ?? fail();
}

const fail = (): never => {
  throw new RiskAtlasError('E_ALL_NODATA', 'the risk index has no valid cell (every cell has a nodata input)');
};

/**
 * Jenks in two threads (the live recompute: live/liveHelper.ts): the optimal partition of
 * weighted values ({@link optimalPartition}'s starts, bit for bit), and the refinement's look at
 * every value of the index.
 */
export interface ParallelBreaks {
  partition(data: WeightedValues, k: number): Promise<number[]>;
  look(refine: JenksRefinement): Promise<void>;
}

/**
 * The classes of an index of distribution `riskDist`, with `tiles` for the look at the values
 * the Jenks refinement needs. What a run and the live recompute (pipeline/live/) both
 * classify by; the live recompute passes `parallel` to do Jenks's parts in two threads.
 */
export async function indexClasses(doc: ModelDocument, riskDist: Distribution, tiles: IndexTiles, parallel?: ParallelBreaks): Promise<IndexClasses> {
  // Percentile scoring: the classes are drawn on the scores, whose distribution is the risk
  // values' mapped through the (monotone) rank function — as Float32, as written.
  let dist = riskDist;
  let score: IndexClasses['score'];
  if (doc.indexScore === 'percentile') {
    score = { keys: riskDist.upper, counts: riskDist.data.weights, n: riskDist.n };
    const rank = percentileRank(riskDist.upper, riskDist.data.weights, riskDist.n);
    dist = mapDistribution(riskDist, Float64Array.from(riskDist.upper, (v) => Math.fround(rank(v))));
  }

  const cls = doc.classification;
  const scheme = schemeFor(cls.scheme, cls.classes);
  let breaks: number[];
  let refined: { certified: boolean } | undefined;
  if (cls.method === 'fixed') breaks = fixedBreaks(dist, cls.thresholds!);
  else if (cls.method === 'jenks' && dist.histogram && dist.min < dist.max) {
    // Jenks on a histogram: one more look at the values near each break makes them exact
    // there (the refinement starts from Jenks on the histogram itself).
    const refine = new JenksRefinement(dist, cls.classes, REFINE_WINDOW, parallel && (await parallel.partition(dist.data, cls.classes)));
    await (parallel ? parallel.look(refine) : tiles((v) => refine.add(v)));
    const r = parallel ? await refine.breaksWith(parallel.partition) : refine.breaks();
    breaks = r.breaks;
    refined = { certified: r.certified };
  } else if (cls.method === 'jenks' && parallel && dist.min < dist.max) breaks = partitionBreaks(await parallel.partition(dist.data, cls.classes), dist.upper, dist.min, dist.max);
  else breaks = breaksOfDistribution(cls.method, dist, cls.classes);
  const k = breaks.length - 1;
  const restricted = doc.grid.exclude?.as === 'restricted' ? { grade: k + 1, name: doc.grid.exclude.name } : null;
  return { breaks, k, scheme, restricted, riskDist, dist, ...(refined ? { refined } : {}), ...(score ? { score } : {}) };
}
