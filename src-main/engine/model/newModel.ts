/**
 * A new project's model, as the wizard and `riskatlas new` make it: the study area (a polygon
 * layer, whole or chosen features), the analysis grid in a checked projected CRS, the area's
 * name, 行政区划代码 and compiler, and the indicators of the census templates of the hazards
 * present, bound to the catalogue's layers where it is sure (templates/bind.ts).
 *
 * - No template: a draft with the study area and grid only; the indicator builder adds the rest.
 * - One template: a single-hazard model (version 1) — its bound slots as indicators, each
 *   component's template weights rescaled over the bound slots, the template's risk operator
 *   over the components present.
 * - Several: a comprehensive model (version 2) — exposure, vulnerability and capacity shared
 *   (a slot several templates share is one indicator, weighted by its mean template weight),
 *   one hazard per template with a bound hazard slot (its own H and risk operator), equal
 *   hazard weights in the weighted-sum comprehensive risk.
 * While no hazard indicator is bound the model stays a draft (no risk operator): valid to keep,
 * refused by a run until the open slots are filled.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { COMPONENTS, type Component, type ComponentsSpec, type HazardSpec, type IndicatorSpec, type RiskSpec } from '../../../src-shared/model';
import { checkAnalysisCrs } from '../crs/analysisCrs';
import { lonLatBoxOf } from '../crs/identify';
import { isGeographic } from '../crs/registry';
import { layerRefOf, type CatalogueLayer } from '../catalog/catalogueLayer';
import { bindTemplates, chosenSlots, type SlotBinding } from '../templates/bind';
import { loadTemplates } from '../templates/load';
import type { CensusTemplate, TemplateSlot } from '../templates/template';
import { parseModel } from './document';
import { joinTitle } from './labels';

export interface NewModelOptions {
  /** The assessed area's name (黄河示范县), printed on the sheets; the model is named after it. */
  name: string;
  /** 行政区划代码 (GB/T 2260): 6, 9 or 12 digits. */
  code?: string;
  /** 编制单位 / 制图单位. */
  compiler?: string;
  /** The study-area polygon layer, whole (dissolved) or the features whose `field` has one of `values`. */
  studyArea: { layer: string; features?: { field: string; values: (string | number)[] } };
  /** The analysis CRS: a projected CRS in metres near the study area (checkAnalysisCrs). */
  epsg: number;
  /** Cell size of the analysis grid, metres. */
  cellSize: number;
  /** Census template ids of the hazards present; [] for none. */
  hazards: string[];
  /** The project's catalogue. */
  layers: CatalogueLayer[];
  /** The templates to choose from (default: the bundled ones). */
  templates?: CensusTemplate[];
}

/** Weights proportional to `raw`, summing to 1 to the last digit (rounded to 1e-9, the last takes the remainder). */
function normalised(raw: Record<string, number>): Record<string, number> {
  const keys = Object.keys(raw);
  const total = keys.reduce((s, k) => s + raw[k]!, 0);
  const out: Record<string, number> = {};
  let used = 0;
  keys.forEach((k, i) => {
    const w = i === keys.length - 1 ? Math.round((1 - used) * 1e9) / 1e9 : Math.round((raw[k]! / total) * 1e9) / 1e9;
    out[k] = w;
    used += w;
  });
  return out;
}

/**
 * The indicator a slot gives layer `layer` through its kind of layer `accept` (the attribute
 * `field` matched): the kind's defaults, the slot's id and Chinese name, the field in the role
 * the kind reads it — and a categorical raster never interpolated (bilinear → nearest, average → mode).
 */
export function slotIndicator(slot: TemplateSlot, accept: number, layer: CatalogueLayer, field?: string): IndicatorSpec {
  const e = slot.accepts[accept]!;
  const d = e.indicator;
  const ind: IndicatorSpec = { id: slot.id, name: slot.name.zh, slot: slot.id, layer: layer.id, transform: d.transform, direction: d.direction };
  if (d.resample) ind.resample = layer.categorical ? (d.resample === 'bilinear' ? 'nearest' : d.resample === 'average' ? 'mode' : d.resample) : d.resample;
  if (d.rasterize) ind.rasterize = d.rasterize;
  if (d.radius !== undefined) ind.radius = d.radius;
  if (d.range) ind.range = d.range;
  if (d.table) ind.table = d.table;
  if (d.zeroDenominator) ind.zeroDenominator = d.zeroDenominator;
  if (field && e.field?.as === 'weightField') ind.weightField = field;
  if (field && e.field?.as === 'field') ind.field = field;
  if (field && e.field?.as === 'filter') ind.filter = { field, ...d.filter };
  return ind;
}

/** A template's risk operator over the components present: weights of absent components dropped, a weighted sum's rescaled to sum to 1. */
function riskOver(t: CensusTemplate, present: Set<Component>): RiskSpec {
  const risk: RiskSpec = { operator: t.risk.operator };
  if (t.risk.weights) {
    const kept = Object.fromEntries(Object.entries(t.risk.weights).filter(([c]) => present.has(c as Component)));
    risk.weights = t.risk.operator === 'weightedSum' ? normalised(kept) : kept;
  }
  return risk;
}

/** The components of bound slots: each component's expert weights over its bound slots, proportional to `weightOf`. */
function componentsOf(bound: { slot: TemplateSlot }[], weightOf: (s: TemplateSlot) => number, only: readonly Component[]): ComponentsSpec {
  const out: ComponentsSpec = {};
  for (const c of only) {
    const raw = Object.fromEntries(bound.filter((b) => b.slot.component === c).map((b) => [b.slot.id, weightOf(b.slot)]));
    if (Object.keys(raw).length) out[c] = normalised(raw);
  }
  return out;
}

