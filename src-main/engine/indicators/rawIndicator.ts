/**
 * Raw indicator grids: each indicator of the model becomes one Float64Array on the
 * analysis grid (NaN = nodata), before normalisation.
 */
import type { Feature } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { reprojectFeatures } from '../crs/reprojectFeatures';
import { requireEpsg } from '../crs/layerCrs';
import { openGeoTiff } from '../io/geotiff';
import { detectFormat, readVector } from '../io/openLayer';
import type { VectorLayer } from '../../../src-shared/layer';
import { alignRaster } from '../grid/resample';
import type { GridSpec } from '../grid/gridSpec';
import { kernelDensity, vertices, type WeightedPoint } from '../grid/pointIndicators';
import { lineLengthGrid, rasterizeFeatures } from '../grid/rasterizeFeatures';
import { polygonAreaShare } from '../grid/cellCoverage';
import { geometriesOf } from '../grid/geometryParts';
import { distanceToFeatures } from '../grid/distance';
import { catchmentGrid, floatingCatchment } from '../grid/coverage';
import { polygonValueGrid } from '../grid/polygonValues';
import { polygonAreasKm2 } from '../crs/ellipsoidArea';
import { resolve } from 'node:path';
import type { IndicatorSpec, LayerRef, ModelDocument } from '../model/document';
import type { LoadedModel } from '../model/loadModel';
import type { LayerSources } from './layerSources';
import { fieldValues, indicatorFeatures, passesFilter, polygonValues, problemError, vectorLayerProblems } from './vectorRules';

/** Finds another layer of the model by id (for indicators that combine two layers, e.g. coverage). */
export type LayerResolver = (layerId: string) => { ref: LayerRef; path: string } | undefined;

/** The layers of a model document, by id, with their paths resolved against `dir` (the model's folder). */
export function layersOf(doc: ModelDocument, dir: string): LayerResolver {
  return (layerId) => {
    const ref = doc.layers[layerId];
    return ref && { ref, path: resolve(dir, ref.path) };
  };
}

/** The layers of a loaded model, by id, with their paths resolved against the model's folder. */
export function modelLayers(m: LoadedModel): LayerResolver {
  return layersOf(m.doc, m.dir);
}

/**
 * Read a vector layer of the model (with the CRS and encoding its ref states) and bring it into
 * the grid CRS. Errors: the reader's, E_CRS_UNIDENTIFIED (a CRS that matched no EPSG CRS),
 * E_CRS_TRANSFORM (coordinates that do not transform).
 */
export async function readVectorInGrid(path: string, ref: LayerRef, epsg: number): Promise<VectorLayer> {
  const layer = await readVector(path, { crs: ref.crs, encoding: ref.encoding });
  const crs = requireEpsg(layer.meta.crs, path);
  return { meta: layer.meta, features: reprojectFeatures(layer.features, crs, epsg, path) };
}

/**
 * The area in km² of every feature of a polygon layer of the model, in file order, measured
 * on the ellipsoid of the layer's own CRS (crs/ellipsoidArea.ts); NaN for a feature without a polygon.
 */
export async function layerPolygonAreas(path: string, ref: LayerRef): Promise<Float64Array> {
  const layer = await readVector(path, { crs: ref.crs, encoding: ref.encoding });
  return polygonAreasKm2(layer.features.features, requireEpsg(layer.meta.crs, path));
}

/** Kernel-density points: every vertex of every feature, weighted by `weightField` (default 1). */
function weightedPoints(features: Feature[], spec: IndicatorSpec): WeightedPoint[] {
  const w = spec.weightField ? fieldValues(features, spec.weightField) : null;
  const pts: WeightedPoint[] = [];
  features.forEach((f, i) => {
    const wi = w ? w[i]! : 1;
    if (!Number.isFinite(wi)) return; // a null weight contributes nothing
    for (const p of vertices(f)) pts.push({ x: p[0]!, y: p[1]!, w: wi });
  });
  return pts;
}

/** Supply points for coverage: one per feature, at its point or the mean of its vertices. */
function supplyPoints(features: Feature[], capacity: number[]): WeightedPoint[] {
  const pts: WeightedPoint[] = [];
  features.forEach((f, i) => {
    const vs = vertices(f);
    if (!vs.length || !Number.isFinite(capacity[i]!)) return;
    const x = vs.reduce((s, p) => s + p[0]!, 0) / vs.length;
    const y = vs.reduce((s, p) => s + p[1]!, 0) / vs.length;
    pts.push({ x, y, w: capacity[i]! });
  });
  return pts;
}

/**
 * Vector → grid for one indicator (features already filtered and in the grid CRS).
 * Every method gives exactly the values of the whole grid on any tile of it.
 */
