/**
 * The refusals a run would give, before it runs: every problem of the model's indicators and
 * study area (the engine's checkIndicators — unknown field, text field as a number, a filter
 * of the wrong type or that keeps nothing, a layer outside the study area, a categorical
 * raster interpolated…), each naming the indicator, the layer and the field, in Chinese and
 * English — for the indicator builder to show beside each indicator.
 */
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';
import { checkIndicators } from '../../engine/indicators/check';
import type { ProjectContext } from '../context';
import { validateModel } from './edit';

/** The problems of the open model, or of `raw` — an edited document, validated like an update and stored nowhere. */
export async function checkModel(ctx: ProjectContext, raw?: unknown): Promise<{ problems: IndicatorProblem[] }> {
  const base = ctx.loadedModel();
  const m = raw === undefined ? base : { ...base, doc: validateModel(ctx, raw) };
  return { problems: await checkIndicators(m) };
}
