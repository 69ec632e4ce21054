import type { FeatureCollection } from 'geojson';

/** Pixel data types RiskAtlas reads and writes (GDAL names in lower case). */
export type DType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** True for sample types whose every value Float32 holds exactly (a raster of them can be read as Float32). */
export const float32Exact = (d: DType): boolean => d === 'int8' || d === 'uint8' || d === 'int16' || d === 'uint16' || d === 'float32';

/** A typed array of any supported {@link DType}. */
export type PixelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/**
 * How sure RiskAtlas is of a layer's CRS: `declared` — an EPSG code from the file itself
 * (GeoTIFF keys, GeoPackage srs table, an EPSG authority in the WKT) or fixed by the format
 * (GeoJSON, KML); `matched` — a .prj/WKT without a code whose datum name, ellipsoid and
 * projection parameters all agree with one EPSG entry; `stated` — given by the user (--crs,
 * the import box, a model layer's `crs`); `assumed` — the format names no datum and RiskAtlas
 * takes one, saying so (CSV longitude/latitude columns: CGCS2000); `unknown` — none of these:
 * the user is asked, with the best candidates.
 */
export type CrsLevel = 'declared' | 'matched' | 'stated' | 'assumed' | 'unknown';

/** An EPSG CRS offered to the user for a CRS RiskAtlas could not identify. */
export interface CrsCandidate {
  epsg: number;
  name: string;
}

/** The grid-free transformation from a CRS's datum to WGS 84 that RiskAtlas applies. */
export interface DatumShift {
  /** EPSG code of the transformation (e.g. 1173 "NAD27 to WGS 84 (4)"); null for a shift RiskAtlas states itself (CGCS2000 = WGS 84). */
  code: number | null;
  name: string;
  /** Accuracy published with it, in metres; null when EPSG gives none. */
  accuracy: number | null;
  /** Where it is published for (EPSG area of use). */
  area: string;
}

/** A coordinate reference system as far as it is known. `epsg` is null when the CRS was parsed but has no EPSG code. */
export interface CrsRef {
  epsg: number | null;
  /** Human name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 111E". */
  name: string;
  /** proj4 definition string used for reprojection (with +towgs84 when a datum shift applies). */
  proj4: string;
  /** How the CRS was identified and from what (absent in metadata stored before identification levels existed). */
  identification?: {
    level: CrsLevel;
    /** What the level rests on, e.g. "GeoPackage srs table", ".prj parameters", "--crs". */
    source: string;
    /** `unknown`: the most likely EPSG CRSs, best first. */
    candidates?: CrsCandidate[];
    /** `stated`: the file's own CRS the statement overrules, in one line, when the file had a different one. */
    overrules?: string;
  };
  /**
   * The datum's transformation to WGS 84: a shift, or null when EPSG publishes none that
   * RiskAtlas can apply (positions against other datums are then approximate).
   * Absent for a CRS without an EPSG code.
   */
  datumShift?: DatumShift | null;
}

/** [minX, minY, maxX, maxY] in the layer's CRS units. */
export type Extent = [number, number, number, number];

/**
 * GDAL-style affine geotransform: x = gt[0] + col*gt[1] + row*gt[2]; y = gt[3] + col*gt[4] + row*gt[5].
 * Refers to the outer corner of the top-left pixel (pixel-is-area convention), whatever the file declared.
 */
export type GeoTransform = [number, number, number, number, number, number];

export interface RasterMeta {
  kind: 'raster';
  format: 'GeoTIFF';
  path: string;
  width: number;
  height: number;
  bands: number;
  dtype: DType;
  /** Nodata value from GDAL_NODATA, or null when the file declares none. */
  nodata: number | null;
  crs: CrsRef | null;
  geoTransform: GeoTransform;
  extent: Extent;
  /** True when the file declared RasterPixelIsPoint (the geotransform above is already shifted by half a cell). */
  pixelIsPoint: boolean;
  tiled: boolean;
  compression: string;
  /** Number of reduced-resolution overview images in the file. */
  overviews: number;
  /** Things the technician should know about the CRS (a stated CRS overruling the file's, no datum shift published). */
  warnings?: string[];
}

/** An open raster: metadata plus windowed reads, so a large file is never loaded whole. */
export interface RasterSource {
  meta: RasterMeta;
  /**
   * Read a window of one band as Float64 values (nodata values are left as they are in the file).
   * Window in pixel coordinates of the full-resolution image; must lie inside the image.
   * With `out` (width × height values) the values go there and `out` is returned — a
   * Float32Array only for samples Float32 holds exactly ({@link float32Exact}).
   */
  readWindow(x0: number, y0: number, width: number, height: number, band?: number): Promise<Float64Array>;
  readWindow<T extends Float32Array | Float64Array>(x0: number, y0: number, width: number, height: number, band: number, out: T): Promise<T>;
  close(): Promise<void>;
}

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date';

export interface FieldInfo {
  name: string;
  type: FieldType;
}

/** See {@link VectorMeta.encodingEvidence}. */
export type EncodingEvidence = 'cpg' | 'ldid' | 'content' | 'stated' | 'undecided';

export type GeometryKind = 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'GeometryCollection' | 'Mixed' | 'None';

export interface VectorMeta {
  kind: 'vector';
  format: 'Shapefile' | 'GeoJSON' | 'GeoPackage' | 'CSV' | 'KML';
  path: string;
  crs: CrsRef | null;
  featureCount: number;
  geometryType: GeometryKind;
  fields: FieldInfo[];
  /** Extent of all features in the layer's CRS; null when there is no geometry. */
  extent: Extent | null;
  /** Text encoding of the attributes (e.g. "utf-8", "gbk", "windows-1252") for shapefiles and CSV. */
  encoding?: string;
  /**
   * What the shapefile encoding rests on: the `.cpg` file, the DBF language-driver byte
   * (LDID), the bytes themselves (no .cpg, no LDID), the user's statement, or `undecided`
   * (no evidence and bytes that fit no encoding clearly; a run refuses until it is stated).
   */
  encodingEvidence?: EncodingEvidence;
  /** Non-fatal problems the technician should know about (e.g. ".shx rebuilt"). */
  warnings: string[];
}

/** A vector layer held in memory, coordinates in `meta.crs`. */
export interface VectorLayer {
  meta: VectorMeta;
  features: FeatureCollection;
}

export type LayerMeta = RasterMeta | VectorMeta;
