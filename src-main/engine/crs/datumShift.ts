/**
 * Datum shifts: which published transformation to WGS 84 a layer's datum gets, and what
 * moving coordinates between two datums costs in accuracy. Only grid-free (Helmert)
 * transformations are applied — proj4's +towgs84 — chosen as PROJ chooses: among those whose
 * area of use holds the layer, the most accurate. Where EPSG publishes none for the place,
 * positions are carried over unchanged in longitude/latitude (PROJ's "ballpark"), and that is
 * said, never done silently.
 */
import type { DatumShift } from '../../../src-shared/layer';
import { boxCentre, boxContains, boxSize, epsgTable, type LonLatBox, type ShiftDef } from './epsgTable';

/** EPSG datum code of WGS 84 (the ensemble): the hub every shift leads to. */
const WGS84_DATUM = 6326;

/** The shift a geographic CRS gets at a place, as proj4 text and as the layer reports it (null: none published there). */
export interface ShiftChoice {
  /** +towgs84 value, or null when no shift applies (positions then carried over unchanged). */
  towgs84: string | null;
  shift: DatumShift | null;
}

const better = (a: ShiftDef, b: ShiftDef): number =>
  (a.accuracy ?? Infinity) - (b.accuracy ?? Infinity) || (a.area ? boxSize(a.area) : Infinity) - (b.area ? boxSize(b.area) : Infinity) || a.code - b.code;

const asShift = (s: ShiftDef): DatumShift => ({ code: s.code, name: s.name, accuracy: s.accuracy, area: s.areaName });

/**
 * The shift to WGS 84 for geographic CRS `geog` (an EPSG code) for data at `where` (lon/lat
 * box of the layer; null when unknown: the CRS's own area of use is taken). WGS 84 itself and
 * CGCS2000 (taken as equal to WGS 84, see the table's statedNullShifts) get a null shift.
 */
export function chooseShift(geog: number, where: LonLatBox | null): ShiftChoice {
  const t = epsgTable();
  const def = t.geographic.get(geog);
  if (!def) return { towgs84: null, shift: null };
  if (def.datum === WGS84_DATUM) return { towgs84: '0,0,0', shift: { code: null, name: 'WGS 84', accuracy: 0, area: 'World' } };
  const stated = t.statedShifts.get(geog);
  if (stated) return { towgs84: '0,0,0', shift: { code: null, name: stated.name, accuracy: stated.accuracy, area: `the area of use of ${def.name}` } };
  const published = t.shifts.get(geog) ?? [];
  const box = where ?? def.area;
  const [lon, lat] = box ? boxCentre(box) : [NaN, NaN];
  const fitting = published.filter((s) => !s.area || boxContains(s.area, lon, lat)).sort(better);
  const best = fitting[0];
  return best ? { towgs84: best.towgs84, shift: asShift(best) } : { towgs84: null, shift: null };
}

/** How coordinates get from one datum to another, and how accurate that is. */
export interface DatumRoute {
  /** same: one datum, no shift; shift: through WGS 84 by published shifts; approximate: no shift known for one side. */
  kind: 'same' | 'shift' | 'approximate';
  /** Sum of the two shifts' accuracies in metres (null when one is unknown or the route is approximate). */
  accuracy: number | null;
  /** One line for provenance and QC, in English. */
  text: string;
}

/** One side of a route: a datum (code, or the definition text of a CRS without code) and its shift. */
export interface DatumSide {
  name: string;
  datum: number | string;
  shift: DatumShift | null | undefined;
}

const shiftText = (s: DatumShift): string => `${s.code === null ? s.name : `EPSG:${s.code} ${s.name}`} (${s.accuracy === null ? 'accuracy not published' : `±${s.accuracy} m`})`;

/** The route between two CRSs' datums (see {@link DatumRoute}). */
export function datumRoute(from: DatumSide, to: DatumSide): DatumRoute {
  if (from.datum === to.datum) return { kind: 'same', accuracy: 0, text: `same datum: no datum shift` };
  if (from.shift && to.shift) {
    const acc = from.shift.accuracy === null || to.shift.accuracy === null ? null : from.shift.accuracy + to.shift.accuracy;
    return { kind: 'shift', accuracy: acc, text: `${from.name} → WGS 84 by ${shiftText(from.shift)}, WGS 84 → ${to.name} by ${shiftText(to.shift)}` };
  }
  const missing = !from.shift ? from.name : to.name;
  return { kind: 'approximate', accuracy: null, text: `no published transformation for ${missing}: positions approximate (longitude/latitude carried over unchanged; errors of tens to hundreds of metres are possible)` };
}
