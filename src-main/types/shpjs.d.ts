// shpjs ships no types; these are the two parsers RiskAtlas uses.
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Decode .shp records to GeoJSON geometries (null for null shapes); reprojects only when given a .prj. */
  export function parseShp(shp: DataView | ArrayBuffer | Uint8Array, prj?: string): (Geometry | null)[];
  export function parseDbf(dbf: DataView | ArrayBuffer | Uint8Array, cpg?: string): Record<string, unknown>[];
}
