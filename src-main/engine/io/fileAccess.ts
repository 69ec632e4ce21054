import { stat } from 'node:fs/promises';
import { RiskAtlasError } from '../../../src-shared/errors';

/**
 * The largest file a reader takes into memory whole (GeoJSON, CSV, shapefile parts,
 * GeoPackage), in bytes. JavaScript strings stop at about 512 Mi characters, and the parsed
 * features take several times the file's size; a larger layer is a province, not a county.
 */
export const MAX_WHOLE_FILE_BYTES = 512 * 1024 * 1024;

/**
 * The size of a file that is about to be read, with the errors every reader reports the
 * same way: E_FILE_NOT_FOUND, E_FILE_READ (no permission, a folder…), E_FILE_EMPTY, and
 * E_FILE_TOO_LARGE when `maxBytes` is given and exceeded (checked before reading anything).
 */
export async function fileSize(path: string, maxBytes = Infinity): Promise<number> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new RiskAtlasError('E_FILE_READ', 'this is a folder, not a file', { file: path });
    size = s.size;
  } catch (err) {
    if (err instanceof RiskAtlasError) throw err;
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ';
    throw new RiskAtlasError(code, (err as Error).message, { file: path, cause: err });
  }
  if (size === 0) throw new RiskAtlasError('E_FILE_EMPTY', 'the file is empty', { file: path });
  refuseTooLarge(path, size, maxBytes);
  return size;
}

/** Throw E_FILE_TOO_LARGE when a file of `size` bytes exceeds `maxBytes` (before anything is read). */
export function refuseTooLarge(path: string, size: number, maxBytes: number): void {
  if (size > maxBytes) throw new RiskAtlasError('E_FILE_TOO_LARGE', `${size} bytes, more than the ${maxBytes} a layer may have`, { file: path, params: { bytes: size } });
}