/**
 * Make a new project's model document. Returns the document (valid: parseModel accepts it) and
 * the binding of every slot of the chosen templates (bound layer, or open with what it needs).
 * Errors: E_ARG_INVALID (a study-area layer that is not in the catalogue or not polygons, an
 * unknown template, a cell size out of range), the CRS refusals of checkAnalysisCrs
 * (E_CRS_GEOGRAPHIC, E_CRS_NOT_METRES, E_CRS_AREA, E_CRS_UNKNOWN), E_MODEL_INVALID (e.g. a
 * 行政区划代码 that is not 6, 9 or 12 digits), E_TEMPLATE_INVALID.
 */
export function newModel(opts: NewModelOptions): { doc: unknown; slots: SlotBinding[] } {
  const study = opts.layers.find((l) => l.id === opts.studyArea.layer);
  if (!study) throw new RiskAtlasError('E_ARG_INVALID', `studyArea.layer: no layer "${opts.studyArea.layer}" in the catalogue`);
  if (study.meta.kind !== 'vector' || !/Polygon/.test(study.meta.geometryType)) {
    throw new RiskAtlasError('E_ARG_INVALID', `studyArea.layer: "${study.name}" holds ${study.meta.kind === 'vector' ? study.meta.geometryType : 'a raster'}; the study area needs polygons`);
  }
  if (!(opts.cellSize > 0 && opts.cellSize <= 10_000)) throw new RiskAtlasError('E_ARG_INVALID', `cellSize: ${opts.cellSize} m; give a cell size above 0 and at most 10 000 m`);
  const crs = study.meta.crs;
  const box = crs?.epsg ? lonLatBoxOf(crs.proj4.replace(/\s*\+towgs84=\S+/, ''), isGeographic(crs.epsg), study.meta.extent) : null;
  checkAnalysisCrs(opts.epsg, box ?? undefined);

  const templates = opts.templates ?? loadTemplates();
  const { slots } = bindTemplates(templates, opts.hazards, opts.layers);
  const chosen = chosenSlots(templates, opts.hazards);
  const byId = new Map(opts.layers.map((l) => [l.id, l]));
  const bound = slots.flatMap((b, i) => (b.layer ? [{ slot: chosen[i]!.slot, binding: b }] : []));
  const indicators = bound.map(({ slot, binding }) => slotIndicator(slot, binding.accept!, byId.get(binding.layer!)!, binding.field));
  const picked = opts.hazards.map((id) => templates.find((t) => t.id === id)!);

  const model: Record<string, unknown> = {
    riskatlas: 'model',
    version: picked.length > 1 ? 2 : 1,
    name: joinTitle(opts.name, '自然灾害综合风险评估'),
    area: { name: opts.name, ...(opts.code !== undefined ? { code: opts.code } : {}) },
    ...(opts.compiler !== undefined ? { compiler: opts.compiler } : {}),
    ...(picked.length ? { templates: picked.map((t) => t.id) } : {}),
    grid: { epsg: opts.epsg, cellSize: opts.cellSize, studyArea: study.id, ...(opts.studyArea.features ? { studyFeatures: opts.studyArea.features } : {}) },
    layers: Object.fromEntries(opts.layers.map((l) => [l.id, layerRefOf(l)])),
    indicators,
  };
  if (picked.length === 1) {
    const components = componentsOf(bound, (s) => s.weight, COMPONENTS);
    model.components = components;
    // Without a bound hazard indicator there is nothing to assess yet: a draft.
    if (components.H) model.risk = riskOver(picked[0]!, new Set(Object.keys(components) as Component[]));
  } else if (picked.length > 1) {
    // Shared E, V, C: a slot several templates have weighs its mean template weight.
    const meanWeight = (s: TemplateSlot): number => {
      const ws = picked.flatMap((t) => t.slots.filter((x) => x.id === s.id).map((x) => x.weight));
      return ws.reduce((a, b) => a + b, 0) / ws.length;
    };
    const shared = componentsOf(bound, meanWeight, ['E', 'V', 'C']);
    const hazards: HazardSpec[] = [];
    for (const t of picked) {
      const own = componentsOf(
        bound.filter((b) => t.slots.some((s) => s.id === b.slot.id)),
        (s) => s.weight,
        ['H'],
      );
      if (!own.H) continue;
      const present = new Set([...(Object.keys(shared) as Component[]), 'H' as Component]);
      hazards.push({ id: t.id, name: t.name.zh.replace(/（.*$/, ''), components: own, risk: riskOver(t, present), weight: 0 });
    }
    model.components = shared;
    if (hazards.length) {
      const w = normalised(Object.fromEntries(hazards.map((h) => [h.id, 1])));
      for (const h of hazards) h.weight = w[h.id]!;
      model.hazards = hazards;
      model.comprehensive = { method: 'weightedSum' };
    }
  } else model.components = {};
  const components = model.components as ComponentsSpec;
  const runnable = model.risk !== undefined || model.hazards !== undefined;
  // Prevention zoning weighs risk grades against capacity grades: with a capacity component, the census default.
  if (runnable && components.C) model.zoning = {};
  model.classification = { method: 'jenks', classes: 5, scheme: 'high5' };
  model.outputs = {};
  parseModel(model);
  return { doc: model, slots };
}
