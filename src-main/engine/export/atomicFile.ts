import { open, rename, rm } from 'node:fs/promises';

/**
 * Write a file so that a crash never leaves a half-written file at `path`: write a
 * temporary sibling, fsync it, then rename over the target (atomic on one filesystem).
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
}
