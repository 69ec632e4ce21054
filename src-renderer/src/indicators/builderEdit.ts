/**
 * The indicator builder's edits of a model document, pure: add an indicator to a component,
 * remove one, rename one (its id everywhere it is referenced, and its Chinese display name),
 * and the kinds of gridding each geometry offers with their defaults. The API validates the
 * result on `model.update` and `model.check` says what a run would refuse.
 */
import type { LayerEntry, ModelDocument } from '../../../src-main/api/contract';
import { isMethodSpec, type Component, type ComponentSpec, type IndicatorSpec, type LayerRef, type RasterizeMethod, type ResampleMethod } from '../../../src-shared/model';

/** The geometry an indicator reads: a raster, or a vector layer's points, lines or polygons. */
export type SourceGeometry = 'raster' | 'points' | 'lines' | 'polygons';

/** The geometry of a catalogue layer (null: a vector layer of no or mixed geometry). */
export function geometryOf(meta: LayerEntry['meta']): SourceGeometry | null {
  if (meta.kind === 'raster') return 'raster';
  if (/Point/.test(meta.geometryType)) return 'points';
  if (/LineString/.test(meta.geometryType)) return 'lines';
  if (/Polygon/.test(meta.geometryType)) return 'polygons';
  return null;
}

/** How an indicator turns its layer into grid values: a raster's value, or a way of rasterising. */
export type IndicatorKind = 'value' | RasterizeMethod;

/** The kinds each geometry offers, the first the default. */
export const KINDS: Record<SourceGeometry, IndicatorKind[]> = {
  raster: ['value'],
  polygons: ['attributePerArea', 'attribute', 'ratio', 'areaShare', 'presence', 'distance'],
  points: ['kernelDensity', 'density', 'count', 'sum', 'distance', 'presence'],
  lines: ['distance', 'lineDensity', 'presence'],
};

/** What each kind reads: a numeric field, a weight field (optional or required), two fields, a radius. */
export const KIND_NEEDS: Record<IndicatorKind, { field?: boolean; denominator?: boolean; weight?: 'optional' | 'required'; radius?: boolean }> = {
  value: {},
  presence: {},
  count: {},
  sum: { weight: 'required' },
  density: { weight: 'optional' },
  areaShare: {},
  lineDensity: {},
  distance: {},
  kernelDensity: { weight: 'optional', radius: true },
  coverage: { weight: 'required', radius: true },
  attribute: { field: true },
  attributePerArea: { field: true },
  ratio: { field: true, denominator: true },
};

/** Resampling a raster may take: a categorical one (class codes) is never interpolated. */
export function resampleChoices(categorical: boolean): ResampleMethod[] {
  return categorical ? ['nearest', 'mode'] : ['bilinear', 'nearest', 'average', 'mode'];
}

/** The kind of an indicator. */
export const kindOf = (ind: Pick<IndicatorSpec, 'rasterize'>): IndicatorKind => ind.rasterize ?? 'value';

/** A new indicator's spec on `layer` by `kind`, with the kind's defaults (the fields left for the user to choose). */
export function newSpec(id: string, layer: LayerEntry, kind: IndicatorKind, categorical: boolean): IndicatorSpec {
  const spec: IndicatorSpec = { id, layer: layer.id, transform: 'minmax', direction: 'positive' };
  if (kind === 'value') spec.resample = resampleChoices(categorical)[0];
  else spec.rasterize = kind;
  if (KIND_NEEDS[kind].radius) spec.radius = 1000;
  if (kind === 'ratio') spec.zeroDenominator = 'nodata';
  return spec;
}

/** The model's reference to a catalogue layer (the file in the project's data folder). */
export function layerRefOfEntry(e: LayerEntry): LayerRef {
  return {
    path: e.file ?? e.meta.path,
    name: e.name,
    category: e.category,
    ...(e.hazard ? { hazard: e.hazard } : {}),
    ...(e.units ? { units: e.units } : {}),
    ...(e.crs !== undefined ? { crs: e.crs } : {}),
    ...(e.encoding ? { encoding: e.encoding } : {}),
  };
}

/**
 * The risk operator a draft gets with its first hazard indicator: hevc, R = H × E × V × (1 − C)
 * over the components present (an absent one counts as 1) — the census's multiplicative
 * definition of risk; it needs no component weights, so it holds while indicators are added.
 */
export const DEFAULT_OPERATOR = 'hevc';

/** A component's spec with `id` added: expert weights shared equally again; a method's list (and matrix, equal importance) grown. */
function withMember(spec: ComponentSpec | undefined, id: string): ComponentSpec {
  if (!spec) return { [id]: 1 };
  if (!isMethodSpec(spec)) {
    const ids = [...Object.keys(spec), id];
    return Object.fromEntries(ids.map((k, i) => [k, i === ids.length - 1 ? Math.round((1 - (ids.length - 1) * Math.round(1e4 / ids.length) / 1e4) * 1e4) / 1e4 : Math.round(1e4 / ids.length) / 1e4]));
  }
  const indicators = [...spec.indicators, id];
  if (!('matrix' in spec)) return { ...spec, indicators };
  const matrix = [...spec.matrix.map((row) => [...row, 1]), indicators.map(() => 1)];
  return { ...spec, indicators, matrix };
}

