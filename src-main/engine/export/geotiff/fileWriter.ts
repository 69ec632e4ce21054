/**
 * The streaming GeoTIFF writer: tiles go to a temporary sibling file as they arrive, file
 * writes queued so that the disk works while the caller computes the next tiles; at the end
 * the IFDs are written, the file fsynced and renamed onto its path, so a crash never leaves
 * a half-written file there.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { PixelArray } from '../../../../src-shared/layer';
import { TiffAssembler } from './assembler';
import type { Chunk } from './ifd';
import type { GeoTiffOptions } from './options';
import { tempSuffix } from '../leftovers';

/**
 * Encoded tiles a {@link GeoTiffTileWriter} lets wait for the disk: enough that the file
 * writes (libuv's pool) overlap the caller computing and encoding the next tiles, few enough
 * that memory stays a few megabytes.
 */
const TILES_IN_FLIGHT = 8;

let tmpCounter = 0;

/**
 * Streaming tiled GeoTIFF writer. Tiles are encoded and appended to a temporary sibling
 * file as they arrive (any order), so memory holds one tile plus, when overviews are asked
 * for, the overview tiles still waiting for source tiles: with tiles sent in row order that
 * is about one row of overview tiles per level; in the worst (random) order it is the whole
 * overview pyramid, ≈ width·height·bands·bytesPerSample·(1/f₁² + 1/f₂² + …) (1/3 of the image
 * for [2,4,8,…]). IFDs go at the end, the header's first-IFD offset is patched, the file is
 * fsynced and renamed onto `path`, so a crash never leaves a half-written file at `path`.
 */
