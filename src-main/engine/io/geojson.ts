/**
 * GeoJSON reader: RFC 7946 (longitude/latitude, taken as EPSG:4326 — at county scale
 * CGCS2000 and WGS84 agree to a few centimetres) and the legacy `crs` member
 * (`urn:ogc:def:crs:EPSG::4546`, `EPSG:4490`, OGC CRS84) that Chinese GIS software still writes.
 */
import { readFile } from 'node:fs/promises';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { RiskAtlasError } from '../errors';
import { crsFromEpsg } from '../crs/registry';
import { fileSize } from './fileAccess';
import type { CrsRef, VectorLayer } from './layer';
import { featureExtent, geometryKind, inferFields } from './vectorMeta';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function crsMember(doc: { crs?: unknown }, file: string): number | undefined {
  const crs = doc.crs as { type?: string; properties?: { name?: string } } | undefined;
  if (!crs) return undefined;
  const name = crs.properties?.name ?? '';
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (!m) throw new RiskAtlasError('E_CRS_UNKNOWN', `unrecognised crs member "${name.slice(0, 80)}"`, { file });
  return Number(m[1]);
}

function checkGeometry(g: unknown, file: string, where: string): Geometry | null {
  if (g === null) return null;
  const geom = g as { type?: string; coordinates?: unknown; geometries?: unknown };
  if (!geom || typeof geom !== 'object' || !GEOMETRY_TYPES.has(geom.type ?? '')) throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: not a GeoJSON geometry`, { file });
  if (geom.type === 'GeometryCollection' ? !Array.isArray(geom.geometries) : !Array.isArray(geom.coordinates)) {
    throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: ${geom.type} without coordinates`, { file });
  }
  return g as Geometry;
}

/**
 * Read a GeoJSON file (FeatureCollection, Feature or bare geometry).
 * @param opts.crs EPSG code that overrides the file's (for files that lie about their CRS).
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_JSON_INVALID, E_GEOJSON_INVALID, E_CRS_UNKNOWN.
 */
export async function readGeoJson(path: string, opts: { crs?: number } = {}): Promise<VectorLayer> {
  await fileSize(path);
  const text = await readFile(path, 'utf8');
  let doc: { type?: string; features?: unknown; crs?: unknown; geometry?: unknown; properties?: unknown };
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RiskAtlasError('E_JSON_INVALID', (err as Error).message, { file: path });
  }
  if (!doc || typeof doc !== 'object') throw new RiskAtlasError('E_GEOJSON_INVALID', 'the JSON is not an object', { file: path });
  let features: Feature[];
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) throw new RiskAtlasError('E_GEOJSON_INVALID', 'FeatureCollection without a features array', { file: path });
    features = (doc.features as { type?: string; geometry?: unknown; properties?: unknown }[]).map((f, i) => {
      if (!f || f.type !== 'Feature') throw new RiskAtlasError('E_GEOJSON_INVALID', `features[${i}] is not a Feature`, { file: path });
      return { type: 'Feature', properties: (f.properties as Feature['properties']) ?? {}, geometry: checkGeometry(f.geometry ?? null, path, `features[${i}].geometry`)! };
    });
  } else if (doc.type === 'Feature') {
    features = [{ type: 'Feature', properties: (doc.properties as Feature['properties']) ?? {}, geometry: checkGeometry(doc.geometry ?? null, path, 'geometry')! }];
  } else if (GEOMETRY_TYPES.has(doc.type ?? '')) {
    features = [{ type: 'Feature', properties: {}, geometry: checkGeometry(doc, path, 'geometry')! }];
  } else {
    throw new RiskAtlasError('E_GEOJSON_INVALID', `"type" is ${JSON.stringify(doc.type ?? null)}, not a GeoJSON object`, { file: path });
  }
  const epsg = opts.crs ?? crsMember(doc, path) ?? 4326;
  let crs: CrsRef;
  try {
    crs = crsFromEpsg(epsg);
  } catch (err) {
    throw new RiskAtlasError('E_CRS_UNKNOWN', (err as Error).message, { file: path });
  }
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  return {
    meta: { kind: 'vector', format: 'GeoJSON', path, crs, featureCount: features.length, geometryType: geometryKind(fc), fields: inferFields(fc), extent: featureExtent(fc), warnings: [] },
    features: fc,
  };
}
