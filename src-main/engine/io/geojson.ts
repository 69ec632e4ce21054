/**
 * GeoJSON reader: RFC 7946 (longitude/latitude on WGS 84, EPSG:4326, declared by the format)
 * and the legacy `crs` member (`urn:ogc:def:crs:EPSG::4546`, `EPSG:4490`, OGC CRS84) that
 * Chinese GIS software still writes.
 */
import { readFile } from 'node:fs/promises';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { crsAt, settleLayerCrs } from '../crs/layerCrs';
import { fileSize, MAX_WHOLE_FILE_BYTES } from './fileAccess';
import type { VectorLayer } from '../../../src-shared/layer';
import type { ReadOptions } from './readOptions';
import { featureExtent, geometryKind, inferFields } from './vectorMeta';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * The EPSG code of the legacy (GeoJSON 2008) `crs` member, in the spellings GIS software
 * writes: "EPSG:4546", "urn:ogc:def:crs:EPSG::4490", "urn:ogc:def:crs:EPSG:6.6:4326",
 * "http://www.opengis.net/def/crs/EPSG/0/4490", and OGC CRS84 (= lon/lat WGS84).
 */
function crsMember(doc: { crs?: unknown }, file: string): number | undefined {
  const crs = doc.crs as { type?: string; properties?: { name?: unknown; code?: unknown } } | null | undefined;
  if (!crs) return undefined;
  if (crs.type === 'EPSG' && Number.isInteger(Number(crs.properties?.code))) return Number(crs.properties!.code);
  const name = String(crs.properties?.name ?? '').trim();
  if (/CRS:?84$/i.test(name)) return 4326;
  const m = /EPSG(?::[\d.]*:|:|\/\d+\/)(\d+)$/i.exec(name);
  if (!m) throw new RiskAtlasError('E_CRS_UNKNOWN', `unrecognised crs member "${name.slice(0, 80)}"`, { file });
  return Number(m[1]);
}

/** How deep each geometry type nests its coordinates: a position is depth 1. */
const COORD_DEPTH: Record<string, number> = { Point: 1, MultiPoint: 2, LineString: 2, MultiLineString: 3, Polygon: 3, MultiPolygon: 4 };

/**
 * GeometryCollections inside GeometryCollections: RFC 7946 §3.1.8 says they SHOULD be avoided;
 * a few levels are accepted, a file nesting deeper is refused (a hostile file nests thousands
 * of levels to exhaust the stack of recursive code downstream).
 */
export const MAX_COLLECTION_DEPTH = 8;

/**
 * Check one coordinates array against its type without recursion: every array at the right
 * depth, every position 2 or more finite numbers. Returns why it is wrong, or null.
 */
function coordinatesProblem(coords: unknown, depth: number): string | null {
  const stack: [unknown, number][] = [[coords, depth]];
  while (stack.length) {
    const [c, d] = stack.pop()!;
    if (!Array.isArray(c)) return 'coordinates nest less deeply than the geometry type needs';
    if (d === 1) {
      if (c.length < 2 || !c.every((x) => typeof x === 'number' && Number.isFinite(x))) return 'a position is not 2 or 3 finite numbers';
      continue;
    }
    for (const sub of c) stack.push([sub, d - 1]);
  }
  return null;
}

/**
 * Validate a geometry (iteratively, so no nesting can exhaust the stack): a known type, its
 * coordinates nested as the type says with finite numbers, GeometryCollections at most
 * {@link MAX_COLLECTION_DEPTH} deep. Throws E_GEOJSON_INVALID naming the feature.
 */
function checkGeometry(g: unknown, file: string, where: string): Geometry | null {
  if (g === null) return null;
  const stack: [unknown, number][] = [[g, 0]];
  while (stack.length) {
    const [node, level] = stack.pop()!;
    const geom = node as { type?: string; coordinates?: unknown; geometries?: unknown };
    if (!geom || typeof geom !== 'object' || !GEOMETRY_TYPES.has(geom.type ?? '')) throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: not a GeoJSON geometry`, { file });
    if (geom.type === 'GeometryCollection') {
      if (!Array.isArray(geom.geometries)) throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: GeometryCollection without geometries`, { file });
      if (level >= MAX_COLLECTION_DEPTH) throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: GeometryCollections nested more than ${MAX_COLLECTION_DEPTH} deep`, { file });
      for (const sub of geom.geometries) stack.push([sub, level + 1]);
      continue;
    }
    if (!Array.isArray(geom.coordinates)) throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: ${geom.type} without coordinates`, { file });
    const problem = coordinatesProblem(geom.coordinates, COORD_DEPTH[geom.type!]!);
    if (problem) throw new RiskAtlasError('E_GEOJSON_INVALID', `${where}: ${geom.type}: ${problem}`, { file });
  }
  return g as Geometry;
}

/**
 * Read a GeoJSON file (FeatureCollection, Feature or bare geometry), UTF-8 with or without BOM.
 * CRS: the legacy `crs` member when present, else EPSG:4326 (RFC 7946 lon/lat), both declared.
 * Coordinates are kept as written. Fields are inferred from the properties.
 * @param opts.crs EPSG code stated by the user; overrides the file's, with a warning (for files
 *   that lie about their CRS, or projected files with no crs member).
 * Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY, E_JSON_INVALID, E_GEOJSON_INVALID, E_CRS_UNKNOWN,
 * E_CRS_MISSING (projected coordinates without a crs member or opts.crs, unless opts.allowMissingCrs).
 */
export async function readGeoJson(path: string, opts: ReadOptions = {}): Promise<VectorLayer> {
  await fileSize(path, MAX_WHOLE_FILE_BYTES);
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
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  const extent = featureExtent(fc);
  const warnings: string[] = [];
  const crs = settleLayerCrs({
    found: () => {
      const declared = crsMember(doc, path);
      if (declared !== undefined) return crsAt(declared, { level: 'declared', source: 'GeoJSON crs member' }, extent);
      // RFC 7946 means lon/lat; a file without a crs member whose coordinates cannot be degrees is
      // in some projected CRS nobody named, and guessing one would put the layer in the wrong place.
      if (extent && (extent[0] < -180 || extent[2] > 360 || extent[1] < -90 || extent[3] > 90)) {
        throw new RiskAtlasError('E_CRS_MISSING', `coordinates up to ${Math.round(extent[2])}, ${Math.round(extent[3])} are not longitude/latitude and the file names no CRS`, { file: path });
      }
      return crsAt(4326, { level: 'declared', source: 'GeoJSON (RFC 7946: WGS 84 longitude/latitude)' }, extent);
    },
    stated: opts.crs,
    extent,
    file: path,
    warnings,
    allowMissing: opts.allowMissingCrs,
  });
  return {
    meta: { kind: 'vector', format: 'GeoJSON', path, crs, featureCount: features.length, geometryType: geometryKind(fc), fields: inferFields(fc), extent, warnings },
    features: fc,
  };
}
