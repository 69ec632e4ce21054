/** What the user can state about a layer file, and how strict a reader is about what is missing. */
export interface ReadOptions {
  /** EPSG code stated by the user (CLI --crs, the import box, a model layer's `crs`): wins over the file's CRS, with a warning when they differ. */
  crs?: number;
  /** Text encoding stated by the user (CLI --encoding, the layer's encoding): wins over `.cpg` and the DBF language-driver byte. */
  encoding?: string;
  /** A file without any CRS gives `crs: null` instead of E_CRS_MISSING (QC still checks such a layer's attributes and geometry). */
  allowMissingCrs?: boolean;
}
