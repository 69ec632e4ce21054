/**
 * The contract's part for the model document: reading and replacing it (validated, undoable),
 * a starting model from the catalogue, the weight helpers (AHP, entropy), the classification
 * (breaks preview, fixed thresholds) and the default zoning matrix.
 */
import { z } from 'zod';
import type { ModelDocument } from '../../../src-shared/model';
import type { Histogram } from '../previews/contract';
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';
import { empty, finite, modelId } from '../schemas';

export type { ModelDocument } from '../../engine/model/document';

/** The model document with its undo state. `doc` is null in a new project until a model is set. */
export interface ModelState {
  doc: ModelDocument | null;
  revision: number;
  canUndo: boolean;
  canRedo: boolean;
}

/** Live AHP: the weights of a pairwise matrix and its consistency. */
export interface AhpView {
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  /** CR < 0.10. */
  consistent: boolean;
  /** Saaty's RI used for n. */
  ri: number;
}

/** Class breaks on the last run's index, before they are applied. */
export interface BreaksPreview {
  /** `[min, b1, …, max]`, ascending. */
  breaks: number[];
  /** Cells per class, lowest class first. */
  counts: number[];
  histogram: Histogram;
}

export const modelArgs = {
  'model.get': empty,
  /** Replace the model document (validated; E_MODEL_INVALID names the first problem). */
  'model.update': z.object({ doc: z.unknown() }).strict(),
  'model.undo': empty,
  'model.redo': empty,
  /**
   * A starting model from the catalogue (study area from the admin boundary, one indicator per
   * hazard / hidden-danger / exposure / capacity layer, equal weights, weighted sum, Jenks 5),
   * validated but not stored: edit it, then model.update.
   */
  'model.scaffold': empty,
  'weights.ahp': z.object({ matrix: z.array(z.array(finite).min(1).max(15)).min(1).max(15) }).strict(),
  /** Entropy weights of these indicators of the current model over the analysis grid. */
  'weights.entropy': z.object({ indicators: z.array(modelId).min(1).max(50) }).strict(),
  /** Breaks for a method and number of classes on the last run's index. */
  'classes.preview': z
    .object({
      method: z.enum(['jenks', 'quantile', 'equalInterval', 'stdDev', 'kmeans', 'fixed']),
      classes: z.number().int().min(2).max(12).default(5),
      thresholds: z.array(finite).min(1).max(11).optional(),
      bins: z.number().int().min(2).max(256).default(64),
    })
    .strict(),
  /** Set fixed thresholds (k − 1 ascending inner breaks, e.g. dragged on the histogram): a model edit, undoable. */
  'classes.setThresholds': z.object({ thresholds: z.array(finite).min(1).max(11) }).strict(),
  /** The default zoning matrix (5 risk grades × 3 capacity grades → zone 1–3) and zone names, for the zoning panel. */
  'zoning.defaults': empty,
  /**
   * What a run would refuse, before it runs: every problem of the indicators and the study
   * area (naming indicator, layer and field, zh and en), of the current model or of `doc`
   * (an edited document, validated but not stored).
   */
  'model.check': z.object({ doc: z.unknown().optional() }).strict(),
} as const;

export interface ModelResults {
  'model.get': ModelState;
  'model.update': ModelState;
  'model.undo': ModelState;
  'model.redo': ModelState;
  'model.scaffold': ModelDocument;
  'weights.ahp': AhpView;
  'weights.entropy': { weights: Record<string, number>; entropy: Record<string, number>; cells: number };
  'classes.preview': BreaksPreview;
  'classes.setThresholds': ModelState;
  'zoning.defaults': { matrix: number[][]; names: string[] };
  'model.check': { problems: IndicatorProblem[] };
}
