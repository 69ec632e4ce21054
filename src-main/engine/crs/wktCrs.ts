/**
 * What a WKT CRS says, whatever its flavour (OGC WKT1, ESRI WKT1 as in .prj files, WKT2):
 * kind, names, datum, ellipsoid, prime meridian, units, projection method and parameters —
 * and the same as proj4 text, so that it can be compared with EPSG definitions by computing
 * with both. Methods proj4 has no equivalent for here give no proj4 text (the CRS can still be
 * named by an EPSG authority, never matched by parameters).
 */
import { child, children, epsgOf, nameOf, numberArg, type WktNode } from './wktTree';

export interface WktCrs {
  kind: 'geographic' | 'projected';
  name: string;
  /** EPSG code of the CRS itself (its top-level AUTHORITY/ID), not of an inner datum or base CRS. */
  epsg?: number;
  datum: { name: string; epsg?: number };
  ellipsoid: { name: string; a: number; rf: number };
  /** Prime meridian, degrees east of Greenwich. */
  primeMeridian: number;
  /** Degrees per angular unit of the geographic CRS (1 for degrees). */
  angularUnitDegrees: number;
  /** Metres per linear unit (projected CRSs; 1 otherwise). */
  linearUnitMetres: number;
  /** Projection method as written (projected CRSs). */
  method?: string;
  /** proj4 text of the whole CRS without datum shift; null when the method has no proj4 equivalent here. */
  proj4: string | null;
}

/** Lower-case letters and digits only, for comparing names across spellings. */
export const normName = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const METHOD_PROJ: Record<string, string> = {};
for (const [proj, names] of Object.entries({
  tmerc: ['transversemercator', 'gausskruger'],
  laea: ['lambertazimuthalequalarea', 'lambertazimuthalequalareaspherical'],
  lcc: ['lambertconformalconic', 'lambertconformalconic2sp', 'lambertconicconformal2sp', 'lambertconformalconic1sp', 'lambertconicconformal1sp'],
  aea: ['albersconicequalarea', 'albersequalarea', 'albers'],
  merc: ['mercator', 'mercator1sp', 'mercator2sp', 'mercatorvarianta', 'mercatorvariantb'],
  sterea: ['obliquestereographic', 'doublestereographic'],
  stere: ['polarstereographic', 'polarstereographicvarianta', 'polarstereographicvariantb', 'stereographicnorthpole', 'stereographicsouthpole'],
  cass: ['cassini', 'cassinisoldner'],
  eqc: ['equidistantcylindrical', 'equirectangular', 'platecarree'],
  poly: ['polyconic', 'americanpolyconic'],
  cea: ['cylindricalequalarea', 'lambertcylindricalequalarea'],
  aeqd: ['azimuthalequidistant'],
  eqdc: ['equidistantconic'],
  sinu: ['sinusoidal'],
  moll: ['mollweide'],
  robin: ['robinson'],
  mill: ['millercylindrical'],
  eqearth: ['equalearth'],
})) {
  for (const n of names) METHOD_PROJ[n] = proj;
}
/** Web Mercator: spherical formulas on the datum's semi-major axis. */
const SPHERICAL_MERCATOR = new Set(['mercatorauxiliarysphere', 'popularvisualisationpseudomercator']);

const PARAM_KEY: Record<string, string> = {};
for (const [key, names] of Object.entries({
  lat_0: ['latitudeoforigin', 'latitudeofnaturalorigin', 'latitudeofcenter', 'latitudeofcentre', 'latitudeoffalseorigin', 'latitudeofprojectioncentre', 'latitudeofprojectioncenter'],
  lon_0: ['centralmeridian', 'longitudeofnaturalorigin', 'longitudeofcenter', 'longitudeofcentre', 'longitudeoffalseorigin', 'longitudeoforigin', 'longitudeofprojectioncentre', 'longitudeofprojectioncenter'],
  k_0: ['scalefactor', 'scalefactoratnaturalorigin', 'scalefactoronprojectioncentre'],
  x_0: ['falseeasting', 'eastingatfalseorigin', 'eastingatprojectioncentre'],
  y_0: ['falsenorthing', 'northingatfalseorigin', 'northingatprojectioncentre'],
  lat_1: ['standardparallel1', 'latitudeof1ststandardparallel'],
  lat_2: ['standardparallel2', 'latitudeof2ndstandardparallel'],
  lat_ts: ['latitudeofstandardparallel', 'standardparallel'],
})) {
  for (const n of names) PARAM_KEY[n] = key;
}
const LENGTH_KEYS = new Set(['x_0', 'y_0']);