async function rasterizeVector(spec: IndicatorSpec, features: Feature[], grid: GridSpec, file: string, layers?: LayerResolver, areas?: () => Promise<ArrayLike<number>>): Promise<Float64Array> {
  const method = spec.rasterize!;
  const geoms = geometriesOf(features);
  switch (method) {
    case 'attribute':
    case 'ratio':
      return polygonValueGrid(grid, geoms, polygonValues(spec, features));
    case 'attributePerArea':
      return polygonValueGrid(grid, geoms, polygonValues(spec, features, await areas!()));
    case 'kernelDensity':
      return kernelDensity(grid, weightedPoints(features, spec), spec.radius!);
    case 'distance':
      return distanceToFeatures(grid, geoms);
    case 'presence':
    case 'count':
      return rasterizeFeatures(grid, geoms, method);
    case 'sum':
    case 'density':
      return rasterizeFeatures(grid, geoms, method, spec.weightField ? fieldValues(features, spec.weightField) : undefined);
    case 'areaShare':
      return polygonAreaShare(grid, geoms);
    case 'lineDensity':
      return lineLengthGrid(grid, geoms, true);
    case 'coverage': {
      const pop = spec.population === undefined ? undefined : layers?.(spec.population);
      if (!pop) throw new RiskAtlasError('E_MODEL_INVALID', `indicator ${spec.id}: coverage needs the population raster layer "${spec.population ?? ''}"`, { file });
      if ((await detectFormat(pop.path)) !== 'GeoTIFF') throw new RiskAtlasError('E_MODEL_LAYER', `indicator ${spec.id}: the population layer must be a raster`, { file: pop.path });
      // People on the grid grown by 2R, so supplies near the edge see their whole catchment.
      const popGrid = catchmentGrid(grid, spec.radius!);
      const src = await openGeoTiff(pop.path, { crs: pop.ref.crs });
      let people: Float64Array;
      try {
        people = await alignRaster(src, popGrid, 'nearest');
      } finally {
        await src.close();
      }
      const supplies = supplyPoints(features, fieldValues(features, spec.weightField!));
      return floatingCatchment(grid, supplies, { grid: popGrid, values: people }, spec.radius!);
    }
  }
}

/**
 * The raw (un-normalised) grid of one indicator on `grid` (the analysis grid or any tile of
 * it: the values are the same). Rasters are resampled (and reprojected) to the grid; vectors
 * are rasterised by the indicator's method (see `indicatorSchema`), after its filter.
 * @param layers finds other layers of the model by id; needed by `coverage` (its population raster).
 * @param sources keeps the layers open across calls (a run's tiles); without it each call opens and reads its layer.
 */
export async function rawIndicator(spec: IndicatorSpec, ref: LayerRef, path: string, grid: GridSpec, layers?: LayerResolver, sources?: LayerSources): Promise<Float64Array> {
  return (await rawGrid(spec, ref, path, grid, layers, sources, false)) as Float64Array;
}

/**
 * {@link rawIndicator} for a run's tiles: a Float32Array where that holds the values exactly
 * (a raster whose pixels are the grid's cells, with samples that fit Float32), else Float64.
 */
export function rawIndicatorTile(spec: IndicatorSpec, ref: LayerRef, path: string, grid: GridSpec, layers: LayerResolver, sources: LayerSources): Promise<Float64Array | Float32Array> {
  return rawGrid(spec, ref, path, grid, layers, sources, true);
}

async function rawGrid(spec: IndicatorSpec, ref: LayerRef, path: string, grid: GridSpec, layers: LayerResolver | undefined, sources: LayerSources | undefined, float32: boolean): Promise<Float64Array | Float32Array> {
  const format = await detectFormat(path);
  if (format === 'GeoTIFF') {
    if (spec.rasterize) throw new RiskAtlasError('E_MODEL_INVALID', `indicator ${spec.id}: "rasterize" is for vector layers; ${ref.path} is a raster`);
    const method = resampleOf(spec, ref);
    if (ref.categorical && (method === 'bilinear' || method === 'average')) {
      throw new RiskAtlasError('E_RASTER_CATEGORICAL', `indicator ${spec.id}: ${ref.path} is categorical; ${method} would interpolate its class codes`, { file: ref.path, params: { layer: ref.name, method, indicator: spec.id } });
    }
    // With `sources` the raster stays open for the next tile; without, it is opened for this call only.
    const src = sources ? await sources.raster(path, ref.crs) : await openGeoTiff(path, { crs: ref.crs });
    try {
      return await alignRaster(src, grid, method, spec.band ?? 1, { float32 });
    } finally {
      if (!sources) await src.close();
    }
  }
  const layer = sources ? await sources.vector(path, ref, grid.epsg) : await readVectorInGrid(path, ref, grid.epsg);
  // The run checked this before it started (checkIndicators); a preview is refused here the same way.
  const problem = vectorLayerProblems(spec, spec.layer, ref, layer)[0];
  if (problem) throw problemError(problem, { layers: { [spec.layer]: ref } });
  const all = layer.features.features;
  const features = indicatorFeatures(all, spec);
  // Polygon areas are measured in the layer's own CRS, so they come by feature from the file, then follow the filter.
  const areas = async (): Promise<number[]> => {
    const byFeature = sources ? await sources.polygonAreas(path, ref) : await layerPolygonAreas(path, ref);
    return all.flatMap((f, i) => (passesFilter(f, spec) ? [byFeature[i]!] : []));
  };
  return rasterizeVector(spec, features, grid, path, layers, areas);
}

/** How a raster indicator resamples: as the model says; by default nearest for a categorical raster, else bilinear. */
export function resampleOf(spec: IndicatorSpec, ref: LayerRef): NonNullable<IndicatorSpec['resample']> {
  return spec.resample ?? (ref.categorical ? 'nearest' : 'bilinear');
}
