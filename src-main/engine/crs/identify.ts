/**
 * Identification of a WKT CRS against the EPSG dataset, saying how sure it is:
 * declared — the WKT carries an EPSG authority for the CRS itself;
 * matched — no authority, but exactly the datum (by name), the ellipsoid and the projection
 *   (computed, not compared as text: the same point must land within 1 mm) of EPSG entries;
 *   entries that agree in all that are the same CRS, one is named;
 * unknown — anything else, with the most likely EPSG CRSs as candidates for the user to choose.
 * The ellipsoid alone never decides: a GRS80 .prj with datum "D_unknown" is unknown, not CGCS2000.
 */
import proj4 from 'proj4';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { CrsCandidate, CrsRef, Extent } from '../../../src-shared/layer';
import { boxCentre, boxContains, boxSize, epsgTable, type LonLatBox } from './epsgTable';
import { crsFromEpsg, isKnownEpsg } from './registry';
import { parseWkt } from './wktTree';
import { describeWkt, normName, type WktCrs } from './wktCrs';

/** How many candidates an unknown CRS lists. */
const MAX_CANDIDATES = 5;

/** Datum spellings Chinese GIS software writes that the EPSG dataset does not list. */
const EXTRA_DATUM_NAMES: Record<number, string[]> = { 1043: ['CGCS2000', 'CGCS_2000', 'China Geodetic Coordinate System 2000'] };

/** A datum name reduced to its words: ESRI's "D_" prefix and the words "datum"/"ensemble" dropped. */
const datumKey = (s: string): string =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w, i) => w && !(i === 0 && w === 'd') && w !== 'datum' && w !== 'ensemble')
    .join('');

let datumIndex: Map<number, Set<string>> | undefined;
function datumNames(code: number): Set<string> {
  datumIndex ??= new Map([...epsgTable().datumNames].map(([c, names]) => [c, new Set([...names, ...(EXTRA_DATUM_NAMES[c] ?? [])].map(datumKey))]));
  return datumIndex.get(code) ?? new Set();
}

interface Ellipsoid {
  a: number;
  rf: number;
  pm: number;
}
/** One compiled pattern per parameter name: the first identification reads thousands of EPSG entries (a new RegExp each time cost 60–70 ms of `riskatlas inspect`). */
const paramPatterns = new Map<string, RegExp>();
const num = (text: string, key: string): number | undefined => {
  let re = paramPatterns.get(key);
  if (!re) paramPatterns.set(key, (re = new RegExp(`(?:^|\\s)\\+${key}=([-+0-9.eE]+)`)));
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
};
/** The ellipsoid of proj4 text: +a with +rf or +b, or a sphere's +R (rf 0). */
function ellipsoidOf(text: string): Ellipsoid {
  const a = num(text, 'a') ?? num(text, 'R') ?? NaN;
  const b = num(text, 'b');
  return { a, rf: num(text, 'rf') ?? (b === undefined || b === a ? 0 : a / (a - b)), pm: num(text, 'pm') ?? 0 };
}
const sameEllipsoid = (e: Ellipsoid, c: WktCrs): boolean => Math.abs(e.a - c.ellipsoid.a) < 1e-3 && Math.abs(e.rf - c.ellipsoid.rf) < 1e-7 && Math.abs(e.pm - c.primeMeridian) < 1e-8;

/** Where a projection puts its origin parameters, UTM zones spelled out as the Transverse Mercator they are. */
function origin(text: string): { proj: string; lon0: number; x0: number; y0: number } {
  const proj = /\+proj=(\w+)/.exec(text)?.[1] ?? '';
  const zone = num(text, 'zone');
  if (proj === 'utm' && zone !== undefined) return { proj: 'tmerc', lon0: zone * 6 - 183, x0: 500000, y0: /\+south\b/.test(text) ? 10000000 : 0 };
  return { proj: proj === 'etmerc' ? 'tmerc' : proj, lon0: num(text, 'lon_0') ?? 0, x0: num(text, 'x_0') ?? 0, y0: num(text, 'y_0') ?? 0 };
}

/** Points to compare two projections at: the centre and four inner points of an area of use. */
function probes(area: LonLatBox | null): [number, number][] {
  if (!area) return [[0, 0]];
  const [lon, lat] = boxCentre(area);
  const w = (area[0] <= area[2] ? area[2] - area[0] : area[2] + 360 - area[0]) / 4;
  const h = (area[3] - area[1]) / 4;
  return [[lon, lat], [lon - w, lat - h], [lon + w, lat - h], [lon - w, lat + h], [lon + w, lat + h]];
}

