/**
 * The contract's part for the new-project wizard: the plan it shows while it is filled in
 * (study area, the analysis CRS suggested for its position or the check of the one typed, the
 * grid a cell size gives) and the model it makes from the choices, in the open (draft) project.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { epsg, layerId } from '../schemas';
import type { ProjectView } from '../project/contract';

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

/** A census template the wizard offers as a hazard present in the county. */
export interface HazardTemplate {
  id: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
}

/** A slot of the chosen templates: bound to a catalogue layer (with the attribute that matched), or open — work to do — and why. */
export interface SlotPlan {
  id: string;
  component: 'H' | 'E' | 'V' | 'C';
  templates: string[];
  name: { zh: string; en: string };
  layer?: string;
  field?: string;
  reason: { zh: string; en: string };
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
  /** With what a run of it costs (engine estimateRun: peak memory and temporary disk in bytes, for `indicators` indicators — the bound slots, at least 2). */
  grid: { width: number; height: number; cells: number; studyCells: number | null; cellSize: number; memoryBytes: number; tempDiskBytes: number; indicators: number } | null;
  gridError?: ErrorInfo;
  /** The census templates (one per hazard) to choose the hazards present from. */
  templates: HazardTemplate[];
  /** The slots of the chosen hazards' templates, bound to the catalogue's layers where it is sure, else open. */
  slots: SlotPlan[];
}

/** The wizard's choices, all made: what `wizard.create` turns into the project's model. */
export interface WizardChoices {
  name: string;
  code?: string;
  compiler?: string;
  studyArea: StudyAreaChoice;
  epsg: number;
  cellSize: number;
  hazards: string[];
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

/** Census template ids of the hazards present. */
const hazardIds = z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/)).max(20);

export const wizardArgs = {
  /** The plan for the choices made so far (each part computed when its choices are there). */
  'wizard.plan': z.object({ studyArea: studyAreaChoice.optional(), epsg: epsg.optional(), cellSize: cellSize.optional(), hazards: hazardIds.optional() }).strict(),
  /**
   * Give the open draft project its model from the wizard's choices (the engine's newModel:
   * the study area, the grid in the checked CRS, the templates' slots bound where the
   * catalogue is sure) and save it; the project opens complete. Refused when it has a model.
   */
  'wizard.create': z
    .object({
      name: z.string().trim().min(1).max(100),
      code: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/).optional(),
      compiler: z.string().trim().min(1).max(200).optional(),
      studyArea: studyAreaChoice,
      epsg,
      cellSize,
      hazards: hazardIds,
    })
    .strict(),
} as const;

export interface WizardResults {
  'wizard.plan': WizardPlan;
  /** The complete project, and the slots as bound (open ones are the work left to do in the indicator builder). */
  'wizard.create': { view: ProjectView; slots: SlotPlan[] };
}
