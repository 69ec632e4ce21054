/** Which reader a file needs, decided by extension and checked against its first bytes. */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { fileSize } from './fileAccess';
import type { VectorLayer } from '../../../src-shared/layer';
import { readShapefile } from './shapefile';
import { readGeoJson } from './geojson';
import { readGeoPackage } from './geopackage';
import { readCsvPoints } from './csvPoints';
import { readKml } from './kml';
import type { ReadOptions } from './readOptions';

export type LayerFormat = 'GeoTIFF' | 'Shapefile' | 'GeoJSON' | 'GeoPackage' | 'CSV' | 'KML';

/**
 * The format of a file: by extension (any letter case) when it has a known one, else by its
 * first bytes (TIFF II/MM, .shp 9994, zip PK, JSON '{', SQLite, XML '<' as KML). A known extension wins over
 * the bytes so that the matching reader can name the real fault (a ".tif" that is not a TIFF
 * is E_TIFF_MAGIC from the GeoTIFF reader, not an unknown format).
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_FORMAT_UNKNOWN.
 */
export async function detectFormat(path: string): Promise<LayerFormat> {
  await fileSize(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.tif' || ext === '.tiff' || ext === '.gtiff') return 'GeoTIFF';
  if (ext === '.shp' || ext === '.zip') return 'Shapefile';
  if (ext === '.geojson' || ext === '.json') return 'GeoJSON';
  if (ext === '.gpkg') return 'GeoPackage';
  if (ext === '.csv' || ext === '.txt') return 'CSV';
  if (ext === '.kml' || ext === '.kmz') return 'KML';
  // No telling extension: sniff.
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if ((head[0] === 0x49 && head[1] === 0x49) || (head[0] === 0x4d && head[1] === 0x4d)) return 'GeoTIFF';
    if (head.readInt32BE(0) === 9994) return 'Shapefile';
    if (head[0] === 0x50 && head[1] === 0x4b) return 'Shapefile';
    if (head.toString('utf8').trimStart().startsWith('{')) return 'GeoJSON';
    if (head.toString('latin1') === 'SQLi') return 'GeoPackage';
    if (head.toString('utf8').trimStart().startsWith('<')) return 'KML';
  } finally {
    await fh.close();
  }
  throw new RiskAtlasError('E_FORMAT_UNKNOWN', `cannot tell the format of "${ext || 'no extension'}"`, { file: path });
}

/**
 * Read a vector layer of any supported vector format, coordinates in the file's own CRS.
 * @param opts what the user states (CRS, shapefile text encoding) and whether a missing CRS is an error.
 * Errors: those of {@link detectFormat} and of the format's reader; E_MODEL_LAYER for a raster.
 */
export async function readVector(path: string, opts?: ReadOptions): Promise<VectorLayer> {
  const format = await detectFormat(path);
  if (format === 'Shapefile') return readShapefile(path, opts);
  if (format === 'GeoJSON') return readGeoJson(path, opts);
  if (format === 'GeoPackage') return readGeoPackage(path, opts);
  if (format === 'CSV') return readCsvPoints(path, opts);
  if (format === 'KML') return readKml(path, opts);
  throw new RiskAtlasError('E_MODEL_LAYER', 'a raster was given where a vector layer is needed', { file: path });
}
