/** Facts about a feature collection that every vector reader reports the same way. */
import type { FeatureCollection, Geometry } from 'geojson';
import type { Extent, FieldInfo, FieldType, GeometryKind } from '../../../src-shared/layer';

/** The extent of all coordinates, or null when there are none. */
export function featureExtent(fc: FeatureCollection): Extent | null {
  const e: Extent = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x! < e[0]) e[0] = x!;
      if (y! < e[1]) e[1] = y!;
      if (x! > e[2]) e[2] = x!;
      if (y! > e[3]) e[3] = y!;
      return;
    }
    for (const sub of c) visit(sub);
  };
  const walk = (g: Geometry | null): void => {
    if (!g) return;
    if (g.type === 'GeometryCollection') g.geometries.forEach(walk);
    else visit(g.coordinates);
  };
  for (const f of fc.features) walk(f.geometry);
  return Number.isFinite(e[0]) ? e : null;
}

/** The one geometry type of a collection, 'Mixed' when they differ, 'None' when there is none. */
export function geometryKind(fc: FeatureCollection): GeometryKind {
  const types = new Set(fc.features.map((f) => f.geometry?.type).filter((t): t is Geometry['type'] => t !== undefined));
  if (types.size === 0) return 'None';
  if (types.size === 1) return [...types][0]!;
  // A layer of polygons and multipolygons (or lines and multilines) is one kind to a GIS.
  if ([...types].every((t) => t === 'Polygon' || t === 'MultiPolygon')) return 'MultiPolygon';
  if ([...types].every((t) => t === 'LineString' || t === 'MultiLineString')) return 'MultiLineString';
  if ([...types].every((t) => t === 'Point' || t === 'MultiPoint')) return 'MultiPoint';
  return 'Mixed';
}

/** Field names and types inferred from the properties (for formats without a schema). */
export function inferFields(fc: FeatureCollection): FieldInfo[] {
  const types = new Map<string, Set<FieldType>>();
  for (const f of fc.features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (!types.has(k)) types.set(k, new Set());
      if (v === null || v === undefined) continue;
      types.get(k)!.add(typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'boolean' ? 'boolean' : 'string');
    }
  }
  return [...types].map(([name, t]) => ({
    name,
    type: t.size === 1 ? [...t][0]! : [...t].every((x) => x === 'integer' || x === 'number') && t.size ? 'number' : 'string',
  }));
}
