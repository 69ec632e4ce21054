/**
 * The classification of the risk index: breaks for a method previewed on the last run's index
 * before they are applied, and fixed thresholds set as a model edit.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { classOf, computeBreaks, fixedBreaks, type BreakMethod } from '../../engine/classify/breaks';
import type { ProjectContext } from '../context';
import { histogramOf } from '../../engine/classify/valueHistogram';
import { rasterValues } from '../previews/histogram';
import type { BreaksPreview, ModelState } from './contract';
import { updateModel } from './edit';

/**
 * Class breaks for `method` on `values` (the index of the last run): `[min, b1, …, max]`,
 * the cells per class (lowest first) and a histogram to draw them on. `fixed` takes the
 * thresholds (k − 1 ascending inner breaks).
 */
export function breaksPreview(values: Float64Array, method: BreakMethod | 'fixed', classes: number, thresholds: number[] | undefined, bins: number): BreaksPreview {
  if (values.length === 0) throw new RiskAtlasError('E_ALL_NODATA', 'the index has no valid cell');
  let breaks: number[];
  if (method === 'fixed') {
    if (!thresholds) throw new RiskAtlasError('E_ARG_INVALID', 'fixed breaks need thresholds');
    if (thresholds.some((t, i) => i > 0 && !(t > thresholds[i - 1]!))) throw new RiskAtlasError('E_ARG_INVALID', 'thresholds must be strictly ascending');
    breaks = fixedBreaks(values, thresholds);
  } else {
    breaks = computeBreaks(method, values, classes);
  }
  const counts = new Array<number>(breaks.length - 1).fill(0);
  for (const v of values) counts[classOf(v, breaks)]!++;
  return { breaks, counts, histogram: histogramOf(values, bins) };
}

/** The valid values of the last run's risk index (E_ARG_INVALID before the first compute). */
export async function lastIndexValues(ctx: ProjectContext): Promise<Float64Array> {
  const run = ctx.open().lastRun;
  if (!run) throw new RiskAtlasError('E_ARG_INVALID', 'compute the model first: class breaks are previewed on the last run\'s index');
  return rasterValues(run.files.index);
}

/** Classify by fixed thresholds (k − 1 strictly ascending inner breaks): an undoable model edit. */
export async function setThresholds(ctx: ProjectContext, thresholds: number[]): Promise<ModelState> {
  if (thresholds.some((t, i) => i > 0 && !(t > thresholds[i - 1]!))) throw new RiskAtlasError('E_MODEL_INVALID', 'classification.thresholds: must be strictly ascending');
  const doc = ctx.loadedModel().doc;
  return updateModel(ctx, { ...doc, classification: { ...doc.classification, method: 'fixed', thresholds, classes: thresholds.length + 1 } });
}
