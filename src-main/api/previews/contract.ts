/**
 * The contract's part for the quick looks while the model is edited: an indicator's
 * histogram on the analysis grid, an edit recomputed at full resolution (the live preview),
 * and the coarse composite it falls back to above its cell budget.
 */
import { z } from 'zod';
import type { Extent } from '../../../src-shared/layer';
import type { GradeClass } from '../../engine/classify/gradeStatistics';
import type { ValueHistogram } from '../../engine/classify/valueHistogram';
import { modelId } from '../schemas';
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';

/** A histogram of grid values: `counts[i]` values fall in [edges[i], edges[i+1]) (the last bin is closed). */
export type Histogram = ValueHistogram;

/** An indicator's histogram with the warnings of its grid (all one value; all nodata — then no bins and no valid cell). */
export interface IndicatorHistogram extends Histogram {
  warnings: IndicatorProblem[];
}

/** A coarse composite for the live preview while weights change. */
export interface CompositePreview {
  width: number;
  height: number;
  /** Extent of the preview grid in the analysis CRS. */
  extent: Extent;
  cellSize: number;
  /** The index drawn green → yellow → red over [min, max], nodata transparent. */
  png: string;
  min: number;
  max: number;
  /** Weights used per component (AHP/entropy resolved). */
  weights: Record<string, Record<string, number>>;
}

/** What an edit of the model looks like at once (see `live.update`). */
export type LivePreview = FullPreview | CoarsePreview;

/** The full-resolution result of an edit, as a run would compute it. */
export interface FullPreview {
  mode: 'full';
  /** Cells of the analysis grid, and the most the live recompute takes (above it: coarse). */
  cells: number;
  budget: number;
  /** The analysis grid: the picture's pixels are its cells, north-up, over `extent` (analysis CRS). */
  width: number;
  height: number;
  extent: Extent;
  cellSize: number;
  /** The grades (or zones) in their colours as a PNG data URL, nodata transparent; absent when not asked for. */
  png?: string;
  breaks: number[];
  classes: GradeClass[];
  /** The 'restricted' grade of excluded land, when the model has one. */
  restricted: { grade: number; name: string; cells: number; areaKm2: number; population?: number } | null;
  /** The index (the scores, with percentile scoring) the classes are drawn on. */
  histogram: Histogram;
  weights: Record<string, Record<string, number>>;
  /** View 'zones': capacity breaks and cells per zone (index 0: none). */
  zones?: { capacityBreaks: number[]; cells: number[] };
  /** Engine milliseconds per stage that ran (stages kept from the last edit are absent), and in all. */
  stages: Record<string, number>;
  elapsedMs: number;
  /** Bytes the live worker holds: raw indicator tiles in memory and on disk, grids derived from them. */
  memory: { raw: number; disk: number; derived: number };
}

/** Above the cell budget: the composite on a coarse grid, as before there was a live recompute. */
export interface CoarsePreview extends CompositePreview {
  mode: 'coarse';
  cells: number;
  budget: number;
  elapsedMs: number;
}

export const previewsArgs = {
  /** Histogram of an indicator of the current model on the analysis grid (raw values, or after its transform). */
  'indicator.histogram': z
    .object({
      indicator: modelId.optional(),
      /** An indicator being edited (not yet in the model): its layer must be in the model or the catalogue. Give this or `indicator`. */
      spec: z.unknown().optional(),
      normalised: z.boolean().default(false),
      bins: z.number().int().min(2).max(256).default(32),
    })
    .strict()
    .refine((a) => (a.indicator === undefined) !== (a.spec === undefined), { message: 'give either indicator (an id of the model) or spec (an indicator being edited)' }),
  /**
   * A quick composite of `doc` (or the current model) on a coarse grid of at most `maxCells`
   * cells. Calls queue; one overtaken by a newer call before it starts ends in E_CANCELLED.
   */
  'preview.composite': z.object({ doc: z.unknown().optional(), maxCells: z.number().int().min(100).max(250_000).default(8_000) }).strict(),
  /**
   * An edit of the model (`doc`, validated like model.update; default the current model)
   * recomputed at full resolution from the indicators kept since the last run or edit: the
   * grades (or, `view: 'zones'`, the prevention zones) as a picture, the class breaks and
   * table, the histogram. Above the cell budget, the coarse composite instead. The newest
   * call wins: an older one still computing ends in E_CANCELLED.
   */
  'live.update': z
    .object({
      doc: z.unknown().optional(),
      view: z.enum(['grades', 'zones']).default('grades'),
      /** False: the statistics alone (no picture). */
      image: z.boolean().default(true),
      bins: z.number().int().min(2).max(256).default(64),
    })
    .strict(),
} as const;

export interface PreviewsResults {
  'indicator.histogram': IndicatorHistogram;
  'preview.composite': CompositePreview;
  'live.update': LivePreview;
}
