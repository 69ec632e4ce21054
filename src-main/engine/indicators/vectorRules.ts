/**
 * How a vector indicator reads its layer's features — which features its filter keeps, the
 * numbers its fields give, the value of each polygon — and every way a new user's indicator
 * can misread them: a field the layer does not have, a text field used as a number, a filter
 * value of the wrong type or one that keeps nothing, a method the geometry cannot serve.
 * Pure (no files): the run's guard, checkIndicators and QC all judge with these rules.
 */
import type { Feature, Geometry } from 'geojson';
import { RiskAtlasError, type ErrorCode } from '../../../src-shared/errors';
import { indicatorProblem, type IndicatorProblem } from '../../../src-shared/indicatorProblems';
import type { FieldInfo, GeometryKind, VectorLayer } from '../../../src-shared/layer';
import { geometriesOf, lineStringsOf, pointsOf, polygonsOf } from '../grid/geometryParts';
import type { IndicatorSpec, LayerRef, ModelDocument } from '../model/document';

/** True when feature `f` passes the indicator's filter (every condition given). */
export function passesFilter(f: Feature, spec: Pick<IndicatorSpec, 'filter'>): boolean {
  const flt = spec.filter;
  if (!flt) return true;
  const v = f.properties?.[flt.field];
  if (flt.eq !== undefined && v !== flt.eq) return false;
  if (flt.in !== undefined && !flt.in.includes(v as string | number)) return false;
  if (flt.lt !== undefined && !(Number(v) < flt.lt)) return false;
  if (flt.gt !== undefined && !(Number(v) > flt.gt)) return false;
  return true;
}

/** The features an indicator counts: those that pass its `filter`. */
export function indicatorFeatures(features: Feature[], spec: Pick<IndicatorSpec, 'filter'>): Feature[] {
  return features.filter((f) => passesFilter(f, spec));
}

/**
 * The numeric attribute `field` of each feature (NaN where it is null or not a number, so it
 * adds nothing). That the field exists and holds numbers, {@link vectorLayerProblems} makes sure first.
 */
export function fieldValues(features: Feature[], field: string): number[] {
  return features.map((f) => {
    const raw = f.properties?.[field];
    return raw === null || raw === undefined || raw === '' ? NaN : Number(raw);
  });
}

/**
 * The value of each polygon a polygon-attribute indicator grids: the numeric `field`
 * (attribute), `field` ÷ the polygon's area in km² (attributePerArea; `areas` by feature), or
 * `field` ÷ `denominator` (ratio; a zero denominator gives NaN — left out — or 0, as
 * `zeroDenominator` says). NaN where a value is missing.
 */
export function polygonValues(spec: IndicatorSpec, features: Feature[], areas?: ArrayLike<number>): number[] {
  const num = fieldValues(features, spec.field!);
  switch (spec.rasterize) {
    case 'attributePerArea':
      return num.map((v, i) => v / areas![i]!);
    case 'ratio': {
      const den = fieldValues(features, spec.denominator!);
      return num.map((v, i) => (den[i] === 0 ? (spec.zeroDenominator === 'zero' && Number.isFinite(v) ? 0 : NaN) : v / den[i]!));
    }
    default:
      return num;
  }
}

const hasPolygons = (g: Geometry | null): boolean => polygonsOf(g).length > 0;

/** Methods that only make sense for one kind of geometry: what they need, in English and Chinese. */
const NEEDS_GEOMETRY: Partial<Record<NonNullable<IndicatorSpec['rasterize']>, { has: (g: Geometry | null) => boolean; en: string; zh: string }>> = {
  areaShare: { has: hasPolygons, en: 'polygons', zh: '面要素' },
  attribute: { has: hasPolygons, en: 'polygons', zh: '面要素' },
  attributePerArea: { has: hasPolygons, en: 'polygons', zh: '面要素' },
  ratio: { has: hasPolygons, en: 'polygons', zh: '面要素' },
  lineDensity: { has: (g) => lineStringsOf(g).length > 0, en: 'lines', zh: '线要素' },
  coverage: { has: (g) => pointsOf(g).length > 0 || lineStringsOf(g).length > 0 || polygonsOf(g).length > 0, en: 'features', zh: '要素' },
};

/** A geometry kind in Chinese, for messages. */
export function geometryZh(kind: GeometryKind | 'raster'): string {
  if (kind === 'raster') return '栅格';
  if (/Point/.test(kind)) return '点要素';
  if (/LineString/.test(kind)) return '线要素';
  if (/Polygon/.test(kind)) return '面要素';
  return kind === 'None' ? '无几何的要素' : '混合要素';
}