/** Size of a UNIT / ANGLEUNIT / LENGTHUNIT node (radians or metres per unit); NaN when absent. */
const unitSize = (n: WktNode | undefined): number => numberArg(n, 1);
const RAD_TO_DEG = 180 / Math.PI;
/** Degrees per unit, with the usual 0.0174532925199433 rounded to exactly 1. */
const degreesPer = (radians: number): number => (Math.abs(radians * RAD_TO_DEG - 1) < 1e-9 ? 1 : radians * RAD_TO_DEG);

function geographicPart(g: WktNode): Pick<WktCrs, 'datum' | 'ellipsoid' | 'primeMeridian' | 'angularUnitDegrees'> | null {
  const datum = child(g, 'DATUM', 'ENSEMBLE');
  const sph = datum && child(datum, 'SPHEROID', 'ELLIPSOID');
  if (!datum || !sph) return null;
  const aUnit = unitSize(child(sph, 'LENGTHUNIT'));
  const a = numberArg(sph, 1) * (Number.isFinite(aUnit) ? aUnit : 1);
  const rf = numberArg(sph, 2);
  if (!(a > 0) || !(rf >= 0)) return null;
  const unit = child(g, 'UNIT', 'ANGLEUNIT') ?? children(g, 'CS', 'AXIS').flatMap((x) => children(x, 'ANGLEUNIT'))[0];
  const pm = child(g, 'PRIMEM');
  const pmUnit = unitSize(pm && child(pm, 'ANGLEUNIT'));
  const pmValue = numberArg(pm, 1);
  return {
    datum: { name: nameOf(datum), ...(epsgOf(datum) ? { epsg: epsgOf(datum)! } : {}) },
    ellipsoid: { name: nameOf(sph), a, rf },
    primeMeridian: Number.isFinite(pmValue) ? pmValue * (Number.isFinite(pmUnit) ? degreesPer(pmUnit) : 1) : 0,
    angularUnitDegrees: Number.isFinite(unitSize(unit)) ? degreesPer(unitSize(unit)) : 1,
  };
}

const fmt = (v: number): string => String(+v.toPrecision(15));

function ellipsoidText(c: Pick<WktCrs, 'ellipsoid' | 'primeMeridian'>): string {
  const { a, rf } = c.ellipsoid;
  return `${rf === 0 ? `+R=${fmt(a)}` : `+a=${fmt(a)} +rf=${fmt(rf)}`}${c.primeMeridian ? ` +pm=${fmt(c.primeMeridian)}` : ''}`;
}

/**
 * proj4 parameters of a projection from its method name and parameters (angles already in
 * degrees, lengths in metres); null when the method has no equivalent here.
 */
function projectionText(method: string, params: Map<string, number>, a: number): string | null {
  const m = normName(method);
  const p = new Map(params);
  let proj = METHOD_PROJ[m];
  let sphere = '';
  if (SPHERICAL_MERCATOR.has(m)) {
    proj = 'merc';
    sphere = ` +a=${fmt(a)} +b=${fmt(a)}`;
  }
  if (!proj) return null;
  // Parameters some methods name differently from proj4.
  if ((proj === 'merc' || proj === 'cea' || proj === 'eqc' || proj === 'stere') && p.has('lat_1') && !p.has('lat_ts')) {
    p.set('lat_ts', p.get('lat_1')!);
    p.delete('lat_1');
  }
  if (proj === 'stere' && !p.has('lat_0')) p.set('lat_0', (p.get('lat_ts') ?? 90) < 0 ? -90 : 90);
  if (proj === 'lcc' && !p.has('lat_1')) p.set('lat_1', p.get('lat_0') ?? 0);
  const text = [...p].map(([k, v]) => `+${k}=${fmt(v)}`).join(' ');
  return `+proj=${proj}${text ? ` ${text}` : ''}${sphere}`;
}

