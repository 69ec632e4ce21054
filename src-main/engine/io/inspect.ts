import { attempt, type Result } from '../../../src-shared/errors';
import type { LayerMeta } from '../../../src-shared/layer';
import { detectFormat, readVector } from './openLayer';
import { featureExtent } from './vectorMeta';
import type { ReadOptions } from './readOptions';

/**
 * What a file is: format, CRS, extent (in the layer's own CRS units), and raster facts
 * (size, dtype, nodata, geotransform) or vector facts (feature count, fields, encoding,
 * warnings). A raster is opened for its metadata only and closed again; a vector is read.
 * Never throws: every problem comes back as a coded error with `file` set to `path`.
 * The CRS says how it was identified (`crs.identification`: declared, matched, stated,
 * assumed, or unknown with candidates) and a shapefile what its encoding rests on.
 * @param opts what the user states: `crs` (EPSG code; needed for files that carry no CRS,
 *   e.g. a shapefile without .prj) and `encoding` (shapefile attributes).
 */
export async function inspect(path: string, opts?: ReadOptions): Promise<Result<LayerMeta>> {
  return attempt(async () => {
    if ((await detectFormat(path)) === 'GeoTIFF') {
      // Loaded here, not on top: describing a vector file never parses the GeoTIFF library.
      const src = await (await import('./geotiff')).openGeoTiff(path, { crs: opts?.crs });
      await src.close();
      return src.meta;
    }
    return (await readVector(path, opts)).meta;
  }, 'E_INTERNAL', path);
}

/** [minX, minY, maxX, maxY] of every coordinate of a feature collection, in its CRS; null when it has no geometry. */
export const vectorExtent = featureExtent;
