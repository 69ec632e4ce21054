/**
 * QC of how a model uses a layer, for what makes a run stop (E_MODEL_LAYER): a study area
 * without polygons, an indicator method the layer's geometry cannot serve (areaShare on points),
 * a weight field no feature has, a raster band the file does not have.
 */
import type { RasterMeta, VectorLayer } from '../../../src-shared/layer';
import { indicatorFeatures, vectorIndicatorProblem } from '../indicators/rawIndicator';
import type { ModelDocument } from '../model/document';
import { finding, say, type Finding } from './rules';

/** USE-01 / FLD-02 findings for vector layer `layerId` of `doc`. */
export function checkVectorUse(layerId: string, layer: VectorLayer, doc: ModelDocument): Finding[] {
  const out: Finding[] = [];
  if (layerId === doc.grid.studyArea && !/Polygon/.test(layer.meta.geometryType)) {
    out.push(finding('USE-01', layerId, say(`the study area needs polygons; the layer holds ${layer.meta.geometryType}`, `研究区图层必须是面要素，该图层为 ${layer.meta.geometryType}`)));
  }
  for (const spec of doc.indicators) {
    if (spec.layer !== layerId || !spec.rasterize) continue;
    const problem = vectorIndicatorProblem(spec, indicatorFeatures(layer.features.features, spec), layer.meta.path);
    if (!problem) continue;
    const zh = problem.what === 'field' ? `指标 ${spec.id} 使用的字段 ${spec.weightField} 不存在` : `指标 ${spec.id} 的方法 ${spec.rasterize} 不适用于该图层的几何类型（${layer.meta.geometryType}）`;
    out.push(finding(problem.what === 'field' ? 'FLD-02' : 'USE-01', layerId, say(problem.error.message, zh)));
  }
  return out;
}

/** USE-01 findings for raster layer `layerId` of `doc`: a band an indicator reads that the file does not have. */
export function checkRasterUse(layerId: string, meta: RasterMeta, doc: ModelDocument): Finding[] {
  return doc.indicators
    .filter((spec) => spec.layer === layerId && (spec.band ?? 1) > meta.bands)
    .map((spec) => finding('USE-01', layerId, say(`indicator ${spec.id} reads band ${spec.band}, the raster has ${meta.bands}`, `指标 ${spec.id} 读取第 ${spec.band} 波段，该栅格只有 ${meta.bands} 个波段`)));
}
