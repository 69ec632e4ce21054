/**
 * .prj / WKT ↔ EPSG. Survey data arrives with ESRI-style .prj files ("CGCS2000_3_Degree_GK_CM_111E")
 * or OGC WKT with an EPSG authority; both are recognised, first by authority, then by
 * name, then by the projection's parameters. A CRS that cannot be recognised is kept as
 * its WKT (epsg null) when proj4 can read it, so nothing is guessed silently.
 */
import proj4 from 'proj4';
import { RiskAtlasError } from '../errors';
import type { CrsRef } from '../io/layer';
import { crsFromEpsg, esriName, isGeographic, knownEpsgCodes } from './registry';

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const BY_NAME = new Map<string, number>();
for (const code of knownEpsgCodes()) {
  BY_NAME.set(norm(crsFromEpsg(code).name), code);
  BY_NAME.set(norm(esriName(code)!), code);
}
// Other spellings seen in county data.
for (const [alias, code] of [
  ['CGCS2000', 4490],
  ['CGCS_2000', 4490],
  ['GCS_CGCS_2000', 4490],
  ['China_2000', 4490],
  ['WGS_84', 4326],
  ['WGS84', 4326],
  ['WGS 84', 4326],
  ['WGS_1984_Web_Mercator', 3857],
  ['WGS_84_Pseudo_Mercator', 3857],
] as const)
  BY_NAME.set(norm(alias), code);

function param(wkt: string, name: RegExp): number | undefined {
  const re = /PARAMETER\["([^"]+)",\s*([-+0-9.eE]+)/g;
  for (let m = re.exec(wkt); m; m = re.exec(wkt)) if (name.test(m[1]!)) return Number(m[2]);
  return undefined;
}

/** Recognise a CGCS2000 Gauss-Krüger projection by central meridian and false easting. */
function byParameters(wkt: string): number | undefined {
  const isCgcs = /CGCS|China[_ ]?(Geodetic|2000)|GRS[_ ]?1980|GRS80/i.test(wkt) && !/Xian|Xi'an|Beijing/i.test(wkt);
  if (/^\s*GEOG(CS|CRS)/i.test(wkt)) {
    if (isCgcs) return 4490;
    if (/WGS[_ ]?(19)?84/i.test(wkt)) return 4326;
    return undefined;
  }
  if (!isCgcs || !/Transverse_Mercator|Gauss_Kruger|Gauss-Kruger/i.test(wkt)) return undefined;
  const cm = param(wkt, /central_meridian|longitude of natural origin/i);
  const fe = param(wkt, /false_easting/i);
  if (cm === undefined || fe === undefined) return undefined;
  for (const code of knownEpsgCodes()) {
    if (code < 4491 || code > 4554) continue;
    const def = crsFromEpsg(code).proj4;
    if (def.includes(`+lon_0=${cm} `) && def.includes(`+x_0=${fe} `)) return code;
  }
  return undefined;
}

/**
 * The CRS of a WKT text (.prj contents or a GeoTIFF's citation).
 * Throws E_CRS_UNKNOWN when neither RiskAtlas nor proj4 can make sense of it.
 */
export function crsFromWkt(wkt: string): CrsRef {
  const text = wkt.trim();
  if (!text) throw new RiskAtlasError('E_CRS_MISSING', 'the .prj file is empty');
  // The outermost authority is the last one in the text.
  const auth = [...text.matchAll(/(?:AUTHORITY|ID)\["EPSG",\s*"?(\d+)"?\]/gi)].pop();
  if (auth) {
    const code = Number(auth[1]);
    if (knownEpsgCodes().includes(code)) return crsFromEpsg(code);
  }
  const name = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|BASEGEOGCRS)\["([^"]+)"/i.exec(text)?.[1];
  const byName = name ? BY_NAME.get(norm(name)) : undefined;
  if (byName !== undefined) return crsFromEpsg(byName);
  const byParams = byParameters(text);
  if (byParams !== undefined) return crsFromEpsg(byParams);
  try {
    proj4(text); // proj4 accepts WKT as a definition; keep it when it parses
    return { epsg: auth ? Number(auth[1]) : null, name: name ?? 'unnamed CRS', proj4: text };
  } catch {
    throw new RiskAtlasError('E_CRS_UNKNOWN', `unrecognised CRS: ${text.slice(0, 80)}`);
  }
}

const GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_WGS84 = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/**
 * ESRI-style WKT for a .prj file, as ArcGIS and QGIS write it, for CGCS2000 (geographic and
 * every Gauss-Krüger zone) and WGS84. Throws E_CRS_UNKNOWN for other codes.
 */
export function crsToWkt(epsg: number): string {
  if (epsg === 4490) return GCS_CGCS2000;
  if (epsg === 4326) return GCS_WGS84;
  if (epsg >= 4491 && epsg <= 4554 && !isGeographic(epsg)) {
    const def = crsFromEpsg(epsg).proj4;
    const cm = Number(/\+lon_0=([-0-9.]+)/.exec(def)![1]);
    const fe = Number(/\+x_0=([-0-9.]+)/.exec(def)![1]);
    return (
      `PROJCS["${esriName(epsg)}",${GCS_CGCS2000},PROJECTION["Gauss_Kruger"],` +
      `PARAMETER["False_Easting",${fe.toFixed(1)}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm.toFixed(1)}],` +
      `PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
    );
  }
  throw new RiskAtlasError('E_CRS_UNKNOWN', `no .prj text for EPSG:${epsg}`);
}
