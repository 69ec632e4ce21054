/**
 * The TIFF assembler: accepts full-resolution tiles (raw or already encoded) in any order,
 * places each encoded tile at the end of the file so far, folds raw tiles into the
 * overviews, and at the end fills the tiles never written and lays out the IFDs. It knows
 * nothing about files: it only hands back "write these bytes at this offset" chunks, which
 * the streaming writer sends to disk and encodeGeoTiff copies into memory — one code path,
 * identical bytes.
 */
import { RiskAtlasError } from '../../../../src-shared/errors';
import type { PixelArray } from '../../../../src-shared/layer';
import { directoryChunks, imageLevels, tiffHeader, useBigTiff, type Chunk, type Level } from './ifd';
import { argError, resolveOptions, type GeoTiffOptions, type ImageSettings } from './options';
import { OverviewReducer } from './overviews';
import { checkTileLength, coerce, encodeTile, fillTile } from './tileCodec';

/** Byte-wise equality (memcmp). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/** Encodes tiles and lays out the TIFF; knows nothing about files. */
export class TiffAssembler {
  /** The checked options. */
  readonly settings: ImageSettings;
  readonly big: boolean;
  /** The full-resolution image, then one per overview factor. */
  readonly levels: Level[];
  private readonly overviews: OverviewReducer;
  /** 1 for each full-resolution tile (band-major) already written. */
  private readonly written: Uint8Array;
  /** Where the next tile goes: the end of the file so far. */
  private pos: number;
  /** The encoding of an all-fill tile (made on first use) and where its one stored copy is (-1: none yet). */
  private fillBytes: Uint8Array | null = null;
  private fillPos = -1;
  private finished = false;

  /** @throws RiskAtlasError E_ARG_INVALID for bad options */
  constructor(private readonly opts: GeoTiffOptions) {
    this.settings = resolveOptions(opts);
    this.levels = imageLevels(this.settings);
    this.written = new Uint8Array(this.levels[0].ntx * this.levels[0].nty * this.settings.bands);
    this.overviews = new OverviewReducer(this.levels, this.settings);
    this.big = useBigTiff(this.settings, this.levels, opts.bigTiff);
    this.pos = this.big ? 16 : 8;
  }

  /** The header with a placeholder first-IFD offset, patched by {@link finish}. */
  header(): Chunk {
    return tiffHeader(this.big, 0);
  }

  /** Accept one full-resolution tile; returns the chunks to write (the tile and any overview tiles it completed). */
  addTile(tx: number, ty: number, data: PixelArray, band = 0): Chunk[] {
    const c = this.settings.tile;
    checkTileLength(c, data);
    this.claimTile(tx, ty, band);
    // Encoding and the overview reduction both finish before this returns, and neither
    // modifies the tile or keeps a view of it: the caller may reuse `data` at once.
    const tile = coerce(data, c.info, c.fill);
    return this.placeTile(tx, ty, band, tile, encodeTile(c, tile));
  }

  /**
   * Accept one full-resolution tile already encoded by encodeTileBytes with this file's
   * options. Only without overviews: their pixels come from the raw tile.
   */
  addEncodedTile(tx: number, ty: number, bytes: Uint8Array, band = 0): Chunk[] {
    if (this.levels.length > 1) throw argError('pre-encoded tiles can only be written to a file without overviews (overview pixels are computed from the raw tiles)');
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw argError('an encoded tile must be a non-empty Uint8Array');
    const c = this.settings.tile;
    const raw = c.T * c.T * c.info.bytes;
    if (c.compression === 'none' && bytes.length !== raw) throw argError(`an uncompressed tile holds ${raw} bytes, got ${bytes.length}`);
    this.claimTile(tx, ty, band);
    return this.placeTile(tx, ty, band, null, bytes);
  }

  /** Check a full-resolution tile's place and mark it written. */
  private claimTile(tx: number, ty: number, band: number): void {
    if (this.finished) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer already finished');
    const L0 = this.levels[0];
    const B = this.settings.bands;
    if (!Number.isInteger(tx) || !Number.isInteger(ty) || tx < 0 || ty < 0 || tx >= L0.ntx || ty >= L0.nty) throw argError(`tile (${tx}, ${ty}) outside the ${L0.ntx}x${L0.nty} tile grid`);
    if (!Number.isInteger(band) || band < 0 || band >= B) throw argError(`band ${band} outside 0..${B - 1}`);
    const idx = band * L0.ntx * L0.nty + ty * L0.ntx + tx;
    if (this.written[idx]) throw argError(`tile (${tx}, ${ty}) band ${band} written twice`);
    this.written[idx] = 1;
  }

  /**
   * Reserve the place of an encoded full-resolution tile at the end of the file and fold the
   * raw tile (null for pre-encoded tiles: no overviews) into the overviews.
   */
  private placeTile(tx: number, ty: number, band: number, tile: PixelArray | null, bytes: Uint8Array): Chunk[] {
    const chunks: Chunk[] = [];
    const c = this.emit(0, tx, ty, band, bytes);
    if (c) chunks.push(c);
    for (let li = 1; li < this.levels.length; li++) {
      const done = this.overviews.reduce(li, tx, ty, band, tile!);
      const oc = done && this.emit(li, done.tx, done.ty, band, encodeTile(this.settings.tile, done.data));
      if (oc) chunks.push(oc);
    }
    return chunks;
  }

  /** Reserve the place of an encoded tile of level `li` at the end of the file. */
  private emit(li: number, tx: number, ty: number, band: number, bytes: Uint8Array): Chunk | null {
    const L = this.levels[li];
    const k = band * L.ntx * L.nty + ty * L.ntx + tx;
    // Tiles that are entirely padding (outside a county boundary, say) are common; they all
    // point to one stored copy, which GDAL and geotiff.js read fine. They are recognised by
    // their bytes (encoding is lossless and deterministic), so pre-encoded tiles are too.
    this.fillBytes ??= encodeTile(this.settings.tile, fillTile(this.settings.tile));
    const isFill = sameBytes(bytes, this.fillBytes);
    if (isFill && this.fillPos >= 0) {
      L.offsets[k] = this.fillPos;
      L.counts[k] = bytes.length;
      return null;
    }
    const at = this.pos;
    this.pos += bytes.length;
    L.offsets[k] = at;
    L.counts[k] = bytes.length;
    if (isFill) this.fillPos = at;
    return { pos: at, bytes };
  }

  /** Fill tiles never written, flush overviews, lay out the IFDs; returns the remaining chunks including the patched header. */
  finish(): { chunks: Chunk[]; size: number } {
    if (this.finished) throw new RiskAtlasError('E_WRITE', 'GeoTIFF writer already finished');
    const chunks: Chunk[] = [];
    const L0 = this.levels[0];
    // Tiles never written hold nodata: a caller that skips empty tiles still gets a valid file.
    for (let b = 0; b < this.settings.bands; b++) {
      for (let ty = 0; ty < L0.nty; ty++) {
        for (let tx = 0; tx < L0.ntx; tx++) {
          if (!this.written[b * L0.ntx * L0.nty + ty * L0.ntx + tx]) chunks.push(...this.addTile(tx, ty, fillTile(this.settings.tile), b));
        }
      }
    }
    this.finished = true;
    if (this.overviews.pending) throw new RiskAtlasError('E_INTERNAL', 'overview tiles left unflushed');
    const dir = directoryChunks(this.levels, this.settings, this.opts, this.big, this.pos);
    chunks.push(...dir.chunks);
    this.pos = dir.size;
    return { chunks, size: dir.size };
  }
}
