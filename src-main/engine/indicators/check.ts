/**
 * Refusals before the run: every mistake a new user makes in an indicator, found from the
 * layers before anything is computed — and the warnings a computed indicator grid gives
 * (all one value, all nodata). A run refuses the first error with the same message
 * (pipeline/setup.ts), the indicator builder lists them all, QC reports them under its rules.
 *
 * Errors: the vector rules of vectorRules.ts (unknown field, text field as a number, filter
 * value of the wrong type, empty filter, geometry the method cannot use, no gridding method);
 * for rasters a vector option (rasterize, weightField, filter) on a raster, a band the file
 * lacks, a categorical raster interpolated (bilinear/average); for both a layer that does not
 * reach the study area (features within a kernel's or catchment's radius count; distances are
 * measured to features anywhere); problems of the study-area selection itself.
 */
import { toErrorInfo, type ErrorCode } from '../../../src-shared/errors';
import { indicatorProblem, type IndicatorProblem } from '../../../src-shared/indicatorProblems';
import type { Extent, RasterMeta, VectorLayer } from '../../../src-shared/layer';
import { transformer } from '../crs/registry';
import { inspect } from '../io/inspect';
import { featureExtent } from '../io/vectorMeta';
import type { IndicatorSpec, LayerRef } from '../model/document';
import { resolveModelPath, type LoadedModel } from '../model/loadModel';
import { studyFeaturesOf } from '../model/studyArea';
import { readVectorInGrid, resampleOf } from './rawIndicator';
import { geometryZh, indicatorFeatures, vectorLayerProblems } from './vectorRules';

export { problemError } from './vectorRules';

type Push = (code: ErrorCode, params?: Record<string, string | number>, field?: string) => void;

function pusher(out: IndicatorProblem[], indicator: string, layerId: string, ref: LayerRef): Push {
  return (code, params = {}, field) =>
    out.push(
      indicatorProblem({
        code,
        severity: 'error',
        indicator,
        layer: layerId,
        layerName: ref.name,
        ...(field ? { field } : {}),
        params: { layer: ref.name, ...(indicator ? { indicator } : {}), ...(field ? { field } : {}), ...params },
      }),
    );
}

/**
 * The errors a raster indicator makes about its raster: a vector option on it, a band it
 * lacks, a categorical raster interpolated (see `LayerRef.categorical`).
 */
export function rasterLayerProblems(spec: IndicatorSpec, layerId: string, ref: LayerRef, meta: RasterMeta): IndicatorProblem[] {
  const out: IndicatorProblem[] = [];
  const push = pusher(out, spec.id, layerId, ref);
  const vectorOption = spec.rasterize ?? (spec.filter ? 'filter' : spec.weightField !== undefined ? 'weightField' : undefined);
  if (vectorOption) push('E_LAYER_GEOMETRY', { geometry: 'a raster', geometryZh: geometryZh('raster'), method: vectorOption, need: 'vector features', needZh: '矢量要素' });
  if ((spec.band ?? 1) > meta.bands) push('E_RASTER_BAND', { bands: meta.bands, band: spec.band! });
  const method = resampleOf(spec, ref);
  if (ref.categorical && (method === 'bilinear' || method === 'average')) push('E_RASTER_CATEGORICAL', { method });
  return out;
}

const overlaps = (a: Extent, b: Extent): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const grow = (e: Extent, d: number): Extent => [e[0] - d, e[1] - d, e[2] + d, e[3] + d];

