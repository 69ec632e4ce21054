/**
 * The parts of a GeoJSON geometry the grid functions work on: points, line strings and
 * polygons (outer ring + holes), each list empty for the other geometry types. One place,
 * so every rasterisation reads geometries the same way.
 */
import type { Feature, Geometry, Position } from 'geojson';

/** The line strings of a geometry (LineString, MultiLineString; not polygon rings). */
export function lineStringsOf(geom: Geometry | null | undefined): Position[][] {
  if (!geom) return [];
  if (geom.type === 'LineString') return [geom.coordinates];
  if (geom.type === 'MultiLineString') return geom.coordinates;
  if (geom.type === 'GeometryCollection') return geom.geometries.flatMap(lineStringsOf);
  return [];
}

/** The points of a geometry (Point, MultiPoint). */
export function pointsOf(geom: Geometry | null | undefined): Position[] {
  if (!geom) return [];
  if (geom.type === 'Point') return [geom.coordinates];
  if (geom.type === 'MultiPoint') return geom.coordinates;
  if (geom.type === 'GeometryCollection') return geom.geometries.flatMap(pointsOf);
  return [];
}

/** True when every vertex of the ring has finite x and y (a reprojection out of its domain gives Infinity or NaN). */
export function isFiniteRing(ring: Position[]): boolean {
  return ring.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
}

/**
 * The polygons of a geometry, each as rings (first the outer ring, then holes). Non-polygons
 * have none. A ring with a non-finite vertex has no defined area: such a hole is dropped, and
 * a polygon whose outer ring is not finite is dropped whole.
 */
export function polygonsOf(geom: Geometry | null | undefined): Position[][][] {
  if (!geom) return [];
  const finite = (poly: Position[][]): Position[][][] => (poly.length && isFiniteRing(poly[0]!) ? [poly.filter(isFiniteRing)] : []);
  if (geom.type === 'Polygon') return finite(geom.coordinates);
  if (geom.type === 'MultiPolygon') return geom.coordinates.flatMap(finite);
  if (geom.type === 'GeometryCollection') return geom.geometries.flatMap(polygonsOf);
  return [];
}

/** The geometries of features, in order (what the grid functions take). */
export function geometriesOf(features: Feature[]): (Geometry | null)[] {
  return features.map((f) => f.geometry);
}
