/**
 * The coordinate reference systems RiskAtlas knows by EPSG code, as proj4 definitions:
 * CGCS2000 geographic (4490) and all its Gauss-Krüger zones (4491–4554), WGS84, Web
 * Mercator, WGS84 UTM zones, and the older Beijing 1954 (4214, GK 21413–21423, 21453–21463,
 * 2401–2442) and Xi'an 1980 (4610, GK 2327–2390) systems.
 */
import proj4 from 'proj4';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { CrsRef } from '../../../src-shared/layer';

interface CrsDef {
  name: string;
  /** Name as ESRI writes it in .prj files. */
  esriName: string;
  proj4: string;
  geographic: boolean;
}

const GRS80_LONGLAT = '+proj=longlat +ellps=GRS80 +no_defs';
/** Krassowsky 1940 with the commonly published 3-parameter shift to WGS84 (metre-level at best). */
const BEIJING54_ELLPS = '+ellps=krass +towgs84=15.8,-154.4,-82.3,0,0,0,0';
/** IAG 1975; Xi'an 1980 has no published shift, so positions in it are approximate (tens of metres). */
const XIAN80_ELLPS = '+a=6378140 +b=6356755.288157528';
const tmerc = (lon0: number, x0: number, ellps: string): string => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 ${ellps} +units=m +no_defs`;

/** EPSG numbering of one datum's Gauss-Krüger zones: the first code of each of the four series. */
interface GaussKrugerSeries {
  name: string;
  esri: string;
  ellps: string;
  /** 6-degree zones 13–23 (CM 75°E–135°E) with the zone number prefixed to the false easting. */
  sixZone: number;
  /** The same 6-degree zones without the prefix (false easting 500 km). */
  sixCm: number;
  /** 3-degree zones 25–45 (CM 75°E–135°E) with the prefix. */
  threeZone: number;
  /** The same 3-degree zones without the prefix. */
  threeCm: number;
}

function addGaussKruger(r: Map<number, CrsDef>, s: GaussKrugerSeries): void {
  for (let i = 0; i <= 10; i++) {
    const zone = 13 + i;
    const cm = 75 + 6 * i;
    r.set(s.sixZone + i, { name: `${s.name} / Gauss-Kruger zone ${zone}`, esriName: `${s.esri}_GK_Zone_${zone}`, proj4: tmerc(cm, zone * 1_000_000 + 500_000, s.ellps), geographic: false });
    r.set(s.sixCm + i, { name: `${s.name} / Gauss-Kruger CM ${cm}E`, esriName: `${s.esri}_GK_CM_${cm}E`, proj4: tmerc(cm, 500_000, s.ellps), geographic: false });
  }
  for (let i = 0; i <= 20; i++) {
    const zone = 25 + i;
    const cm = 75 + 3 * i;
    r.set(s.threeZone + i, { name: `${s.name} / 3-degree Gauss-Kruger zone ${zone}`, esriName: `${s.esri}_3_Degree_GK_Zone_${zone}`, proj4: tmerc(cm, zone * 1_000_000 + 500_000, s.ellps), geographic: false });
    r.set(s.threeCm + i, { name: `${s.name} / 3-degree Gauss-Kruger CM ${cm}E`, esriName: `${s.esri}_3_Degree_GK_CM_${cm}E`, proj4: tmerc(cm, 500_000, s.ellps), geographic: false });
  }
}

function buildRegistry(): Map<number, CrsDef> {
  const r = new Map<number, CrsDef>();
  r.set(4490, { name: 'China Geodetic Coordinate System 2000', esriName: 'GCS_China_Geodetic_Coordinate_System_2000', proj4: GRS80_LONGLAT, geographic: true });
  r.set(4326, { name: 'WGS 84', esriName: 'GCS_WGS_1984', proj4: '+proj=longlat +datum=WGS84 +no_defs', geographic: true });
  r.set(3857, {
    name: 'WGS 84 / Pseudo-Mercator',
    esriName: 'WGS_1984_Web_Mercator_Auxiliary_Sphere',
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    geographic: false,
  });
  // The older datums are here so old survey data can be opened, shown and flagged, not for
  // precise work (see the shifts above).
  r.set(4214, { name: 'Beijing 1954', esriName: 'GCS_Beijing_1954', proj4: `+proj=longlat ${BEIJING54_ELLPS} +no_defs`, geographic: true });
  r.set(4610, { name: 'Xian 1980', esriName: 'GCS_Xian_1980', proj4: `+proj=longlat ${XIAN80_ELLPS} +no_defs`, geographic: true });
  // Gauss-Krüger zones of the three Chinese datums, numbered as EPSG numbers them.
  addGaussKruger(r, { name: 'CGCS2000', esri: 'CGCS2000', ellps: '+ellps=GRS80', sixZone: 4491, sixCm: 4502, threeZone: 4513, threeCm: 4534 });
  addGaussKruger(r, { name: 'Xian 1980', esri: 'Xian_1980', ellps: XIAN80_ELLPS, sixZone: 2327, sixCm: 2338, threeZone: 2349, threeCm: 2370 });
  addGaussKruger(r, { name: 'Beijing 1954', esri: 'Beijing_1954', ellps: BEIJING54_ELLPS, sixZone: 21413, sixCm: 21453, threeZone: 2401, threeCm: 2422 });
  // WGS 84 / UTM: DEMs and remote-sensing products often arrive in these (China: zones 43–53N).
  for (let zone = 1; zone <= 60; zone++) {
    r.set(32600 + zone, { name: `WGS 84 / UTM zone ${zone}N`, esriName: `WGS_1984_UTM_Zone_${zone}N`, proj4: `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`, geographic: false });
    r.set(32700 + zone, { name: `WGS 84 / UTM zone ${zone}S`, esriName: `WGS_1984_UTM_Zone_${zone}S`, proj4: `+proj=utm +zone=${zone} +south +datum=WGS84 +units=m +no_defs`, geographic: false });
  }
  return r;
}

const REGISTRY = buildRegistry();

/** All EPSG codes RiskAtlas knows. */
export function knownEpsgCodes(): number[] {
  return [...REGISTRY.keys()];
}

/** True when RiskAtlas has a definition for this EPSG code. */
export function isKnownEpsg(epsg: number): boolean {
  return REGISTRY.has(epsg);
}

/** True for a known geographic (degree) CRS. */
export function isGeographic(epsg: number): boolean {
  return REGISTRY.get(epsg)?.geographic ?? false;
}

/** The ESRI .prj name of a known code (used to recognise and write .prj files). */
export function esriName(epsg: number): string | undefined {
  return REGISTRY.get(epsg)?.esriName;
}

/**
 * The CRS for an EPSG code: name and proj4 definition (axis order x = easting/longitude).
 * Throws E_CRS_UNKNOWN (params.epsg) for codes RiskAtlas does not know.
 */
export function crsFromEpsg(epsg: number): CrsRef {
  const def = REGISTRY.get(epsg);
  if (!def) throw new RiskAtlasError('E_CRS_UNKNOWN', `EPSG:${epsg} is not a CRS RiskAtlas knows`, { params: { epsg: String(epsg) } });
  return { epsg, name: def.name, proj4: def.proj4 };
}

/**
 * Register every known CRS with a proj4 instance as "EPSG:<code>", so that code elsewhere
 * (OpenLayers in the renderer) can refer to CGCS2000 zones by code.
 */
export function registerAll(p: typeof proj4): void {
  for (const [code, def] of REGISTRY) p.defs(`EPSG:${code}`, def.proj4);
}

const cache = new Map<string, (x: number, y: number) => [number, number]>();

/**
 * A coordinate transform between two EPSG codes: takes and returns (x, y) in the units of
 * each CRS — metres for projected, degrees for geographic, x = easting/longitude,
 * y = northing/latitude. Identity when the codes are equal; cached per pair.
 * Throws E_CRS_UNKNOWN for an unknown code. CGCS2000 ↔ WGS84 is treated as identity
 * (they differ by centimetres, below any census grid).
 */
export function transformer(fromEpsg: number, toEpsg: number): (x: number, y: number) => [number, number] {
  if (fromEpsg === toEpsg) return (x, y) => [x, y];
  const key = `${fromEpsg}>${toEpsg}`;
  let t = cache.get(key);
  if (!t) {
    const conv = proj4(crsFromEpsg(fromEpsg).proj4, crsFromEpsg(toEpsg).proj4);
    t = (x, y) => conv.forward([x, y]) as [number, number];
    cache.set(key, t);
  }
  return t;
}