/** A raster's extent in EPSG:`epsg`: its corners and edge midpoints transformed (a rotated or curved footprint's bounding box). */
function rasterExtentIn(meta: RasterMeta, epsg: number): Extent | null {
  if (!meta.crs) return null;
  const t = transformer(meta.crs, epsg);
  const [x0, y0, x1, y1] = meta.extent;
  const pts = [[x0, y0], [x1, y0], [x0, y1], [x1, y1], [(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1], [x0, (y0 + y1) / 2], [x1, (y0 + y1) / 2]].map(([x, y]) => t(x!, y!));
  if (!pts.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return null;
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
}

/** A layer as the checks need it: a raster's metadata, or a vector layer in the analysis CRS; or the error reading it gave. */
type Loaded = { raster: RasterMeta } | { vector: VectorLayer } | { error: { code: ErrorCode; message: string } };

/**
 * Every problem of the model's indicators (and of its study area), in document order: errors
 * a run refuses, then for each layer named by a `labelField` it lacks a warning. Reads each
 * layer once; a layer that cannot be read is one error with the reader's code.
 */
export async function checkIndicators(m: LoadedModel): Promise<IndicatorProblem[]> {
  const { doc } = m;
  const epsg = doc.grid.epsg;
  const cache = new Map<string, Promise<Loaded>>();
  const load = (id: string): Promise<Loaded> => {
    let p = cache.get(id);
    if (!p) {
      const ref = doc.layers[id]!;
      const path = resolveModelPath(m, ref.path);
      p = (async (): Promise<Loaded> => {
        try {
          const res = await inspect(path, { crs: ref.crs, encoding: ref.encoding });
          if (!res.ok) return { error: res.error };
          if (res.value.kind === 'raster') return { raster: res.value };
          return { vector: await readVectorInGrid(path, ref, epsg) };
        } catch (err) {
          return { error: toErrorInfo(err) };
        }
      })();
      cache.set(id, p);
    }
    return p;
  };
  const out: IndicatorProblem[] = [];

  // The study area: polygons, and the features the selection chooses.
  const studyId = doc.grid.studyArea;
  const studyRef = doc.layers[studyId]!;
  const study = await load(studyId);
  let studyExtent: Extent | null = null;
  const pushStudy = pusher(out, '', studyId, studyRef);
  if ('error' in study) pushStudy(study.error.code);
  else if ('raster' in study || !/Polygon/.test(study.vector.meta.geometryType)) {
    const kind = 'raster' in study ? 'raster' : study.vector.meta.geometryType;
    pushStudy('E_LAYER_GEOMETRY', { geometry: kind, geometryZh: geometryZh(kind), method: 'studyArea', need: 'polygons', needZh: '面要素', indicator: 'grid.studyArea' });
  } else {
    try {
      studyExtent = featureExtent({ type: 'FeatureCollection', features: studyFeaturesOf(doc, study.vector) });
    } catch (err) {
      const info = toErrorInfo(err);
      pushStudy(info.code, info.params ?? {}, doc.grid.studyFeatures?.field);
    }
  }

  for (const spec of doc.indicators) {
    const ref = doc.layers[spec.layer]!;
    const layer = await load(spec.layer);
    const push = pusher(out, spec.id, spec.layer, ref);
    if ('error' in layer) {
      push(layer.error.code);
      continue;
    }
    let reach: Extent | null;
    if ('raster' in layer) {
      const found = rasterLayerProblems(spec, spec.layer, ref, layer.raster);
      out.push(...found);
      if (found.length) continue;
      reach = rasterExtentIn(layer.raster, epsg);
    } else {
      const found = vectorLayerProblems(spec, spec.layer, ref, layer.vector);
      out.push(...found);
      if (found.length) continue;
      reach = featureExtent({ type: 'FeatureCollection', features: indicatorFeatures(layer.vector.features.features, spec) });
    }
    if (spec.population !== undefined) {
      const pop = await load(spec.population);
      const popRef = doc.layers[spec.population]!;
      if (!('raster' in pop)) {
        const kind = 'vector' in pop ? pop.vector.meta.geometryType : 'None';
        pusher(out, spec.id, spec.population, popRef)('E_LAYER_GEOMETRY', { geometry: kind, geometryZh: geometryZh(kind), method: 'coverage (population)', need: 'a population raster', needZh: '人口栅格' });
        continue;
      }
    }
    // Distances are measured to features anywhere; a kernel or a catchment reaches its radius beyond them.
    if (studyExtent && spec.rasterize !== 'distance' && !(reach && overlaps(grow(reach, spec.radius ?? 0), studyExtent))) push('E_LAYER_OUTSIDE');
  }

  // Label fields the sheets would look for in vain.
  for (const [id, ref] of Object.entries(doc.layers)) {
    if (ref.labelField === undefined) continue;
    const layer = await load(id);
    if ('vector' in layer && !layer.vector.meta.fields.some((f) => f.name === ref.labelField)) {
      out.push(indicatorProblem({ code: 'W_LABEL_FIELD', severity: 'warning', indicator: '', layer: id, layerName: ref.name, field: ref.labelField, params: { layer: ref.name, field: ref.labelField } }));
    }
  }
  return out;
}

/**
 * The warnings of a computed indicator grid (raw or normalised values on the analysis grid,
 * NaN = nodata; cells outside the study area NaN): W_INDICATOR_NODATA when no cell has a
 * value, W_INDICATOR_CONSTANT when every valid cell has the same. For the histogram the
 * indicator builder shows; a run refuses the consequences itself (E_ALL_NODATA, E_INDEX_CONSTANT).
 */
export function gridWarnings(spec: Pick<IndicatorSpec, 'id' | 'layer'>, ref: Pick<LayerRef, 'name'>, values: ArrayLike<number>): IndicatorProblem[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const base = { severity: 'warning' as const, indicator: spec.id, layer: spec.layer, layerName: ref.name };
  if (min > max) return [indicatorProblem({ ...base, code: 'W_INDICATOR_NODATA', params: { indicator: spec.id, layer: ref.name } })];
  if (min === max) return [indicatorProblem({ ...base, code: 'W_INDICATOR_CONSTANT', params: { indicator: spec.id, layer: ref.name, value: Number(min.toPrecision(6)) } })];
  return [];
}
