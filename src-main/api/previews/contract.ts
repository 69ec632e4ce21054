/**
 * The contract's part for the quick looks while the model is edited: an indicator's
 * histogram on the analysis grid, and the coarse composite of the live preview.
 */
import { z } from 'zod';
import type { Extent } from '../../../src-shared/layer';
import { modelId } from '../schemas';
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';

/** A histogram of grid values: `counts[i]` values fall in [edges[i], edges[i+1]) (the last bin is closed). */
export interface Histogram {
  min: number;
  max: number;
  edges: number[];
  counts: number[];
  /** Valid (non-nodata) cells counted. */
  validCells: number;
}

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
} as const;

export interface PreviewsResults {
  'indicator.histogram': IndicatorHistogram;
  'preview.composite': CompositePreview;
}
