/**
 * The study area of a model: the polygons of its `grid.studyArea` layer — every feature (the
 * layer dissolved), or the features `grid.studyFeatures` chooses (one county of a layer of
 * counties, three townships of a county) — in the analysis CRS. One function, so the run, its
 * tiles, QC, previews and the sheets all see the same area.
 */
import type { Feature } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { VectorLayer } from '../../../src-shared/layer';
import { readVectorInGrid } from '../indicators/rawIndicator';
import type { ModelDocument } from './document';
import { resolveModelPath, type LoadedModel } from './loadModel';

/**
 * True when a feature is one the selection chooses. Values compare as text, so a 行政区划代码
 * chosen as "141030" matches a numeric DBF field holding 141030.
 */
export function selectedFeature(f: Feature, sel: NonNullable<ModelDocument['grid']['studyFeatures']>): boolean {
  const v = f.properties?.[sel.field];
  return v !== null && v !== undefined && sel.values.some((x) => String(x) === String(v));
}

/**
 * The study-area features of `doc` from its layer (already read): all of them, or those
 * `grid.studyFeatures` chooses. Errors name the layer and the field: E_FIELD_UNKNOWN (the
 * selection's field is not in the layer), E_FILTER_EMPTY (it chooses no feature).
 */
export function studyFeaturesOf(doc: ModelDocument, layer: VectorLayer): Feature[] {
  const sel = doc.grid.studyFeatures;
  const all = layer.features.features;
  if (!sel) return all;
  const ref = doc.layers[doc.grid.studyArea]!;
  const params = { layer: ref.name, field: sel.field };
  if (!layer.meta.fields.some((f) => f.name === sel.field)) {
    throw new RiskAtlasError('E_FIELD_UNKNOWN', `grid.studyFeatures.field: layer ${doc.grid.studyArea} has no field "${sel.field}"`, { file: ref.path, params: { ...params, fields: layer.meta.fields.map((f) => f.name).join(', ') } });
  }
  const chosen = all.filter((f) => selectedFeature(f, sel));
  if (!chosen.length) throw new RiskAtlasError('E_FILTER_EMPTY', `grid.studyFeatures: no feature of layer ${doc.grid.studyArea} has ${sel.field} in ${sel.values.join(', ')}`, { file: ref.path, params });
  return chosen;
}

/** The study-area polygons of a loaded model in EPSG:`epsg` (default: the analysis CRS). Errors: the reader's, and those of {@link studyFeaturesOf}. */
export async function studyAreaFeatures(m: LoadedModel, epsg = m.doc.grid.epsg): Promise<Feature[]> {
  const ref = m.doc.layers[m.doc.grid.studyArea]!;
  return studyFeaturesOf(m.doc, await readVectorInGrid(resolveModelPath(m, ref.path), ref, epsg));
}