export class GeoTiffTileWriter {
  private pending = new Set<Promise<unknown>>();
  private failure: unknown = null;
  private closed = false;
  /** The last queued tile write; each new one chains onto it, so writes happen in call order. */
  private placed: Promise<void> = Promise.resolve();
  /** Queued writes not yet awaited by writeTile (at most TILES_IN_FLIGHT). */
  private inFlight: Promise<void>[] = [];

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
    /** @internal shared with {@link writeGeoTiff}. */
    readonly core: TiffAssembler,
  ) {}

  /**
   * Open a writer for `path` (written first to `path.tmp-<pid>-<n>`).
   * @throws RiskAtlasError E_ARG_INVALID for bad options, E_WRITE when the file cannot be created.
   */
  static async create(path: string, opts: GeoTiffOptions): Promise<GeoTiffTileWriter> {
    const core = new TiffAssembler(opts);
    const tmp = path + tempSuffix(tmpCounter++);
    let fh: FileHandle;
    try {
      fh = await open(tmp, 'w');
    } catch (err) {
      throw new RiskAtlasError('E_WRITE', `cannot create ${tmp}: ${(err as Error).message}`, { file: path, cause: err });
    }
    const w = new GeoTiffTileWriter(path, tmp, fh, core);
    await w.put([core.header()]);
    return w;
  }

  /** Tile grid size of the full-resolution image: [tiles across, tiles down]. */
  get tiles(): [number, number] {
    return [this.core.levels[0].ntx, this.core.levels[0].nty];
  }

  private async put(chunks: Chunk[]): Promise<void> {
    for (const c of chunks) {
      const p = this.fh.write(c.bytes, 0, c.bytes.length, c.pos);
      this.pending.add(p);
      try {
        await p;
      } catch (err) {
        this.failure ??= err;
        throw new RiskAtlasError('E_WRITE', `write failed: ${(err as Error).message}`, { file: this.path, cause: err });
      } finally {
        this.pending.delete(p);
      }
    }
  }

  /**
   * Write one tile of one band. `data` holds tileSize×tileSize values row-major; edge tiles
   * are full size, the part outside the image padded (with nodata, by convention). Data of
   * another typed-array type is converted (integers rounded and clamped). Each tile once.
   *
   * The tile is encoded (predictor, Deflate) in this thread before the call returns its
   * promise — libdeflate is WASM, it runs on the calling thread; encode in worker threads
   * with {@link encodeTileBytes} + {@link writeEncodedTile} to use more cores. The file
   * write is queued: the promise resolves once at most TILES_IN_FLIGHT (8) encoded tiles
   * wait for the disk, and `data` may be reused at once. Tiles are placed in the file in the
   * order of the calls (calls may overlap), which keeps the bytes deterministic and equal to
   * {@link encodeGeoTiff}'s. A failure of an earlier tile's write is thrown by a later call
   * or by {@link finish}.
   */
  async writeTile(tileX: number, tileY: number, data: PixelArray, band = 0): Promise<void> {
    this.checkOpen();
    this.enqueue(this.core.addTile(tileX, tileY, data, band));
    await this.drain();
  }

  /**
   * Write one full-resolution tile of one band already encoded by {@link encodeTileBytes}
   * with this writer's options (same dtype, nodata, tileSize, compression and predictor) —
   * the file is then byte-identical to one written through {@link writeTile} with the raw
   * tile. The bytes are copied, so the caller may reuse them. Each tile once, any order;
   * tiles never written are filled with nodata by {@link finish}, as with writeTile.
   * @throws RiskAtlasError E_ARG_INVALID when the writer makes overviews (their pixels are
   *   computed from raw tiles), for a tile outside the grid or written twice, or for bytes
   *   that cannot be an encoded tile (empty; wrong length when uncompressed).
   */
  async writeEncodedTile(tileX: number, tileY: number, bytes: Uint8Array, band = 0): Promise<void> {
    this.checkOpen();
    if (bytes instanceof Uint8Array) bytes = bytes.slice();
    this.enqueue(this.core.addEncodedTile(tileX, tileY, bytes, band));
    await this.drain();
  }

  private checkOpen(): void {
    if (this.closed) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer is closed', { file: this.path });
    this.throwFailure();
  }

  /** Queue `chunks` for writing after everything queued before (file writes stay in call order). */
  private enqueue(chunks: Chunk[]): void {
    if (!chunks.length) return;
    const step = this.placed.then(async () => {
      if (this.failure) return;
      try {
        await this.put(chunks);
      } catch (err) {
        this.failure ??= err;
      }
    });
    this.placed = step;
    this.inFlight.push(step);
  }

  /** Wait while more than TILES_IN_FLIGHT writes are queued; rethrow an earlier write's failure. */
  private async drain(): Promise<void> {
    while (this.inFlight.length >= TILES_IN_FLIGHT) await this.inFlight.shift();
    this.throwFailure();
  }

  private throwFailure(): void {
    const f = this.failure;
    if (!f) return;
    throw f instanceof RiskAtlasError ? f : new RiskAtlasError('E_WRITE', `cannot write ${this.path}: ${(f as Error).message}`, { file: this.path, cause: f });
  }

  /** Write remaining tiles (as nodata), overviews and IFDs, fsync, rename onto `path`. On failure the temporary file is removed. */
  async finish(): Promise<void> {
    if (this.closed) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer is closed', { file: this.path });
    try {
      await this.placed;
      this.inFlight = [];
      await Promise.allSettled([...this.pending]);
      if (this.failure) throw this.failure;
      const { chunks } = this.core.finish();
      await this.put(chunks);
      await this.fh.sync();
      this.closed = true;
      await this.fh.close();
      await rename(this.tmp, this.path);
    } catch (err) {
      await this.abort();
      if (err instanceof RiskAtlasError) throw err;
      throw new RiskAtlasError('E_WRITE', `cannot write ${this.path}: ${(err as Error).message}`, { file: this.path, cause: err });
    }
  }

  /** Give up: close and delete the temporary file. `path` is left untouched. Safe to call twice. */
  async abort(): Promise<void> {
    await this.placed;
    await Promise.allSettled([...this.pending]);
    if (!this.closed) {
      this.closed = true;
      await this.fh.close().catch(() => undefined);
    }
    await rm(this.tmp, { force: true });
  }
}