/** A component's spec without `id` (expert weights rescaled to sum to 1); undefined when none is left. */
function withoutMember(spec: ComponentSpec | undefined, id: string): ComponentSpec | undefined {
  if (!spec) return spec;
  if (!isMethodSpec(spec)) {
    if (!(id in spec)) return spec;
    const rest = Object.entries(spec).filter(([k]) => k !== id);
    if (rest.length === 0) return undefined;
    const sum = rest.reduce((s, [, w]) => s + w, 0);
    const out = Object.fromEntries(rest.map(([k, w]) => [k, sum > 0 ? Math.round((w / sum) * 1e4) / 1e4 : Math.round(1e4 / rest.length) / 1e4]));
    const first = rest[0]![0];
    out[first] = Math.round((out[first]! + 1 - Object.values(out).reduce((s, w) => s + w, 0)) * 1e4) / 1e4;
    return out;
  }
  const k = spec.indicators.indexOf(id);
  if (k < 0) return spec;
  const indicators = spec.indicators.filter((x) => x !== id);
  if (indicators.length === 0) return undefined;
  if (!('matrix' in spec)) return { ...spec, indicators };
  const matrix = spec.matrix.filter((_, i) => i !== k).map((row) => row.filter((_, j) => j !== k));
  return { ...spec, indicators, matrix };
}

/** Apply `f` to every component spec of the document (shared and per hazard), dropping the emptied ones. */
function mapComponents(doc: ModelDocument, f: (c: Component, s: ComponentSpec | undefined) => ComponentSpec | undefined): ModelDocument {
  const over = (cs: ModelDocument['components']): ModelDocument['components'] => {
    const out: ModelDocument['components'] = {};
    for (const c of ['H', 'E', 'V', 'C'] as const) {
      const s = f(c, cs[c]);
      if (s) out[c] = s;
    }
    return out;
  };
  const next: ModelDocument = { ...doc, components: over(doc.components) };
  if (doc.hazards) next.hazards = doc.hazards.map((h) => ({ ...h, components: over(h.components) }));
  return next;
}

/** The document with indicator `spec` added to component `component` (its layer referenced from the catalogue when the model lacks it). */
export function addIndicator(doc: ModelDocument, spec: IndicatorSpec, component: Component, layer: LayerEntry): ModelDocument {
  const layers = doc.layers[spec.layer] ? doc.layers : { ...doc.layers, [spec.layer]: layerRefOfEntry(layer) };
  const next: ModelDocument = { ...doc, layers, indicators: [...doc.indicators, spec] };
  // A comprehensive model's hazard indicators go to its first hazard's H; the other components are shared.
  if (component === 'H' && doc.hazards && doc.hazards.length > 0) {
    next.hazards = doc.hazards.map((h, i) => (i === 0 ? { ...h, components: { ...h.components, H: withMember(h.components.H, spec.id) } } : h));
    return next;
  }
  const out: ModelDocument = { ...next, components: { ...doc.components, [component]: withMember(doc.components[component], spec.id) } };
  // A draft (no hazards, no operator) gets the census's multiplicative risk with its first H indicator, so it runs.
  if (component === 'H' && !doc.hazards && !doc.risk) out.risk = { operator: DEFAULT_OPERATOR };
  return out;
}

/** The document without indicator `id`: out of the indicators, every component and every hazard's list. */
export function removeIndicator(doc: ModelDocument, id: string): ModelDocument {
  const next = mapComponents({ ...doc, indicators: doc.indicators.filter((i) => i.id !== id) }, (_, s) => withoutMember(s, id));
  if (next.hazards) next.hazards = next.hazards.map((h) => (h.indicators ? { ...h, indicators: h.indicators.filter((x) => x !== id) } : h));
  // Without H a single-risk model is a draft again (no operator); zoning on a component that went goes with it.
  if (!next.hazards && !next.components.H) delete next.risk;
  if (next.zoning && !next.components[next.zoning.capacity]) delete next.zoning;
  return next;
}

/** The component an indicator belongs to (the first that lists it), or null. */
export function componentOf(doc: ModelDocument, id: string): Component | null {
  for (const spec of [doc.components, ...(doc.hazards ?? []).map((h) => h.components)]) {
    for (const c of ['H', 'E', 'V', 'C'] as const) {
      const s = spec[c];
      if (s && (isMethodSpec(s) ? s.indicators.includes(id) : id in s)) return c;
    }
  }
  return null;
}

/** The document with indicator `spec.id` replaced by `spec` — renamed from `oldId` when the id changed (every reference follows). */
export function replaceIndicator(doc: ModelDocument, oldId: string, spec: IndicatorSpec, layer?: LayerEntry): ModelDocument {
  const layers = doc.layers[spec.layer] || !layer ? doc.layers : { ...doc.layers, [spec.layer]: layerRefOfEntry(layer) };
  let next: ModelDocument = { ...doc, layers, indicators: doc.indicators.map((i) => (i.id === oldId ? spec : i)) };
  if (oldId === spec.id) return next;
  const rename = (s: ComponentSpec | undefined): ComponentSpec | undefined => {
    if (!s) return s;
    if (isMethodSpec(s)) return { ...s, indicators: s.indicators.map((x) => (x === oldId ? spec.id : x)) };
    return Object.fromEntries(Object.entries(s).map(([k, w]) => [k === oldId ? spec.id : k, w]));
  };
  next = mapComponents(next, (_, s) => rename(s));
  if (next.hazards) next.hazards = next.hazards.map((h) => (h.indicators ? { ...h, indicators: h.indicators.map((x) => (x === oldId ? spec.id : x)) } : h));
  if (next.exposures) next.exposures = next.exposures.map((e) => ({ ...e, components: { E: rename(e.components.E)!, ...(e.components.V ? { V: rename(e.components.V)! } : {}) } }));
  return next;
}

/** An indicator id: a letter, then letters, digits or _ (as the model document requires). */
export const INDICATOR_ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A rescale range typed as two texts, as [from, to] — or null unless both are finite numbers and from < to. */
export function parseRange(from: string, to: string): [number, number] | null {
  if (from.trim() === '' || to.trim() === '') return null;
  const a = Number(from);
  const b = Number(to);
  return Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : null;
}
