/** Which reader a file needs, decided by extension and checked against its first bytes. */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { RiskAtlasError, type ErrorCode } from '../../../src-shared/errors';
import { fileSize } from './fileAccess';
import type { VectorLayer } from '../../../src-shared/layer';
import type { FeatureCollection, Geometry } from 'geojson';
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

/** The code a format's reader gives a damaged file (GeoJSON checks its own coordinates while parsing). */
const DAMAGED: Record<Exclude<LayerFormat, 'GeoTIFF'>, ErrorCode> = {
  Shapefile: 'E_SHP_CORRUPT',
  GeoJSON: 'E_GEOJSON_INVALID',
  GeoPackage: 'E_GPKG_INVALID',
  CSV: 'E_CSV_NO_COORDS',
  KML: 'E_KML_INVALID',
};

// Each reader is loaded when its format is met: `riskatlas inspect` of a shapefile starts
// without parsing the GeoPackage (sql.js) or KML (xmldom) code.
const READERS: Record<Exclude<LayerFormat, 'GeoTIFF'>, (path: string, opts?: ReadOptions) => Promise<VectorLayer>> = {
  Shapefile: async (path, opts) => (await import('./shapefile')).readShapefile(path, opts),
  GeoJSON: async (path, opts) => (await import('./geojson')).readGeoJson(path, opts),
  GeoPackage: async (path, opts) => (await import('./geopackage')).readGeoPackage(path, opts),
  CSV: async (path, opts) => (await import('./csvPoints')).readCsvPoints(path, opts),
  KML: async (path, opts) => (await import('./kml')).readKml(path, opts),
};

/** The index of the first feature with a coordinate that is NaN or infinite, or −1. */
function firstNonFinite(fc: FeatureCollection): number {
  const finite = (c: unknown): boolean => (typeof c === 'number' ? Number.isFinite(c) : !Array.isArray(c) || c.every(finite));
  const ok = (g: Geometry | null): boolean => !g || (g.type === 'GeometryCollection' ? g.geometries.every(ok) : finite(g.coordinates));
  return fc.features.findIndex((f) => !ok(f.geometry));
}

/**
 * Read a vector layer of any supported vector format, coordinates in the file's own CRS.
 * A coordinate that is NaN or infinite (a damaged record: binary formats hold any double) is
 * refused with the format's code, naming the feature — it would make the layer's extent, and
 * the study area taken from it, meaningless.
 * @param opts what the user states (CRS, shapefile text encoding) and whether a missing CRS is an error.
 * Errors: those of {@link detectFormat} and of the format's reader; E_MODEL_LAYER for a raster.
 */
export async function readVector(path: string, opts?: ReadOptions): Promise<VectorLayer> {
  const format = await detectFormat(path);
  if (format === 'GeoTIFF') throw new RiskAtlasError('E_MODEL_LAYER', 'a raster was given where a vector layer is needed', { file: path });
  const layer = await READERS[format](path, opts);
  const bad = firstNonFinite(layer.features);
  if (bad >= 0) throw new RiskAtlasError(DAMAGED[format], `feature ${bad + 1}: a coordinate is not a finite number (NaN or infinite)`, { file: path });
  return layer;
}
