/**
 * The coordinate reference systems RiskAtlas knows by EPSG code — every geographic 2D and
 * projected CRS of the EPSG dataset that proj4 can compute (resources/crs/epsg.json) — and
 * coordinate transforms between them, datum shifts included (see datumShift.ts).
 */
import proj4 from 'proj4';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { CrsLevel, CrsRef } from '../../../src-shared/layer';
import { epsgTable, type LonLatBox } from './epsgTable';
import { chooseShift, datumRoute, type DatumRoute, type DatumSide } from './datumShift';

/** True when RiskAtlas can compute with this EPSG code (a geographic CRS in degrees or a projected CRS). */
export function isKnownEpsg(epsg: number): boolean {
  const t = epsgTable();
  return t.projected.has(epsg) || t.geographic.get(epsg)?.unitDegrees === 1;
}

/** True for a known geographic (degree) CRS. */
export function isGeographic(epsg: number): boolean {
  return epsgTable().geographic.get(epsg)?.unitDegrees === 1;
}

/** Metres per unit of a projected CRS (1 for metres, 0.3048006… for US survey feet); null for a geographic or unknown code. */
export function linearUnitMetres(epsg: number): number | null {
  return epsgTable().projected.get(epsg)?.unitMetres ?? null;
}

/** The geographic CRS a code rests on: itself for a geographic CRS, the base of a projected one. */
export function baseGeographic(epsg: number): number | undefined {
  const t = epsgTable();
  return t.geographic.has(epsg) ? epsg : t.projected.get(epsg)?.base;
}

/** The names ArcGIS writes for a projected CRS in .prj files (empty when it has none). */
export function esriNames(epsg: number): string[] {
  return epsgTable().projected.get(epsg)?.esriNames ?? [];
}

function unknownCode(epsg: number): never {
  const geog = epsgTable().geographic.get(epsg);
  const why = geog ? `EPSG:${epsg} (${geog.name}) counts its angles in a unit other than degrees` : `EPSG:${epsg} is not a geographic or projected CRS of the EPSG dataset that RiskAtlas can compute`;
  throw new RiskAtlasError('E_CRS_UNKNOWN', why, { params: { epsg: String(epsg) } });
}

/** proj4 text of a code without any datum shift. */
function definitionOf(epsg: number): { base: number; proj4: string } {
  const t = epsgTable();
  const p = t.projected.get(epsg);
  if (p) {
    const ellipsoid = t.geographic.get(p.base)!.ellipsoid;
    return { base: p.base, proj4: /\+(a|R)=/.test(p.projection) ? p.projection : `${p.projection} ${ellipsoid}` };
  }
  if (!isGeographic(epsg)) unknownCode(epsg);
  return { base: epsg, proj4: `+proj=longlat ${t.geographic.get(epsg)!.ellipsoid}` };
}

/** How a layer's CRS was arrived at: its level and what it rests on (see {@link CrsLevel}). */
export interface CrsFrom {
  level: CrsLevel;
  source: string;
}

/**
 * The CRS for an EPSG code: name and proj4 definition (x = easting/longitude), with the datum
 * shift to WGS 84 chosen for data at `where` (lon/lat box; the CRS's own area when absent).
 * @param from how the code was arrived at (default: declared by a file).
 * Throws E_CRS_UNKNOWN (params.epsg) for codes RiskAtlas cannot compute with.
 */
export function crsFromEpsg(epsg: number, from: CrsFrom = { level: 'declared', source: 'EPSG code' }, where: LonLatBox | null = null): CrsRef {
  const { base, proj4: def } = definitionOf(epsg);
  const name = epsgTable().projected.get(epsg)?.name ?? epsgTable().geographic.get(epsg)!.name;
  const choice = chooseShift(base, where);
  return {
    epsg,
    name,
    proj4: `${def}${choice.towgs84 ? ` +towgs84=${choice.towgs84}` : ''} +no_defs`,
    identification: { level: from.level, source: from.source },
    datumShift: choice.shift,
  };
}

/** A CRS given by code or as a layer's CrsRef (which carries the datum shift chosen for the layer). */
export type CrsKey = number | CrsRef;

interface Resolved extends DatumSide {
  /** proj4 text without +towgs84, and the +towgs84 value. */
  plain: string;
  towgs84: string | null;
}

const TOWGS84 = /\s*\+towgs84=(\S+)/;

function resolve(key: CrsKey): Resolved {
  const crs = typeof key === 'number' ? crsFromEpsg(key) : key;
  const towgs84 = TOWGS84.exec(crs.proj4)?.[1] ?? null;
  const base = crs.epsg === null ? undefined : baseGeographic(crs.epsg);
  return {
    name: crs.name,
    plain: crs.proj4.replace(TOWGS84, ''),
    towgs84,
    datum: base === undefined ? `proj4:${crs.proj4}` : epsgTable().geographic.get(base)!.datum,
    shift: crs.datumShift,
  };
}

/** How coordinates move between the datums of two CRSs (for provenance and QC). */
export function datumRouteBetween(from: CrsKey, to: CrsKey): DatumRoute {
  return datumRoute(resolve(from), resolve(to));
}

const cache = new Map<string, (x: number, y: number) => [number, number]>();

/**
 * A coordinate transform between two CRSs: takes and returns (x, y) in the units of each CRS —
 * metres (or the CRS's unit) for projected, degrees for geographic, x = easting/longitude,
 * y = northing/latitude. On one datum no shift is applied; between datums with published
 * shifts both are applied through WGS 84; otherwise longitude/latitude are carried over
 * unchanged (see {@link datumRouteBetween} for which and how accurate). Identity for the same
 * code; cached per pair of definitions. Throws E_CRS_UNKNOWN for a code RiskAtlas cannot compute with.
 */
export function transformer(from: CrsKey, to: CrsKey): (x: number, y: number) => [number, number] {
  if (typeof from === 'number' && from === to) return (x, y) => [x, y];
  const a = resolve(from);
  const b = resolve(to);
  const shifted = a.datum !== b.datum && a.towgs84 !== null && b.towgs84 !== null;
  const defA = shifted ? `${a.plain} +towgs84=${a.towgs84}` : a.plain;
  const defB = shifted ? `${b.plain} +towgs84=${b.towgs84}` : b.plain;
  if (defA === defB) return (x, y) => [x, y];
  const key = `${defA}>${defB}`;
  let t = cache.get(key);
  if (!t) {
    const conv = proj4(defA, defB);
    t = (x, y) => conv.forward([x, y]) as [number, number];
    cache.set(key, t);
  }
  return t;
}
