/**
 * The area of a polygon on the ellipsoid, as census exposure densities need it (people per km²
 * of each township): not in the analysis grid's plane, whose Gauss-Krüger scale makes a
 * township 1.5° off the central meridian 0.07 % too large, and never in degrees.
 *
 * Method: the polygon as drawn in its layer's own CRS (edges straight there) is densified to
 * segments of at most 100 m (0.001° in a geographic CRS), its vertices are projected to a
 * Lambert azimuthal equal-area projection centred on the polygon, on the ellipsoid of the
 * layer's datum, and the plane area is taken there (shoelace: outer rings add, holes
 * subtract). An equal-area projection keeps areas exactly; the 100 m chords leave an error far
 * below 10⁻⁶ of a township's area. PROJ (`ogr2ogr -segmentize` then `+proj=laea` and
 * `ST_Area`) gives the same figures, which a reference test checks.
 */
import proj4 from 'proj4';
import type { Feature, Position } from 'geojson';
import type { CrsRef } from '../../../src-shared/layer';
import { polygonsOf } from '../grid/geometryParts';
import { ringSignedArea2 } from '../grid/cellCoverage';
import { epsgTable } from './epsgTable';
import { baseGeographic, linearUnitMetres } from './registry';

/** How the areas are measured, as a run's provenance states it for a per-area indicator. */
export const POLYGON_AREA_METHOD =
  "ellipsoidal: each polygon as drawn in its layer's CRS, edges densified to 100 m (0.001° in degrees), projected to a Lambert azimuthal equal-area projection centred on it on the layer's ellipsoid";

/** Longest segment left undensified: 100 m, or 0.001° (about 100 m) in a geographic CRS. */
const MAX_SEGMENT_M = 100;
const MAX_SEGMENT_DEG = 0.001;

/** A ring with extra vertices so no segment is longer than `step` (in the ring's units). */
function densify(ring: Position[], step: number): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    out.push(a);
    const b = ring[i + 1];
    if (!b) break;
    const n = Math.ceil(Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!) / step);
    for (let k = 1; k < n; k++) out.push([a[0]! + ((b[0]! - a[0]!) * k) / n, a[1]! + ((b[1]! - a[1]!) * k) / n]);
  }
  return out;
}

/**
 * The area in km² of each feature's polygons, measured on the ellipsoid of `crs` (the layer's
 * CRS, with an EPSG code; its coordinates are the features'). NaN for a feature without a
 * polygon. Holes subtract; the parts of a multipolygon add.
 */
export function polygonAreasKm2(features: Feature[], crs: CrsRef): Float64Array {
  const t = epsgTable();
  const base = crs.epsg === null ? undefined : baseGeographic(crs.epsg);
  const geographic = base === crs.epsg;
  // The layer's own definition without its datum shift: we stay on its ellipsoid.
  const own = crs.proj4.replace(/\s*\+towgs84=\S+/, '');
  const ellipsoid = base === undefined ? '+ellps=GRS80' : t.geographic.get(base)!.ellipsoid;
  const toLonLat = geographic ? null : proj4(own, `+proj=longlat ${ellipsoid} +no_defs`);
  const step = geographic ? MAX_SEGMENT_DEG : MAX_SEGMENT_M / (crs.epsg === null ? 1 : (linearUnitMetres(crs.epsg) ?? 1));
  const out = new Float64Array(features.length);
  features.forEach((f, i) => {
    const polys = polygonsOf(f.geometry);
    if (!polys.length) {
      out[i] = NaN;
      return;
    }
    const lonLat = (p: Position): Position => (toLonLat ? (toLonLat.forward([p[0]!, p[1]!]) as Position) : p);
    // Centre of the projection: the centre of the outer rings' bounding box, in lon/lat.
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const poly of polys) {
      for (const p of poly[0]!) {
        minX = Math.min(minX, p[0]!);
        maxX = Math.max(maxX, p[0]!);
        minY = Math.min(minY, p[1]!);
        maxY = Math.max(maxY, p[1]!);
      }
    }
    const [lon0, lat0] = lonLat([(minX + maxX) / 2, (minY + maxY) / 2]);
    const laea = proj4(`+proj=longlat ${ellipsoid} +no_defs`, `+proj=laea +lat_0=${lat0} +lon_0=${lon0} +x_0=0 +y_0=0 ${ellipsoid} +units=m +no_defs`);
    let area2 = 0;
    for (const poly of polys) {
      poly.forEach((ring, r) => {
        const plane = densify(ring, step).map((p) => laea.forward(lonLat(p)) as Position);
        const a = Math.abs(ringSignedArea2(plane));
        area2 += r === 0 ? a : -a;
      });
    }
    out[i] = area2 / 2 / 1e6;
  });
  return out;
}
