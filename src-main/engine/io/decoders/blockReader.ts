/**
 * RiskAtlas's own window reader for the common GeoTIFF layouts (tiles or strips, any band
 * layout, Deflate/LZW/PackBits/none, predictors 1–3, 8–64-bit integer and float samples).
 *
 * Why not geotiff.js's `readRasters`: it converts every sample through a DataView getter
 * call and a generic copy, and fetches through a block cache, which made reading a 10k²
 * Float32 file several times slower than decoding it. Here each block is read with one
 * positioned `read`, decoded by ./block, and copied into the Float64 window with
 * typed-array views (a whole row segment at a time for single-band little-endian data).
 * geotiff.js still parses the file's directory; formats not handled here (JPEG, LERC,
 * zstd, WebP, bit-packed samples) keep going through `readRasters`.
 */
import type { FileHandle } from 'node:fs/promises';
import { decodeBlock, FAST_COMPRESSIONS, type BlockFormat } from './block';

/** Everything about the image the reader needs (from the TIFF tags). */
export interface BlockLayout {
  width: number;
  height: number;
  /** Block size: tile width/height, or image width × rows per strip. */
  blockWidth: number;
  blockHeight: number;
  tiled: boolean;
  /** 1 = samples interleaved per pixel, 2 = one set of blocks per band. */
  planar: 1 | 2;
  bands: number;
  bytesPerSample: number;
  /** TIFF SampleFormat: 1 unsigned, 2 signed, 3 IEEE float. */
  sampleFormat: 1 | 2 | 3;
  compression: number;
  predictor: number;
  littleEndian: boolean;
  /** Byte offset and count of every block, in TIFF order (band-major when planar = 2). */
  offsets: ArrayLike<number>;
  counts: ArrayLike<number>;
  /** Value of a block stored with 0 bytes (GDAL's sparse files): the nodata value, else 0. */
  fill: number;
}