/** True when two proj4 definitions put the probe points within 1 mm (in the CRS's unit) of each other. */
function sameProjection(a: string, b: string, area: LonLatBox | null): boolean {
  try {
    const pa = proj4(a);
    const pb = proj4(b);
    return probes(area).every((p) => {
      const [xa, ya] = pa.forward(p);
      const [xb, yb] = pb.forward(p);
      if (!Number.isFinite(xa!) || !Number.isFinite(xb!)) return Number.isFinite(xa!) === Number.isFinite(xb!);
      return Math.abs(xa! - xb!) < 1e-3 && Math.abs(ya! - yb!) < 1e-3;
    });
  } catch {
    return false;
  }
}

interface Candidate {
  code: number;
  name: string;
  names: string[];
  datum: number;
  deprecated: boolean;
  area: LonLatBox | null;
}

/**
 * Every entry with its ellipsoid parsed once (the first identification builds it). A projected
 * entry's origin and full definition are worked out only when its unit and ellipsoid agree with
 * the WKT's: parsing them for all five thousand entries cost most of `riskatlas inspect`'s start.
 */
interface Indexed extends Candidate {
  ellipsoid: Ellipsoid;
  /** Projected: unit in metres; geographic: unit in degrees. */
  unit: number;
  /** Projected: its projection as proj4 text, and its base's ellipsoid as proj4 text. */
  projection?: string;
  baseEllipsoid?: string;
  /** Projected: its origin, once worked out. */
  origin?: ReturnType<typeof origin>;
}
/** The full proj4 definition of a projected entry: a projection with its own sphere (Web Mercator) keeps it; the datum's ellipsoid must still agree. */
const definitionOf = (p: Indexed): string => (/\+a=/.test(p.projection!) ? p.projection! : `${p.projection!} ${p.baseEllipsoid!}`);
let index: { geographic: Indexed[]; projected: Indexed[] } | undefined;
function entries(): NonNullable<typeof index> {
  if (index) return index;
  const t = epsgTable();
  const geographic = [...t.geographic.values()].map((g): Indexed => ({ code: g.code, name: g.name, names: [g.name, ...g.esriNames], datum: g.datum, deprecated: g.deprecated, area: g.area, ellipsoid: ellipsoidOf(g.ellipsoid), unit: g.unitDegrees }));
  const baseEllipsoid = new Map(geographic.map((g) => [g.code, g.ellipsoid]));
  const projected = [...t.projected.values()].map((p): Indexed => {
    const base = t.geographic.get(p.base)!;
    // The base's ellipsoid as parsed above (thousands of projected CRSs share a few hundred bases).
    return { code: p.code, name: p.name, names: [p.name, ...p.esriNames], datum: base.datum, deprecated: p.deprecated, area: p.area, ellipsoid: baseEllipsoid.get(p.base)!, unit: p.unitMetres, projection: p.projection, baseEllipsoid: base.ellipsoid };
  });
  index = { geographic, projected };
  return index;
}

/** EPSG entries that compute exactly as the WKT does (ellipsoid, prime meridian, unit, projection), datum names aside. */
function sameParameters(c: WktCrs): Candidate[] {
  const { geographic, projected } = entries();
  if (c.kind === 'geographic') return c.angularUnitDegrees === 1 ? geographic.filter((g) => g.unit === 1 && sameEllipsoid(g.ellipsoid, c)) : [];
  if (!c.proj4) return [];
  const want = origin(c.proj4);
  const def = c.proj4;
  return projected.filter((p) => {
    if (!(Math.abs(p.unit - c.linearUnitMetres) <= 1e-9 * c.linearUnitMetres && sameEllipsoid(p.ellipsoid, c))) return false;
    const o = (p.origin ??= origin(p.projection!));
    return (
      o.proj === want.proj && Math.abs(o.x0 - want.x0) <= 1e-3 && Math.abs(o.y0 - want.y0) <= 1e-3 && Math.abs(o.lon0 - want.lon0) <= 1e-9 &&
      sameProjection(definitionOf(p), def, p.area)
    );
  });
}

/**
 * Most likely first: named like the WKT, in use (not deprecated), covering the layer; then, for
 * a geographic CRS, the one more projected CRSs are built on (SIRGAS 2000 before SIRGAS 1995);
 * then the most specific area; then the lowest code.
 */
function rank(list: Candidate[], c: WktCrs, where: LonLatBox | null): Candidate[] {
  const wanted = normName(c.name);
  const centre = where ? boxCentre(where) : null;
  const score = (x: Candidate): number =>
    (wanted && x.names.some((n) => normName(n) === wanted) ? 8 : 0) + (x.deprecated ? 0 : 4) + (centre && x.area && boxContains(x.area, centre[0], centre[1]) ? 2 : 0);
  const use = usage();
  return [...list].sort(
    (a, b) => score(b) - score(a) || (use.get(b.code) ?? 0) - (use.get(a.code) ?? 0) || (a.area ? boxSize(a.area) : Infinity) - (b.area ? boxSize(b.area) : Infinity) || a.code - b.code,
  );
}

