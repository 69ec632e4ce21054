import { stat } from 'node:fs/promises';
import { RiskAtlasError } from '../errors';

/**
 * The size of a file that is about to be read, with the errors every reader reports the
 * same way: E_FILE_NOT_FOUND, E_FILE_READ (no permission, a folder…), E_FILE_EMPTY.
 */
export async function fileSize(path: string): Promise<number> {
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
  return size;
}
