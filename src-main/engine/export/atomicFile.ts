import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { tempSuffix } from './leftovers';

/**
 * Write a file so that a crash never leaves a half-written file at `path`: write a
 * temporary sibling, fsync it, rename it over the target (atomic on one filesystem), then
 * fsync the folder so that the rename itself is on disk before the caller reports success.
 * Failures are E_WRITE naming the file.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  // Named with this process's id: a kill leaves it for the next start to remove (leftovers.ts).
  const tmp = path + tempSuffix(Math.random().toString(36).slice(2, 8));
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw new RiskAtlasError('E_WRITE', (err as Error).message, { file: path, cause: err });
  }
}