let usageCount: Map<number, number> | undefined;
/** How many projected CRSs each geographic CRS is the base of. */
function usage(): Map<number, number> {
  if (!usageCount) {
    usageCount = new Map();
    for (const p of epsgTable().projected.values()) usageCount.set(p.base, (usageCount.get(p.base) ?? 0) + 1);
  }
  return usageCount;
}

/** Candidates for a CRS no entry matches: same-ellipsoid entries of its kind around the layer. */
function nearby(c: WktCrs, where: LonLatBox | null): Candidate[] {
  if (!where) return [];
  const [lon, lat] = boxCentre(where);
  const { geographic, projected } = entries();
  const list = c.kind === 'geographic' ? geographic : projected;
  const unit = c.kind === 'geographic' ? 1 : c.linearUnitMetres;
  return list.filter((x) => x.area && boxContains(x.area, lon, lat) && Math.abs(x.unit - unit) <= 1e-9 * unit && sameEllipsoid(x.ellipsoid, c));
}

/** The layer's extent as a lon/lat box, computed with the CRS's own definition (no datum shift: for choosing, not for placing). */
export function lonLatBoxOf(definition: string, geographic: boolean, extent: Extent | null | undefined): LonLatBox | null {
  if (!extent || !extent.every(Number.isFinite)) return null;
  if (geographic) return extent;
  try {
    const p = proj4(definition);
    const pts = [[extent[0], extent[1]], [extent[2], extent[3]], [extent[0], extent[3]], [extent[2], extent[1]], [(extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2]].map((q) => p.inverse(q));
    if (!pts.every((q) => Number.isFinite(q[0]!) && Number.isFinite(q[1]!))) return null;
    return [Math.min(...pts.map((q) => q[0]!)), Math.min(...pts.map((q) => q[1]!)), Math.max(...pts.map((q) => q[0]!)), Math.max(...pts.map((q) => q[1]!))];
  } catch {
    return null;
  }
}

/**
 * Identify the CRS of a WKT text (.prj contents, a GeoPackage definition, a GeoTIFF citation):
 * declared by its own EPSG authority, matched by datum name, ellipsoid and projection, or
 * unknown — then `epsg` is null, `proj4` is the WKT's own definition (the layer can be drawn)
 * and `identification.candidates` lists the most likely EPSG CRSs.
 * @param source where the text came from, for the user (".prj", "GeoPackage srs table", …).
 * @param extent the layer's extent in the WKT's CRS, to rank candidates and choose the datum shift.
 * Throws E_CRS_MISSING for an empty text and E_CRS_UNKNOWN for text that is no CRS RiskAtlas can read.
 */
export function identifyWkt(wkt: string, source: string, extent?: Extent | null): CrsRef {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  if (!text) throw new RiskAtlasError('E_CRS_MISSING', `the ${source} is empty`);
  const tree = parseWkt(text);
  const c = tree && describeWkt(tree);
  if (!c) throw new RiskAtlasError('E_CRS_UNKNOWN', `unrecognised CRS in the ${source}: ${text.slice(0, 80)}`);
  const where = c.proj4 ? lonLatBoxOf(c.proj4, c.kind === 'geographic', extent) : null;
  if (c.epsg !== undefined && isKnownEpsg(c.epsg)) return crsFromEpsg(c.epsg, { level: 'declared', source: `EPSG authority in the ${source}` }, where);
  const params = sameParameters(c);
  const wanted = datumKey(c.datum.name);
  const agreeing = params.filter((x) => (c.datum.epsg !== undefined && c.datum.epsg === x.datum) || (wanted !== '' && datumNames(x.datum).has(wanted)));
  const best = rank(agreeing, c, where)[0];
  if (best) return crsFromEpsg(best.code, { level: 'matched', source: `${source} parameters (datum, ellipsoid, projection)` }, where);
  const candidates: CrsCandidate[] = rank(params.length ? params : nearby(c, where), c, where)
    .slice(0, MAX_CANDIDATES)
    .map((x) => ({ epsg: x.code, name: x.name }));
  let definition = c.proj4;
  if (!definition) {
    try {
      proj4(text); // proj4's own WKT reader: the layer can at least be drawn
      definition = text;
    } catch (err) {
      throw new RiskAtlasError('E_CRS_UNKNOWN', `unsupported projection "${c.method ?? '?'}" in the ${source}`, { cause: err });
    }
  }
  const why = c.epsg !== undefined ? ` (declares EPSG:${c.epsg}, which RiskAtlas cannot compute)` : '';
  return { epsg: null, name: `${c.name || 'unnamed CRS'}${why}`, proj4: definition, identification: { level: 'unknown', source, candidates } };
}
