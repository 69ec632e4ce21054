/**
 * .prj / WKT ↔ EPSG. Survey data arrives with ESRI-style .prj files ("CGCS2000_3_Degree_GK_CM_111E")
 * or OGC WKT (1 or 2) with an EPSG authority; both are recognised, first by the top-level
 * authority, then by name, then by the projection's parameters. A CRS that cannot be
 * recognised is kept as its WKT (epsg null) when proj4 can read it, so nothing is guessed silently.
 */
import proj4 from 'proj4';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { CrsRef } from '../../../src-shared/layer';
import { crsFromEpsg, esriName, isKnownEpsg, knownEpsgCodes } from './registry';

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const BY_NAME = new Map<string, number>();
for (const code of knownEpsgCodes()) {
  BY_NAME.set(norm(crsFromEpsg(code).name), code);
  BY_NAME.set(norm(esriName(code)!), code);
}
// Other spellings seen in county data and written by ArcGIS, QGIS, SuperMap and MapGIS.
for (const [alias, code] of [
  ['CGCS2000', 4490],
  ['CGCS_2000', 4490],
  ['GCS_CGCS_2000', 4490],
  ['GCS_CGCS2000', 4490],
  ['China_2000', 4490],
  ['GCS_China_2000', 4490],
  ['China Geodetic Coordinate System 2000', 4490],
  ['WGS_84', 4326],
  ['WGS84', 4326],
  ['WGS_1984', 4326],
  ['GCS_WGS_84', 4326],
  ['WGS_1984_Web_Mercator', 3857],
  ['WGS_84_Pseudo_Mercator', 3857],
  ['Popular Visualisation CRS / Mercator', 3857],
] as const)
  BY_NAME.set(norm(alias), code);

/** Bracket depth at each position, ignoring brackets inside quoted strings. */
function depthAt(text: string, pos: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < pos; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '[' || c === '(')) depth++;
    else if (!quoted && (c === ']' || c === ')')) depth--;
  }
  return depth;
}

/**
 * The EPSG code of the CRS itself. Only an authority directly inside the outermost node counts:
 * inner ones name the datum, the base CRS or (WKT2) the conversion method, not the CRS.
 */
function topLevelEpsg(text: string): number | undefined {
  for (const m of text.matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?/gi)) {
    if (depthAt(text, m.index!) === 1) return Number(m[1]);
  }
  return undefined;
}

function param(wkt: string, name: RegExp): number | undefined {
  const re = /PARAMETER\[\s*"([^"]+)"\s*,\s*([-+0-9.eE]+)/gi;
  for (let m = re.exec(wkt); m; m = re.exec(wkt)) if (name.test(m[1]!)) return Number(m[2]);
  return undefined;
}

/** Inverse flattening of the first ellipsoid in the text (SPHEROID or ELLIPSOID node). */
function inverseFlattening(wkt: string): number | undefined {
  const m = /(?:SPHEROID|ELLIPSOID)\[\s*"[^"]*"\s*,\s*[-+0-9.eE]+\s*,\s*([-+0-9.eE]+)/i.exec(wkt);
  return m ? Number(m[1]) : undefined;
}

const near = (a: number | undefined, b: number, tol: number): boolean => a !== undefined && Math.abs(a - b) <= tol;

type Datum = 'cgcs2000' | 'xian80' | 'beijing54' | 'wgs84';

/**
 * The datum of a WKT, by name first and then by its ellipsoid's inverse flattening:
 * CGCS2000 298.257222101 (GRS80 differs by 0.1 mm), Xi'an 1980 / IAG 1975 298.257,
 * Beijing 1954 / Krassowsky 298.3, WGS84 298.257223563.
 */
