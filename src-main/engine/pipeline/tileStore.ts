/**
 * Tiles kept between passes of a run — the raw indicator tiles from the statistics pass to
 * the index pass, and the index tiles the grading pass reads back: in memory while their
 * total stays under a budget, in one temporary file beyond it, so a province-sized grid costs
 * disk, not memory. The file is deleted on {@link TileStore.close}.
 *
 * Keeping raw tiles (rather than reading and decoding the inputs again) is what makes a
 * run read every input once: a spilled tile comes back from the page cache at memory speed,
 * where decoding a Deflate or LZW tile again costs far more. The file's folder is named with the
 * process id, so a killed run's tiles are removed at the next start (export/leftovers.ts).
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import { tempFolderPrefix } from '../export/leftovers';

/** Default in-memory budget: 512 MiB of tiles; the rest goes to the temporary file. */
export const TILE_STORE_MEMORY = 512 * 1024 * 1024;

/** The arrays a store keeps. */
export type StoredTile = Float32Array | Float64Array;

export class TileStore {
  private readonly memory = new Map<number, StoredTile>();
  private readonly onDisk = new Map<number, { pos: number; length: number; f64: boolean }>();
  private file: { dir: string; fh: FileHandle; end: number } | null = null;
  private bytes = 0;

  /** @param budget bytes kept in memory before tiles go to the temporary file. */
  constructor(private readonly budget = TILE_STORE_MEMORY) {}

  /** Keep tile `key` (the array is not copied: do not change it afterwards). */
  async put(key: number, data: StoredTile): Promise<void> {
    if (this.bytes + data.byteLength <= this.budget) {
      this.memory.set(key, data);
      this.bytes += data.byteLength;
      return;
    }
    if (!this.file) {
      let dir: string | undefined;
      try {
        dir = await mkdtemp(tempFolderPrefix('tiles'));
        this.file = { dir, fh: await open(join(dir, 'tiles.bin'), 'w+'), end: 0 };
      } catch (err) {
        if (dir) await rm(dir, { recursive: true, force: true });
        throw new RiskAtlasError('E_WRITE', `cannot create the temporary tile file: ${(err as Error).message}`, { file: tmpdir(), cause: err });
      }
    }
    const f = this.file;
    const pos = f.end;
    f.end += data.byteLength;
    try {
      await f.fh.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 0, data.byteLength, pos);
    } catch (err) {
      throw new RiskAtlasError('E_WRITE', `cannot write the temporary tile file: ${(err as Error).message}`, { file: join(f.dir, 'tiles.bin'), cause: err });
    }
    this.onDisk.set(key, { pos, length: data.length, f64: data instanceof Float64Array });
  }

  /** A copy of tile `key` (the caller may transfer or change it); the store keeps it. */
  async get(key: number): Promise<StoredTile> {
    const m = this.memory.get(key);
    if (m) return m.slice();
    return this.readBack(key);
  }

  /** Tile `key` itself, which the store then forgets (its memory is freed for later tiles). */
  async take(key: number): Promise<StoredTile> {
    const m = this.memory.get(key);
    if (m) {
      this.memory.delete(key);
      this.bytes -= m.byteLength;
      return m;
    }
    const out = await this.readBack(key);
    this.onDisk.delete(key);
    return out;
  }

  private async readBack(key: number): Promise<StoredTile> {
    const at = this.onDisk.get(key);
    if (!at || !this.file) throw new RiskAtlasError('E_INTERNAL', `tile ${key} was never stored`);
    const out = at.f64 ? new Float64Array(at.length) : new Float32Array(at.length);
    await this.file.fh.read(new Uint8Array(out.buffer), 0, out.byteLength, at.pos);
    return out;
  }

  /** True when some tiles went to the temporary file. */
  get spilled(): boolean {
    return this.file !== null;
  }

  /** Bytes written to the temporary file so far (it only grows until {@link close}). */
  get diskBytes(): number {
    return this.file?.end ?? 0;
  }

  /** Free the tiles and delete the temporary file. Safe to call twice. */
  async close(): Promise<void> {
    this.memory.clear();
    this.onDisk.clear();
    const f = this.file;
    this.file = null;
    if (f) {
      await f.fh.close().catch(() => undefined);
      await rm(f.dir, { recursive: true, force: true });
    }
  }
}
