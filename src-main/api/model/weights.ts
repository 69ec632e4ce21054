/** The weight helpers of the weights panel: AHP from a pairwise matrix, entropy weights over the analysis grid. */
import { RiskAtlasError } from '../../../src-shared/errors';
import { ahpWeights, RANDOM_INDEX } from '../../../src-shared/ahp';
import type { LoadedModel } from '../../engine/model/loadModel';
import { accumulateEntropy, emptyEntropy, entropyWeights } from '../../engine/weights/entropy';
import { indicatorOnGrid, studyGrid } from '../previews/grid';
import type { AhpView } from './contract';

/** The AHP weights of a pairwise comparison matrix, its consistency, and Saaty's RI used for its size. */
export function ahpView(matrix: number[][]): AhpView {
  const r = ahpWeights(matrix);
  return { weights: r.weights, lambdaMax: r.lambdaMax, ci: r.ci, cr: r.cr, consistent: r.consistent, ri: RANDOM_INDEX[matrix.length - 1] ?? RANDOM_INDEX[RANDOM_INDEX.length - 1] };
}

/** Entropy weights of model indicators `ids` (normalised, over the cells where all are valid), as a run computes them. */
export async function entropyOf(m: LoadedModel, ids: string[]): Promise<{ weights: Record<string, number>; entropy: Record<string, number>; cells: number }> {
  if (new Set(ids).size !== ids.length) throw new RiskAtlasError('E_ARG_INVALID', 'an indicator is listed twice');
  const { grid, mask } = await studyGrid(m);
  const columns: Float64Array[] = [];
  for (const id of ids) columns.push(await indicatorOnGrid(m, id, grid, mask, true));
  const sums = accumulateEntropy(emptyEntropy(ids.length), columns);
  if (sums.n === 0) throw new RiskAtlasError('E_ALL_NODATA', 'no cell where all these indicators are valid');
  const e = entropyWeights(sums);
  return { weights: Object.fromEntries(ids.map((id, i) => [id, e.weights[i]!])), entropy: Object.fromEntries(ids.map((id, i) => [id, e.entropy[i]!])), cells: sums.n };
}
