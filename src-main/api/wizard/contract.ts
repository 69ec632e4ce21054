/**
 * The contract's part for the new-project wizard: the plan it shows while it is filled in
 * (study area, the analysis CRS suggested for its position or the check of the one typed, the
 * grid a cell size gives) and the model it makes from the choices, in the open (draft) project.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { epsg, layerId } from '../schemas';

/** The study area: a polygon layer of the catalogue, whole (dissolved) or the features whose `field` has one of `values`. */
export interface StudyAreaChoice {
  layer: string;
  features?: { field: string; values: (string | number)[] };
}

/** A projected CRS offered for the analysis grid. */
export interface CrsOption {
  epsg: number;
  name: string;
}

/** What the wizard shows for its current choices; a part whose choice failed is null and its error given beside it. */
export interface WizardPlan {
  /** Where the study area lies: its lon/lat extent (CGCS2000), its feature count and the CRS its layer comes in. */
  studyArea: { lonLatExtent: Extent; features: number; layerEpsg: number | null } | null;
  studyAreaError?: ErrorInfo;
  /** The analysis CRS the engine suggests for the place, why, and the others that would do. */
  suggestion: (CrsOption & { reason: { zh: string; en: string }; alternatives: CrsOption[] }) | null;
  /** The CRS the grid will be in (the typed one, else the suggestion), checked; `nameZh` its census name. */
  crs: (CrsOption & { nameZh?: string }) | null;
  /** Why the typed CRS cannot be the analysis CRS (its params name the CRS and the suggestion). */
  crsError?: ErrorInfo;
  /** The grid at the chosen cell size: width × height cells, and those inside the study area (null when too many to count quickly). */
  grid: { width: number; height: number; cells: number; studyCells: number | null; cellSize: number } | null;
  gridError?: ErrorInfo;
}

const fieldValue = z.union([z.string().max(200), z.number().finite()]);
/** The study area: a catalogue layer, optionally some of its features by one field's values. */
export const studyAreaChoice = z
  .object({
    layer: layerId,
    features: z.object({ field: z.string().min(1).max(64), values: z.array(fieldValue).min(1).max(10_000) }).strict().optional(),
  })
  .strict();
/** Cell size of the analysis grid in metres. */
export const cellSize = z.number().finite().min(1).max(100_000);

export const wizardArgs = {
  /** The plan for the choices made so far (each part computed when its choices are there). */
  'wizard.plan': z.object({ studyArea: studyAreaChoice.optional(), epsg: epsg.optional(), cellSize: cellSize.optional() }).strict(),
} as const;

export interface WizardResults {
  'wizard.plan': WizardPlan;
}
