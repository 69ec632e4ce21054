/**
 * A model's analysis grid and its indicators on it, outside a run: the study area and its
 * extent, the grid a run lays out with the mask of assessed cells, an indicator's raw or
 * normalised values. Each calls the engine's own functions (the same readers, rasterisers and
 * transforms a run uses), so a preview never disagrees with the computed result.
 */
import type { Feature } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { Extent } from '../../../src-shared/layer';
import { featureExtent } from '../../engine/io/vectorMeta';
import type { GridSpec } from '../../engine/grid/gridSpec';
import { analysisGrid } from '../../engine/pipeline/run';
import { polygonMask } from '../../engine/grid/rasterizePolygons';
import { resolveModelPath, type LoadedModel } from '../../engine/model/loadModel';
import { studyAreaFeatures } from '../../engine/model/studyArea';
import { modelLayers, rawIndicator, readVectorInGrid } from '../../engine/indicators/rawIndicator';
import { applyTransform } from '../../engine/indicators/transforms';
import { transformOf } from '../../engine/model/document';

async function studyLayer(m: LoadedModel): Promise<{ features: Feature[]; extent: Extent }> {
  const features = await studyAreaFeatures(m);
  const extent = featureExtent({ type: 'FeatureCollection', features });
  if (!extent) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no geometry', { file: m.doc.layers[m.doc.grid.studyArea]!.path });
  return { features, extent };
}

/** The study area's extent in the model's analysis CRS. */
export async function studyExtent(m: LoadedModel): Promise<Extent> {
  return (await studyLayer(m)).extent;
}

/**
 * The analysis grid of a model as a run lays it out (study-area extent, `cellSize` — default
 * the model's — snapped like the run) and the mask of the cells a run assesses: inside the
 * study area and not on excluded land (`grid.exclude`).
 */
export async function studyGrid(m: LoadedModel, cellSize = m.doc.grid.cellSize): Promise<{ grid: GridSpec; mask: Uint8Array }> {
  const { features, extent } = await studyLayer(m);
  const grid = analysisGrid(m.doc.grid.epsg, extent, cellSize, m.doc.grid.snap);
  const mask = polygonMask(grid, features);
  const exclude = m.doc.grid.exclude;
  if (exclude) {
    // Excluded land is left out of indicator statistics, as in a run.
    const ref = m.doc.layers[exclude.layer]!;
    const excluded = polygonMask(grid, (await readVectorInGrid(resolveModelPath(m, ref.path), ref, m.doc.grid.epsg)).features.features);
    for (let c = 0; c < mask.length; c++) if (excluded[c]) mask[c] = 0;
  }
  return { grid, mask };
}

/**
 * Indicator `id` of the model on the grid: raw values (its units), or normalised by its
 * transform and direction as the run does. Cells outside the study area are NaN.
 */
export async function indicatorOnGrid(m: LoadedModel, id: string, grid: GridSpec, mask: Uint8Array, normalised: boolean): Promise<Float64Array> {
  const spec = m.doc.indicators.find((i) => i.id === id);
  if (!spec) throw new RiskAtlasError('E_MODEL_INVALID', `indicators: no indicator "${id}" in the model`);
  const ref = m.doc.layers[spec.layer]!;
  const raw = await rawIndicator(spec, ref, resolveModelPath(m, ref.path), grid, modelLayers(m));
  for (let c = 0; c < raw.length; c++) if (!mask[c]) raw[c] = NaN;
  return normalised ? applyTransform(raw, transformOf(spec), spec.direction) : raw;
}
