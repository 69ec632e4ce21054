/**
 * The EPSG dataset RiskAtlas computes with, read from resources/crs/epsg.json (written by
 * scripts/crs/buildEpsgTable.py from PROJ's proj.db; its header names the EPSG and PROJ
 * versions). Loaded once, on first use, so that a process that never meets a CRS pays nothing.
 */
import { readFileSync } from 'node:fs';
import { resourcePath } from '../assets';

/** [west, south, east, north] in degrees; west > east when the area crosses the antimeridian. */
export type LonLatBox = [number, number, number, number];

/** A geographic 2D CRS: its datum, and its ellipsoid (and prime meridian) as proj4 text. */
export interface GeographicDef {
  code: number;
  name: string;
  datum: number;
  /** "+a=… +rf=…" (or "+a=… +b=…" for a sphere), "+pm=…" when not Greenwich. */
  ellipsoid: string;
  deprecated: boolean;
  area: LonLatBox | null;
  /** Size of its angular unit in degrees (1 for degrees; files in other units are refused). */
  unitDegrees: number;
  /** The names ArcGIS writes for it in .prj files. */
  esriNames: string[];
}

/** A projected CRS: its base geographic CRS and its projection as proj4 text without the datum. */
export interface ProjectedDef {
  code: number;
  name: string;
  base: number;
  /** "+proj=tmerc +lat_0=0 … +units=m" (with its own +a/+b when it has its own ellipsoid, as Web Mercator's sphere). */
  projection: string;
  deprecated: boolean;
  area: LonLatBox | null;
  /** Size of its linear unit in metres. */
  unitMetres: number;
  /** The names ArcGIS writes for it in .prj files. */
  esriNames: string[];
}

/** A published grid-free transformation from a geographic CRS to WGS 84. */
export interface ShiftDef {
  /** The geographic CRS it starts from. */
  crs: number;
  code: number;
  name: string;
  /** proj4 +towgs84 value (position-vector convention): "tx,ty,tz" or "tx,ty,tz,rx,ry,rz,s". */
  towgs84: string;
  /** Metres; null when EPSG gives none. */
  accuracy: number | null;
  area: LonLatBox | null;
  areaName: string;
}

export interface EpsgTable {
  /** Where the data come from (EPSG and PROJ versions), as the file's header states it. */
  source: { text: string; epsgVersion: string; projVersion: string };
  geographic: Map<number, GeographicDef>;
  projected: Map<number, ProjectedDef>;
  /** Published shifts by the code of the geographic CRS they start from. */
  shifts: Map<number, ShiftDef[]>;
  /** Names of each datum (EPSG name, aliases, ESRI and GDAL WKT1 spellings) by datum code. */
  datumNames: Map<number, string[]>;
  /** Shifts RiskAtlas states itself where EPSG publishes none, by geographic CRS code. */
  statedShifts: Map<number, { name: string; accuracy: number }>;
}

type Row = unknown[];
interface TableFile {
  header: { source: string; epsgVersion: string; projVersion: string; statedNullShifts: Record<string, { name: string; accuracy: number }> };
  datums: Record<string, string[]>;
  geographic: Row[];
  projected: Row[];
  shifts: Row[];
}

/** Where the table lies (beside the app's other resources). */
const EPSG_TABLE_PATH = (): string => resourcePath('crs', 'epsg.json');

let table: EpsgTable | undefined;

function parse(file: TableFile): EpsgTable {
  const box = (v: unknown): LonLatBox | null => (Array.isArray(v) ? (v as LonLatBox) : null);
  const geographic = new Map<number, GeographicDef>();
  for (const [code, name, datum, ellipsoid, deprecated, area, unitDegrees, esriNames] of file.geographic) {
    geographic.set(code as number, { code: code as number, name: name as string, datum: datum as number, ellipsoid: ellipsoid as string, deprecated: Boolean(deprecated), area: box(area), unitDegrees: unitDegrees as number, esriNames: esriNames as string[] });
  }
  const projected = new Map<number, ProjectedDef>();
  for (const [code, name, base, projection, deprecated, area, unitMetres, esriNames] of file.projected) {
    projected.set(code as number, { code: code as number, name: name as string, base: base as number, projection: projection as string, deprecated: Boolean(deprecated), area: box(area), unitMetres: unitMetres as number, esriNames: esriNames as string[] });
  }
  const shifts = new Map<number, ShiftDef[]>();
  for (const [crs, code, name, towgs84, accuracy, area, areaName] of file.shifts) {
    const s: ShiftDef = { crs: crs as number, code: code as number, name: name as string, towgs84: towgs84 as string, accuracy: accuracy as number | null, area: box(area), areaName: areaName as string };
    shifts.set(s.crs, [...(shifts.get(s.crs) ?? []), s]);
  }
  return {
    source: { text: file.header.source, epsgVersion: file.header.epsgVersion, projVersion: file.header.projVersion },
    geographic,
    projected,
    shifts,
    datumNames: new Map(Object.entries(file.datums).map(([k, v]) => [Number(k), v])),
    statedShifts: new Map(Object.entries(file.header.statedNullShifts).map(([k, v]) => [Number(k), v])),
  };
}

/** The EPSG table (read and indexed on the first call: about 1.3 MB of JSON). */
export function epsgTable(): EpsgTable {
  table ??= parse(JSON.parse(readFileSync(EPSG_TABLE_PATH(), 'utf8')) as TableFile);
  return table;
}

/** True when `box` (degrees) holds the point, antimeridian-crossing boxes included. */
export function boxContains(box: LonLatBox, lon: number, lat: number): boolean {
  const [w, s, e, n] = box;
  if (lat < s || lat > n) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}

/** Area of a box in square degrees (a size to rank by, not an area on the ground). */
export function boxSize(box: LonLatBox): number {
  const width = box[0] <= box[2] ? box[2] - box[0] : box[2] + 360 - box[0];
  return width * (box[3] - box[1]);
}

/** The centre of a box, in degrees. */
export function boxCentre(box: LonLatBox): [number, number] {
  const east = box[0] <= box[2] ? box[2] : box[2] + 360;
  const lon = (box[0] + east) / 2;
  return [lon > 180 ? lon - 360 : lon, (box[1] + box[3]) / 2];
}
