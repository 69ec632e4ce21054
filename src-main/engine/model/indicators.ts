/**
 * Raw indicator grids: each indicator of the model becomes one Float64Array on the
 * analysis grid (NaN = nodata), before normalisation.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { RiskAtlasError } from '../errors';
import { reprojectFeatures } from '../crs/reprojectFeatures';
import { openGeoTiff } from '../io/geotiff';
import { detectFormat, readVector } from '../io/openLayer';
import type { VectorLayer } from '../io/layer';
import { alignRaster } from '../grid/resample';
import type { GridSpec } from '../grid/gridSpec';
import { distanceToPoints, kernelDensity, vertices, type WeightedPoint } from '../grid/pointIndicators';
import type { IndicatorSpec, LayerRef } from './document';

/** Read a vector layer of the model and bring it into the grid CRS. */
export async function readVectorInGrid(path: string, ref: LayerRef, epsg: number): Promise<VectorLayer> {
  const layer = await readVector(path, ref.crs === undefined ? undefined : { crs: ref.crs });
  const from = layer.meta.crs?.epsg;
  if (from === null || from === undefined) {
    throw new RiskAtlasError('E_CRS_MISSING', 'the layer has no EPSG-coded CRS; set "crs" for it in the model', { file: path });
  }
  return { meta: layer.meta, features: reprojectFeatures(layer.features, from, epsg) };
}

function passesFilter(f: Feature, spec: IndicatorSpec): boolean {
  const flt = spec.filter;
  if (!flt) return true;
  const v = f.properties?.[flt.field];
  if (flt.eq !== undefined && v !== flt.eq) return false;
  if (flt.lt !== undefined && !(Number(v) < flt.lt)) return false;
  if (flt.gt !== undefined && !(Number(v) > flt.gt)) return false;
  return true;
}

function weightedPoints(fc: FeatureCollection, spec: IndicatorSpec, file: string): WeightedPoint[] {
  const pts: WeightedPoint[] = [];
  for (const f of fc.features) {
    if (!passesFilter(f, spec)) continue;
    let w = 1;
    if (spec.weightField) {
      const raw = f.properties?.[spec.weightField];
      if (raw === undefined) {
        throw new RiskAtlasError('E_MODEL_LAYER', `field "${spec.weightField}" not found`, { file });
      }
      w = Number(raw);
      if (!Number.isFinite(w)) continue; // a null weight contributes nothing
    }
    for (const p of vertices(f)) pts.push({ x: p[0]!, y: p[1]!, w });
  }
  return pts;
}

/**
 * The raw (un-normalised) grid of one indicator. Rasters are resampled (and reprojected)
 * to the grid; vectors are rasterised by kernel density (per km²) or distance (m).
 */
export async function rawIndicator(spec: IndicatorSpec, ref: LayerRef, path: string, grid: GridSpec): Promise<Float64Array> {
  const format = await detectFormat(path);
  if (format === 'GeoTIFF') {
    if (spec.rasterize) throw new RiskAtlasError('E_MODEL_INVALID', `indicator ${spec.id}: "rasterize" is for vector layers; ${ref.path} is a raster`);
    const src = await openGeoTiff(path);
    try {
      return await alignRaster(src, grid, spec.resample ?? 'bilinear', spec.band ?? 1);
    } finally {
      await src.close();
    }
  }
  if (!spec.rasterize) throw new RiskAtlasError('E_MODEL_INVALID', `indicator ${spec.id}: vector layer ${ref.path} needs "rasterize" (kernelDensity or distance)`);
  const layer = await readVectorInGrid(path, ref, grid.epsg);
  const pts = weightedPoints(layer.features, spec, path);
  return spec.rasterize === 'kernelDensity' ? kernelDensity(grid, pts, spec.radius!) : distanceToPoints(grid, pts);
}