/** Whether {@link readBlockWindow} handles this layout (else use geotiff.js). */
export function blockReaderSupports(l: Omit<BlockLayout, 'offsets' | 'counts' | 'fill'>): boolean {
  const typeOk = l.sampleFormat === 3 ? l.bytesPerSample === 4 || l.bytesPerSample === 8 : [1, 2, 4].includes(l.bytesPerSample);
  return FAST_COMPRESSIONS.has(l.compression) && typeOk && [1, 2, 3].includes(l.predictor) && (l.planar === 1 || l.planar === 2);
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Getter = (dv: DataView, at: number, le: boolean) => number;

function getterOf(l: BlockLayout): Getter {
  const b = l.bytesPerSample;
  if (l.sampleFormat === 3) return b === 4 ? (dv, at, le) => dv.getFloat32(at, le) : (dv, at, le) => dv.getFloat64(at, le);
  if (l.sampleFormat === 2) return b === 1 ? (dv, at) => dv.getInt8(at) : b === 2 ? (dv, at, le) => dv.getInt16(at, le) : (dv, at, le) => dv.getInt32(at, le);
  return b === 1 ? (dv, at) => dv.getUint8(at) : b === 2 ? (dv, at, le) => dv.getUint16(at, le) : (dv, at, le) => dv.getUint32(at, le);
}

/** A typed view of a decoded block when its bytes can be used as they are (host byte order). */
function typedView(block: Uint8Array, l: BlockLayout): ArrayLike<number> | null {
  if (!(l.littleEndian === HOST_LITTLE_ENDIAN || l.bytesPerSample === 1)) return null;
  const n = block.length / l.bytesPerSample;
  if (!Number.isInteger(n)) return null;
  const buf = block.buffer;
  const o = block.byteOffset;
  if (l.sampleFormat === 3) return l.bytesPerSample === 4 ? new Float32Array(buf, o, n) : new Float64Array(buf, o, n);
  if (l.sampleFormat === 2) return l.bytesPerSample === 1 ? new Int8Array(buf, o, n) : l.bytesPerSample === 2 ? new Int16Array(buf, o, n) : new Int32Array(buf, o, n);
  return l.bytesPerSample === 1 ? block : l.bytesPerSample === 2 ? new Uint16Array(buf, o, n) : new Uint32Array(buf, o, n);
}

/**
 * Read the window (x0, y0, w, h) of `band` (0-based) into row-major Float64 values, nodata
 * left as stored — or into `out` (w × h values; a Float32Array when the caller knows the
 * samples fit it exactly). The caller has checked the window against the image.
 * @throws Error when a block is corrupt (the caller maps it to E_TIFF_CORRUPT)
 */
export async function readBlockWindow<T extends Float32Array | Float64Array = Float64Array>(fh: FileHandle, l: BlockLayout, x0: number, y0: number, w: number, h: number, band: number, into?: T): Promise<T> {
  const out = (into ?? new Float64Array(w * h)) as T;
  const bw = l.blockWidth;
  const bh = l.blockHeight;
  const across = Math.ceil(l.width / bw);
  const down = Math.ceil(l.height / bh);
  const samples = l.planar === 2 ? 1 : l.bands;
  const sampleInPixel = l.planar === 2 ? 0 : band;
  const format: BlockFormat = {
    compression: l.compression, predictor: l.predictor, width: bw, height: bh, samples,
    bytesPerSample: l.bytesPerSample, littleEndian: l.littleEndian, tiled: l.tiled,
  };
  const get = getterOf(l);
  const bx0 = Math.floor(x0 / bw);
  const bx1 = Math.floor((x0 + w - 1) / bw);
  const by0 = Math.floor(y0 / bh);
  const by1 = Math.floor((y0 + h - 1) / bh);
  for (let by = by0; by <= by1; by++) {
    // One row of blocks: read them all at once (the reads overlap), then decode in order.
    const ids: number[] = [];
    for (let bx = bx0; bx <= bx1; bx++) ids.push((l.planar === 2 ? band * across * down : 0) + by * across + bx);
    const raws = await Promise.all(ids.map(async (id) => {
      const count = Number(l.counts[id]);
      if (!(count > 0)) return null;
      const buf = new Uint8Array(count);
      const { bytesRead } = await fh.read(buf, 0, count, Number(l.offsets[id]));
      if (bytesRead !== count) throw new Error(`block ${id} is cut short (${bytesRead} of ${count} bytes)`);
      return buf;
    }));
    const r0 = Math.max(y0, by * bh);
    const r1 = Math.min(y0 + h, (by + 1) * bh, l.height);
    for (let k = 0; k < ids.length; k++) {
      const bx = bx0 + k;
      const c0 = Math.max(x0, bx * bw);
      const c1 = Math.min(x0 + w, (bx + 1) * bw, l.width);
      const raw = raws[k];
      if (raw === null || raw === undefined) {
        for (let r = r0; r < r1; r++) out.fill(l.fill, (r - y0) * w + (c0 - x0), (r - y0) * w + (c1 - x0));
        continue;
      }
      // Rows r0…r1 of the image are rows up to r1 − by·bh of this block: decode no further.
      const block = decodeBlock(raw, format, r1 - by * bh);
      const rowsInBlock = Math.floor(block.length / (bw * samples * l.bytesPerSample));
      if (r1 - by * bh > rowsInBlock) throw new Error(`block ${ids[k]} holds ${rowsInBlock} rows, fewer than the image needs`);
      const view = typedView(block, l);
      for (let r = r0; r < r1; r++) {
        const src = ((r - by * bh) * bw + (c0 - bx * bw)) * samples + sampleInPixel;
        const dst = (r - y0) * w + (c0 - x0);
        const n = c1 - c0;
        if (view && samples === 1) {
          out.set((view as Float32Array).subarray(src, src + n), dst);
        } else if (view) {
          for (let i = 0; i < n; i++) out[dst + i] = view[src + i * samples]!;
        } else {
          const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
          const bps = l.bytesPerSample;
          for (let i = 0; i < n; i++) out[dst + i] = get(dv, (src + i * samples) * bps, l.littleEndian);
        }
      }
    }
  }
  return out;
}
