// shpjs ships no types. It is a development dependency only: the shapefile reader tests use its
// two parsers as an independent reference reader (RiskAtlas decodes shapefiles itself, see
// src-main/engine/io/shapefile.ts for why).
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Decode .shp records to GeoJSON geometries (null for null shapes); reprojects to WGS84 only when given a .prj. */
  export function parseShp(shp: DataView | ArrayBuffer | Uint8Array, prj?: string): (Geometry | null)[];
  /** Decode .dbf rows; `cpg` is the .cpg text naming the encoding (a TextDecoder label), UTF-8 when absent or unknown. */
  export function parseDbf(dbf: DataView | ArrayBuffer | Uint8Array, cpg?: string): Record<string, unknown>[];
}
