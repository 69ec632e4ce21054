/**
 * Errors are values with codes. The engine never prints: it returns or throws a
 * {@link RiskAtlasError} whose `code` the CLI and the UI map to a Chinese or English
 * message (see `messages.ts`).
 */

/** Every error code the engine can produce. Add new codes here and in `messages.ts`. */
export const ERROR_CODES = [
  'E_FILE_NOT_FOUND',
  'E_FILE_EMPTY',
  'E_FILE_READ',
  'E_FILE_TOO_LARGE',
  'E_FORMAT_UNKNOWN',
  'E_TIFF_MAGIC',
  'E_TIFF_CORRUPT',
  'E_TIFF_UNSUPPORTED',
  'E_TIFF_ROTATED',
  'E_SHP_CORRUPT',
  'E_SHP_MISSING_PART',
  'E_DBF_CORRUPT',
  'E_ZIP_CORRUPT',
  'E_JSON_INVALID',
  'E_GPKG_INVALID',
  'E_GPKG_NO_GEOMETRY',
  'E_CSV_NO_COORDS',
  'E_KML_INVALID',
  'E_GEOJSON_INVALID',
  'E_CRS_MISSING',
  'E_CRS_UNKNOWN',
  'E_CRS_MISMATCH',
  'E_CRS_UNIDENTIFIED',
  'E_CRS_TRANSFORM',
  'E_ENCODING_UNDECIDED',
  'E_RASTER_TOO_LARGE',
  'E_ALL_NODATA',
  'E_MODEL_INVALID',
  'E_MODEL_LAYER',
  'E_MODEL_INCOMPLETE',
  'E_FIELD_UNKNOWN',
  'E_FIELD_NOT_NUMBER',
  'E_FILTER_TYPE',
  'E_FILTER_EMPTY',
  'E_LAYER_OUTSIDE',
  'E_LAYER_GEOMETRY',
  'E_RASTER_CATEGORICAL',
  'E_RASTER_BAND',
  'E_INDEX_CONSTANT',
  'E_CRS_GEOGRAPHIC',
  'E_CRS_NOT_METRES',
  'E_CRS_AREA',
  'E_TEMPLATE_INVALID',
  'E_ARG_INVALID',
  'E_METHOD_UNKNOWN',
  'E_AUTH',
  'E_PATH_FORBIDDEN',
  'E_CANCELLED',
  'E_PROJECT_CORRUPT',
  'E_NO_PROJECT',
  'E_READ_ONLY',
  'E_NOT_ALLOWED',
  'E_PROJECT_LOCKED',
  'E_PROJECT_UNSAFE',
  'E_RUN_TOO_LARGE',
  'E_UPLOAD',
  'E_WRITE',
  'E_ROLLUP_MISMATCH',
  'E_QUEUE_UNAVAILABLE',
  'E_INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialisable form of an error, as it crosses IPC, HTTP and worker boundaries. */
export interface ErrorInfo {
  code: ErrorCode;
  /** English detail for logs and developers; UI text comes from the code. */
  message: string;
  /** The file the problem is about, when there is one. */
  file?: string;
  /** Extra facts for the message template (e.g. `{ width, height }`). */
  params?: Record<string, string | number>;
}

/** An error with a code. Thrown inside the engine, turned into {@link ErrorInfo} at boundaries. */
export class RiskAtlasError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly params?: Record<string, string | number>;

  constructor(code: ErrorCode, message: string, opts: { file?: string; params?: Record<string, string | number>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RiskAtlasError';
    this.code = code;
    this.file = opts.file;
    this.params = opts.params;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.file !== undefined) info.file = this.file;
    if (this.params !== undefined) info.params = this.params;
    return info;
  }
}

/** A result as a value: the engine's public readers return this instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Wrap a value as a successful {@link Result}. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/**
 * Turn anything thrown into an {@link ErrorInfo}. Unknown exceptions become `E_INTERNAL`
 * (or `fallback` when the caller knows better, e.g. a parser failing deep inside a library
 * means the file is corrupt).
 */
export function toErrorInfo(err: unknown, fallback: ErrorCode = 'E_INTERNAL', file?: string): ErrorInfo {
  if (err instanceof RiskAtlasError) {
    const info = err.toInfo();
    if (info.file === undefined && file !== undefined) info.file = file;
    return info;
  }
  const message = err instanceof Error ? err.message : String(err);
  const info: ErrorInfo = { code: fallback, message };
  if (file !== undefined) info.file = file;
  return info;
}

/** Run `fn` and capture its outcome as a {@link Result}. */
export async function attempt<T>(fn: () => Promise<T> | T, fallback: ErrorCode = 'E_INTERNAL', file?: string): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    return { ok: false, error: toErrorInfo(err, fallback, file) };
  }
}
