/**
 * What the new-project wizard shows while it is filled in, computed by the engine from the
 * project's catalogue: the study area (a polygon layer, whole or some of its features) and
 * where it lies, the analysis CRS suggested for that place (with the reason) or the check of
 * the one the user typed (a refusal says why, in Chinese and English, and what suits the
 * place), and the grid the cell size gives — width × height and the cells inside the study area.
 */
import type { Feature } from 'geojson';
import { join } from 'node:path';
import { RiskAtlasError, toErrorInfo } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { checkAnalysisCrs, suggestAnalysisCrs } from '../../engine/crs/analysisCrs';
import { featureExtent } from '../../engine/io/vectorMeta';
import { polygonMask } from '../../engine/grid/rasterizePolygons';
import { readVectorInGrid } from '../../engine/indicators/rawIndicator';
import { geometryZh } from '../../engine/indicators/vectorRules';
import type { ModelDocument } from '../../engine/model/document';
import { studyFeaturesOf } from '../../engine/model/studyArea';
import { analysisGrid } from '../../engine/pipeline/run';
import type { ProjectContext } from '../context';
import type { LayerEntry } from '../layers/contract';
import { layerRefOf } from '../model/scaffold';
import { bindTemplates, type SlotBinding } from '../../engine/templates/bind';
import { loadTemplates } from '../../engine/templates/load';
import { estimateRun } from '../../engine/pipeline/estimate';
import { catalogueLayerOf } from './catalogue';
import type { SlotPlan, StudyAreaChoice, WizardPlan } from './contract';

/** CGCS2000 longitude/latitude: where the study area's position is taken for the CRS suggestion. */
const LONLAT = 4490;
/** Above this many grid cells the cells inside the study area are not counted (the mask would be too big for a quick answer). */
const MASK_LIMIT = 25_000_000;

/** The catalogue entry of the study-area layer: a vector polygon layer of the project (errors name it). */
export function studyLayerEntry(ctx: ProjectContext, layer: string): LayerEntry {
  const entry = ctx.open().entries.find((e) => e.id === layer);
  if (!entry?.file) throw new RiskAtlasError('E_MODEL_INVALID', `grid.studyArea: no layer "${layer}" in the project's catalogue`);
  const kind = entry.meta.kind === 'raster' ? 'raster' : entry.meta.geometryType;
  if (!/Polygon/.test(kind)) {
    throw new RiskAtlasError('E_LAYER_GEOMETRY', `grid.studyArea: layer ${layer} holds ${kind}, not polygons`, {
      file: entry.file,
      params: { layer: entry.name, geometry: kind, geometryZh: geometryZh(kind), method: 'studyArea', need: 'polygons', needZh: '面要素', indicator: 'grid.studyArea' },
    });
  }
  return entry;
}

/** The chosen study-area features of the layer in EPSG:`epsg` (the engine's own selection: the same the run takes). */
export async function studyFeaturesIn(ctx: ProjectContext, choice: StudyAreaChoice, epsg: number): Promise<Feature[]> {
  const entry = studyLayerEntry(ctx, choice.layer);
  const ref = layerRefOf(entry);
  const layer = await readVectorInGrid(join(ctx.open().dataDir, entry.file!), ref, epsg);
  // The selection reads only the grid's study area and the layer's reference of a document.
  const doc = { grid: { studyArea: choice.layer, ...(choice.features ? { studyFeatures: choice.features } : {}) }, layers: { [choice.layer]: ref } } as unknown as ModelDocument;
  return studyFeaturesOf(doc, layer);
}

const extentOf = (features: Feature[]): Extent => {
  const e = featureExtent({ type: 'FeatureCollection', features });
  if (!e) throw new RiskAtlasError('E_MODEL_LAYER', 'the study area has no geometry');
  return e;
};

/**
 * Indicators the memory estimate assumes when the hazards bind fewer: a census model has at
 * least a hazard and an exposure indicator.
 */
const MIN_INDICATORS = 2;

/**
 * The grid over the study area in EPSG:`epsg` at `cellSize` m, as a run lays it out, the cells
 * inside the study area, and what a run of `indicators` indicators on it costs (the engine's estimateRun).
 */
async function gridOf(ctx: ProjectContext, choice: StudyAreaChoice, epsg: number, cellSize: number, indicators: number): Promise<NonNullable<WizardPlan['grid']>> {
  const features = await studyFeaturesIn(ctx, choice, epsg);
  const grid = analysisGrid(epsg, extentOf(features), cellSize);
  const total = grid.width * grid.height;
  let inside: number | null = null;
  if (total <= MASK_LIMIT) {
    inside = 0;
    for (const v of polygonMask(grid, features)) inside += v;
  }
  const est = estimateRun(grid, Math.max(MIN_INDICATORS, indicators));
  return { width: grid.width, height: grid.height, cells: total, studyCells: inside, cellSize, memoryBytes: est.memoryBytes, tempDiskBytes: est.tempDiskBytes, indicators: est.indicators };
}

/** A slot binding as the wizard lists it. */
export function slotPlanOf(b: SlotBinding): SlotPlan {
  return { id: b.slot.id, component: b.slot.component, templates: b.slot.templates, name: b.slot.name, ...(b.layer ? { layer: b.layer } : {}), ...(b.field ? { field: b.field } : {}), reason: b.reason };
}

/** The slots of the templates of `hazards`, bound to the open project's catalogue where it is sure. */
async function slotsOf(ctx: ProjectContext, hazards: string[]): Promise<SlotPlan[]> {
  if (hazards.length === 0) return [];
  const layers = await Promise.all(ctx.open().entries.filter((e) => e.file).map(catalogueLayerOf));
  return bindTemplates(loadTemplates(), hazards, layers).slots.map(slotPlanOf);
}

/**
 * The plan for the wizard's current choices: each part that can be computed from what is
 * chosen so far; a choice that fails (a study area that cannot be read, a CRS refused) is
 * given as its error in place of the part, so the wizard shows it beside the field.
 */
export async function wizardPlan(ctx: ProjectContext, a: { studyArea?: StudyAreaChoice; epsg?: number; cellSize?: number; hazards?: string[] }): Promise<WizardPlan> {
  const templates = loadTemplates().map((t) => ({ id: t.id, name: t.name, description: t.description }));
  const plan: WizardPlan = { studyArea: null, suggestion: null, crs: null, grid: null, templates, slots: await slotsOf(ctx, a.hazards ?? []) };
  if (!a.studyArea) return plan;
  let lonLat: Extent;
  try {
    const entry = studyLayerEntry(ctx, a.studyArea.layer);
    const features = await studyFeaturesIn(ctx, a.studyArea, LONLAT);
    lonLat = extentOf(features);
    plan.studyArea = { lonLatExtent: lonLat, features: features.length, layerEpsg: entry.meta.crs?.epsg ?? entry.crs ?? null };
  } catch (err) {
    plan.studyAreaError = toErrorInfo(err);
    return plan;
  }
  const suggestion = suggestAnalysisCrs(lonLat, plan.studyArea.layerEpsg ?? undefined);
  plan.suggestion = suggestion;
  const epsg = a.epsg ?? suggestion.epsg;
  try {
    plan.crs = checkAnalysisCrs(epsg, lonLat);
  } catch (err) {
    plan.crsError = toErrorInfo(err);
    return plan;
  }
  if (a.cellSize !== undefined) {
    try {
      plan.grid = await gridOf(ctx, a.studyArea, epsg, a.cellSize, plan.slots.filter((sl) => sl.layer).length);
    } catch (err) {
      plan.gridError = toErrorInfo(err);
    }
  }
  return plan;
}