function projectedPart(root: WktNode, geog: ReturnType<typeof geographicPart> & object): Pick<WktCrs, 'method' | 'linearUnitMetres'> & { projection: string | null } {
  const conversion = child(root, 'CONVERSION') ?? root;
  const method = nameOf(child(conversion, 'PROJECTION', 'METHOD'));
  const unitNode = child(root, 'UNIT', 'LENGTHUNIT') ?? children(root, 'CS', 'AXIS').flatMap((x) => children(x, 'LENGTHUNIT'))[0];
  const linear = Number.isFinite(unitSize(unitNode)) ? unitSize(unitNode) : 1;
  const params = new Map<string, number>();
  for (const prm of children(conversion, 'PARAMETER')) {
    const key = PARAM_KEY[normName(nameOf(prm))];
    const raw = numberArg(prm, 1);
    if (!key || !Number.isFinite(raw)) continue;
    const ownUnit = unitSize(child(prm, 'ANGLEUNIT', 'LENGTHUNIT', 'SCALEUNIT'));
    let v = raw;
    if (LENGTH_KEYS.has(key)) v = raw * (Number.isFinite(ownUnit) ? ownUnit : linear);
    else if (key !== 'k_0') v = raw * (Number.isFinite(ownUnit) ? degreesPer(ownUnit) : geog.angularUnitDegrees);
    params.set(key, v);
  }
  return { method, linearUnitMetres: linear, projection: projectionText(method, params, geog.ellipsoid.a) };
}

/** The horizontal CRS node of a definition (the first part of a compound CRS, the source of a bound CRS). */
function horizontal(root: WktNode): WktNode | undefined {
  const kw = root.keyword;
  if (kw === 'COMPD_CS' || kw === 'COMPOUNDCRS') return children(root, 'PROJCS', 'GEOGCS', 'PROJCRS', 'GEOGCRS', 'GEODCRS')[0];
  if (kw === 'BOUNDCRS') {
    const src = child(root, 'SOURCECRS');
    return src && children(src, 'PROJCS', 'GEOGCS', 'PROJCRS', 'GEOGCRS', 'GEODCRS')[0];
  }
  return root;
}

/** Describe a parsed WKT CRS; null when it is not a geographic or projected CRS RiskAtlas can read. */
export function describeWkt(tree: WktNode): WktCrs | null {
  const root = horizontal(tree);
  if (!root) return null;
  const projected = root.keyword === 'PROJCS' || root.keyword === 'PROJCRS';
  const geogNode = projected ? child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS') : root;
  if (!geogNode || !['GEOGCS', 'GEOGCRS', 'GEODCRS', 'BASEGEOGCRS', 'BASEGEODCRS'].includes(geogNode.keyword)) return null;
  // A WKT2 GEODCRS may be geocentric (Cartesian): not a CRS layers are drawn in.
  const cs = child(root, 'CS');
  if (!projected && cs && !/ellipsoidal/i.test(JSON.stringify(cs.args[0]))) return null;
  const geog = geographicPart(geogNode);
  if (!geog) return null;
  const base = { name: nameOf(root), ...(epsgOf(root) ? { epsg: epsgOf(root)! } : {}), ...geog };
  if (!projected) return { ...base, kind: 'geographic', linearUnitMetres: 1, proj4: `+proj=longlat ${ellipsoidText(geog)}` };
  const proj = projectedPart(root, geog);
  const units = proj.linearUnitMetres === 1 ? '+units=m' : `+to_meter=${fmt(proj.linearUnitMetres)}`;
  return {
    ...base,
    kind: 'projected',
    method: proj.method,
    linearUnitMetres: proj.linearUnitMetres,
    proj4: proj.projection && `${proj.projection} ${/\+b=/.test(proj.projection) ? '' : `${ellipsoidText(geog)} `}${units}`,
  };
}
