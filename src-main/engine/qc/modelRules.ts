/**
 * QC of how a model uses a layer, for what makes a run stop: a study area without polygons,
 * and every error checkIndicators finds from the layer alone — a method the geometry cannot
 * serve, a field the layer lacks or holds as text, a filter that keeps nothing or whose value
 * has the wrong type (FLD-02); a vector option on a raster, a band the file lacks, a
 * categorical raster interpolated (USE-01).
 */
import type { RasterMeta, VectorLayer } from '../../../src-shared/layer';
import type { IndicatorProblem } from '../../../src-shared/indicatorProblems';
import { rasterLayerProblems } from '../indicators/check';
import { vectorLayerProblems } from '../indicators/vectorRules';
import type { ModelDocument } from '../model/document';
import { finding, say, type Finding } from './rules';

/** Problems about a field (FLD-02); the others are about the layer's kind (USE-01). */
const FIELD_CODES = new Set(['E_FIELD_UNKNOWN', 'E_FIELD_NOT_NUMBER', 'E_FILTER_TYPE', 'E_FILTER_EMPTY']);

const asFinding = (layerId: string, p: IndicatorProblem): Finding => finding(FIELD_CODES.has(p.code) ? 'FLD-02' : 'USE-01', layerId, say(p.message.en, p.message.zh));

/** USE-01 / FLD-02 findings for vector layer `layerId` of `doc` (its features in the layer's own CRS: fields and filters do not depend on it). */
export function checkVectorUse(layerId: string, layer: VectorLayer, doc: ModelDocument): Finding[] {
  const out: Finding[] = [];
  if (layerId === doc.grid.studyArea && !/Polygon/.test(layer.meta.geometryType)) {
    out.push(finding('USE-01', layerId, say(`the study area needs polygons; the layer holds ${layer.meta.geometryType}`, `研究区图层必须是面要素，该图层为 ${layer.meta.geometryType}`)));
  }
  for (const spec of doc.indicators) {
    if (spec.layer === layerId) out.push(...vectorLayerProblems(spec, layerId, doc.layers[layerId]!, layer).map((p) => asFinding(layerId, p)));
  }
  return out;
}

/** USE-01 findings for raster layer `layerId` of `doc`: a vector option on it, a band the file lacks, interpolation of a categorical raster. */
export function checkRasterUse(layerId: string, meta: RasterMeta, doc: ModelDocument): Finding[] {
  return doc.indicators.filter((spec) => spec.layer === layerId).flatMap((spec) => rasterLayerProblems(spec, layerId, doc.layers[layerId]!, meta).map((p) => asFinding(layerId, p)));
}