function datumOf(wkt: string): Datum | undefined {
  if (/Xian|Xi'an|IAG[_ ]?1975/i.test(wkt)) return 'xian80';
  if (/Beijing|Krassowsky|Krasovsky/i.test(wkt)) return 'beijing54';
  if (/CGCS|China[_ ]?(Geodetic|2000)/i.test(wkt)) return 'cgcs2000';
  const rf = inverseFlattening(wkt);
  if (/WGS[_ ]?(19)?84/i.test(wkt) && near(rf ?? 298.257223563, 298.257223563, 1e-6)) return 'wgs84';
  if (near(rf, 298.257222101, 1e-6)) return 'cgcs2000';
  if (near(rf, 298.257, 1e-9)) return 'xian80';
  if (near(rf, 298.3, 1e-9)) return 'beijing54';
  return undefined;
}

const GEOGRAPHIC: Record<Datum, number> = { cgcs2000: 4490, xian80: 4610, beijing54: 4214, wgs84: 4326 };
/** The proj4 ellipsoid text each datum's Gauss-Krüger zones carry in the registry. */
const GK_ELLIPSOID: Partial<Record<Datum, string>> = { cgcs2000: '+ellps=GRS80', xian80: '+a=6378140 ', beijing54: '+ellps=krass' };

/** Recognise geographic CRSs and Gauss-Krüger zones of the Chinese datums by their parameters. */
function byParameters(wkt: string): number | undefined {
  const datum = datumOf(wkt);
  if (!datum) return undefined;
  if (/^\s*(GEOGCS|GEOGCRS|GEODCRS)\b/i.test(wkt)) return GEOGRAPHIC[datum];
  const ellps = GK_ELLIPSOID[datum];
  if (!ellps || !/Transverse[_ ]Mercator|Gauss[_ -]?Kruger/i.test(wkt)) return undefined;
  const cm = param(wkt, /central_meridian|longitude of natural origin|longitude of origin/i);
  const fe = param(wkt, /false_easting|false easting/i);
  // A GK zone has k = 1, origin on the equator and no false northing; anything else is another projection.
  const k = param(wkt, /scale_factor|scale factor/i) ?? 1;
  const fn = param(wkt, /false_northing|false northing/i) ?? 0;
  const lat0 = param(wkt, /latitude_of_origin|latitude of natural origin/i) ?? 0;
  if (cm === undefined || fe === undefined || k !== 1 || fn !== 0 || lat0 !== 0) return undefined;
  const matches = knownEpsgCodes().filter((code) => {
    const def = crsFromEpsg(code).proj4;
    return def.startsWith('+proj=tmerc') && def.includes(ellps) && def.includes(`+lon_0=${cm} `) && def.includes(`+x_0=${fe} `);
  });
  // Without a zone prefix a 6° CM (75°E, 81°E …) is also a 3° CM: the 3° code is the county-scale one ArcGIS writes.
  return matches.find((code) => crsFromEpsg(code).name.includes('3-degree')) ?? matches[0];
}

/**
 * The CRS of a WKT text (.prj contents, WKT1 ESRI or OGC, or WKT2).
 * Recognition order: top-level EPSG authority, CRS name, then datum (by name or ellipsoid) and
 * Gauss-Krüger parameters for CGCS2000, Xi'an 1980 and Beijing 1954. When none
 * gives a code RiskAtlas knows, the result has `epsg: null` and the WKT itself as the proj4
 * definition (proj4 accepts WKT), so the layer can still be shown but is never silently
 * treated as a known CRS.
 * Throws E_CRS_MISSING for an empty text and E_CRS_UNKNOWN when proj4 cannot read it either.
 */
export function crsFromWkt(wkt: string): CrsRef {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  if (!text) throw new RiskAtlasError('E_CRS_MISSING', 'the .prj file is empty');
  const auth = topLevelEpsg(text);
  if (auth !== undefined && isKnownEpsg(auth)) return crsFromEpsg(auth);
  const name = /^\s*(?:PROJCS|GEOGCS|GEOCCS|PROJCRS|GEOGCRS|GEODCRS)\[\s*"([^"]+)"/i.exec(text)?.[1];
  const byName = name ? BY_NAME.get(norm(name)) : undefined;
  if (byName !== undefined) return crsFromEpsg(byName);
  const byParams = byParameters(text);
  if (byParams !== undefined) return crsFromEpsg(byParams);
  try {
    proj4(text); // throws when proj4's WKT parser cannot make a projection of it
  } catch (err) {
    throw new RiskAtlasError('E_CRS_UNKNOWN', `unrecognised CRS: ${text.slice(0, 80)}`, { cause: err });
  }
  const label = `${name ?? 'unnamed CRS'}${auth !== undefined ? ` (EPSG:${auth})` : ''}`;
  return { epsg: null, name: label, proj4: text };
}

const GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_WGS84 = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/**
 * ESRI-style WKT for a .prj file, as ArcGIS writes it, for CGCS2000 (4490 and every
 * Gauss-Krüger zone 4491–4554) and WGS84 (4326). Throws E_CRS_UNKNOWN for other codes.
 */
export function crsToWkt(epsg: number): string {
  if (epsg === 4490) return GCS_CGCS2000;
  if (epsg === 4326) return GCS_WGS84;
  if (epsg >= 4491 && epsg <= 4554) {
    const def = crsFromEpsg(epsg).proj4;
    const cm = Number(/\+lon_0=([-0-9.]+)/.exec(def)![1]);
    const fe = Number(/\+x_0=([-0-9.]+)/.exec(def)![1]);
    return (
      `PROJCS["${esriName(epsg)}",${GCS_CGCS2000},PROJECTION["Gauss_Kruger"],` +
      `PARAMETER["False_Easting",${fe.toFixed(1)}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm.toFixed(1)}],` +
      `PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
    );
  }
  throw new RiskAtlasError('E_CRS_UNKNOWN', `no .prj text for EPSG:${epsg}`, { params: { epsg: String(epsg) } });
}
