/**
 * Reproject a vector layer's features between CRSs, coordinate by coordinate
 * through proj4 (with the datum shifts of registry.transformer) (vertices only: at county scale the segments between vertices stay
 * straight to well under a cell).
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { RiskAtlasError } from '../../../src-shared/errors';
import { describeCrs } from './layerCrs';
import { transformer, type CrsKey } from './registry';

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

/**
 * A copy of `fc` with every coordinate moved from CRS `from` (a code, or the layer's CrsRef with
 * the datum shift chosen for it) to `to` (the same object when they are the same code).
 * Throws E_CRS_TRANSFORM (naming `file`) when a coordinate does not transform to finite numbers —
 * a CRS that cannot be right for these coordinates.
 */
export function reprojectFeatures(fc: FeatureCollection, from: CrsKey, to: CrsKey, file?: string): FeatureCollection {
  const fromCode = typeof from === 'number' ? from : from.epsg;
  if (fromCode === to) return fc;
  const t = transformer(from, to);
  const name = (k: CrsKey): string => (typeof k === 'number' ? `EPSG:${k}` : describeCrs(k));
  const f = (p: Position): Position => {
    const [x, y] = t(p[0]!, p[1]!);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RiskAtlasError('E_CRS_TRANSFORM', `${p[0]}, ${p[1]} in ${name(from)} has no position in ${name(to)}`, file === undefined ? {} : { file });
    }
    return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y];
  };
  return {
    type: 'FeatureCollection',
    features: fc.features.map(
      (feat): Feature => ({ ...feat, geometry: feat.geometry ? mapGeometry(feat.geometry, f) : feat.geometry }),
    ),
  };
}
