/**
 * Reproject a vector layer's features between EPSG codes, coordinate by coordinate
 * through proj4 (vertices only: at county scale the segments between vertices stay
 * straight to well under a cell).
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { transformer } from './registry';

function mapGeometry(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map(f) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(f)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapGeometry(x, f)) };
  }
}

/** A copy of `fc` with every coordinate moved from `fromEpsg` to `toEpsg` (the same object when equal). */
export function reprojectFeatures(fc: FeatureCollection, fromEpsg: number, toEpsg: number): FeatureCollection {
  if (fromEpsg === toEpsg) return fc;
  const t = transformer(fromEpsg, toEpsg);
  const f = (p: Position): Position => {
    const [x, y] = t(p[0]!, p[1]!);
    return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y];
  };
  return {
    type: 'FeatureCollection',
    features: fc.features.map(
      (feat): Feature => ({ ...feat, geometry: feat.geometry ? mapGeometry(feat.geometry, f) : feat.geometry }),
    ),
  };
}