const TYPE_ZH: Record<string, string> = { string: '文本', date: '日期', boolean: '布尔', number: '数值', integer: '整数' };

/** True when a field can be read as numbers: a numeric field, or a text field whose every filled value is a number. */
export function numericField(info: FieldInfo, features: Feature[]): boolean {
  if (info.type === 'number' || info.type === 'integer') return true;
  const filled = features.map((f) => f.properties?.[info.name]).filter((v) => v !== null && v !== undefined && v !== '');
  return filled.length > 0 && filled.every((v) => typeof v !== 'boolean' && Number.isFinite(Number(v)));
}

/** The fields a vector indicator reads as numbers, with the option that names each. */
function numberFields(spec: IndicatorSpec): string[] {
  return [spec.weightField, spec.field, spec.denominator].filter((f): f is string => f !== undefined);
}

/**
 * Every error a vector indicator makes about its layer (its features as read, `layer.meta`
 * its fields): no gridding method; a method the geometry cannot serve; a number field or
 * filter field the layer does not have; a text field read as a number; a filter value of the
 * wrong type; a filter that keeps no feature. Messages name the layer and the field.
 */
export function vectorLayerProblems(spec: IndicatorSpec, layerId: string, ref: LayerRef, layer: VectorLayer): IndicatorProblem[] {
  const out: IndicatorProblem[] = [];
  const base = { layer: ref.name, indicator: spec.id };
  const push = (code: ErrorCode, params: Record<string, string | number>, field?: string): void => {
    out.push(indicatorProblem({ code, severity: 'error', indicator: spec.id, layer: layerId, layerName: ref.name, ...(field ? { field } : {}), params: { ...base, ...(field ? { field } : {}), ...params } }));
  };
  const kind = layer.meta.geometryType;
  const geometry = { geometry: kind, geometryZh: geometryZh(kind) };
  if (!spec.rasterize) {
    push('E_LAYER_GEOMETRY', { ...geometry, method: spec.resample ?? 'resample', need: 'a raster (a vector layer needs a "rasterize" method)', needZh: '栅格（矢量图层须指定栅格化方法 rasterize）' });
    return out;
  }
  const features = layer.features.features;
  const need = NEEDS_GEOMETRY[spec.rasterize];
  if (need && features.length && !geometriesOf(features).some(need.has)) push('E_LAYER_GEOMETRY', { ...geometry, method: spec.rasterize, need: need.en, needZh: need.zh });
  const fields = new Map(layer.meta.fields.map((f) => [f.name, f]));
  const fieldList = layer.meta.fields.map((f) => f.name).join(', ') || '—';
  const known = (name: string): FieldInfo | undefined => {
    const info = fields.get(name);
    if (!info) push('E_FIELD_UNKNOWN', { fields: fieldList }, name);
    return info;
  };
  const asNumber = (info: FieldInfo): boolean => {
    if (numericField(info, features)) return true;
    push('E_FIELD_NOT_NUMBER', { type: info.type, typeZh: TYPE_ZH[info.type] ?? info.type }, info.name);
    return false;
  };
  for (const name of numberFields(spec)) {
    const info = known(name);
    if (info) asNumber(info);
  }
  const flt = spec.filter;
  if (flt) {
    const info = known(flt.field);
    if (!info) return out;
    const numeric = info.type === 'number' || info.type === 'integer';
    if ((flt.lt !== undefined || flt.gt !== undefined) && !asNumber(info)) return out;
    const wrong = [flt.eq, ...(flt.in ?? [])].find((v) => v !== undefined && (typeof v === 'number') !== numeric);
    if (wrong !== undefined) {
      push('E_FILTER_TYPE', { type: info.type, typeZh: TYPE_ZH[info.type] ?? info.type, value: JSON.stringify(wrong) }, flt.field);
      return out;
    }
    if (features.length && !features.some((f) => passesFilter(f, spec))) push('E_FILTER_EMPTY', {}, flt.field);
  }
  return out;
}

/** A problem as the error a run throws: its code, the English message as detail, the particulars as params, the layer's file (model-relative). */
export function problemError(p: IndicatorProblem, doc: Pick<ModelDocument, 'layers'>): RiskAtlasError {
  const file = doc.layers[p.layer]?.path;
  return new RiskAtlasError(p.code as ErrorCode, p.message.en, { ...(file ? { file } : {}), params: p.params });
}
