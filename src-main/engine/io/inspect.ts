import { attempt, type Result } from '../errors';
import type { LayerMeta } from './layer';
import { openGeoTiff } from './geotiff';
import { detectFormat, readVector } from './openLayer';

/**
 * What a file is: format, CRS, extent, and raster or vector facts. Never throws: every
 * problem comes back as a coded error naming the file.
 * @param opts.crs EPSG code for files that carry no CRS (e.g. a shapefile without .prj).
 */
export async function inspect(path: string, opts?: { crs?: number }): Promise<Result<LayerMeta>> {
  return attempt(async () => {
    if ((await detectFormat(path)) === 'GeoTIFF') {
      const src = await openGeoTiff(path);
      await src.close();
      return src.meta;
    }
    return (await readVector(path, opts)).meta;
  }, 'E_INTERNAL', path);
}
