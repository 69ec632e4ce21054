/**
 * The TIFF predictors (compression 5/8 files: Predictor tag 2 or 3), applied before
 * compression by the GeoTIFF writer and undone after decompression by the readers.
 *
 * - Predictor 2 (horizontal differencing, TIFF 6.0 §14): each sample is stored as the
 *   difference to the sample of the same channel one pixel to the left, modulo 2^bits.
 * - Predictor 3 (floating point, Adobe TIFF Technote 3 / libtiff fpAcc/fpDiff): each row's
 *   samples are split into byte planes, most significant byte first, whatever the file's
 *   byte order, and the bytes of the row are differenced.
 *
 * Applying ({@link predictHorizontal}, {@link predictFloat}) works on typed arrays in the
 * host's byte order, one sample per pixel — what the writer holds, and it writes
 * little-endian files on little-endian hosts (every platform Node ships on).
 *
 * Undoing ({@link undoPredictor}) works in the *file's* byte order, any number of
 * interleaved samples. geotiff.js applies predictors itself (BaseDecoder.decode →
 * applyPredictor), but with typed-array views in the host's byte order, so big-endian ("MM")
 * files with 16/32-bit horizontal prediction or with the floating-point predictor come out
 * byte-swapped; and its floating-point path copies every row. Our decoders therefore undo
 * the predictor here and hand geotiff.js the bytes exactly as an unpredicted file would hold
 * them.
 */
import type { PixelArray } from '../../../src-shared/layer';

/** Block layout needed to undo a predictor. */
export interface PredictorLayout {
  /** 1 none, 2 horizontal, 3 floating point. */
  predictor: number;
  /** Pixels per row of the block (tile width, or image width for strips). */
  width: number;
  /** Bytes per sample (1, 2, 4 or 8; all samples of a block have the same size). */
  bytesPerSample: number;
  /** Samples interleaved per pixel in this block: samplesPerPixel, or 1 for planar configuration 2. */
  samples: number;
  /** The file's byte order. */
  littleEndian: boolean;
}

/**
 * Undo the predictor in place on a decoded block (rows beyond the data, as in a short last
 * strip, are simply not there). Returns the same array.
 * @throws Error for a predictor/sample size TIFF does not define (e.g. predictor 3 on bytes)
 */
export function undoPredictor(block: Uint8Array, l: PredictorLayout): Uint8Array {
  if (l.predictor === 1) return block;
  const rowBytes = l.width * l.samples * l.bytesPerSample;
  const rows = Math.floor(block.length / rowBytes);
  if (l.predictor === 2) {
    for (let r = 0; r < rows; r++) horizontalRow(block, r * rowBytes, rowBytes, l);
    return block;
  }
  if (l.predictor === 3) {
    if (l.bytesPerSample !== 2 && l.bytesPerSample !== 4 && l.bytesPerSample !== 8) throw new Error(`floating-point predictor with ${l.bytesPerSample}-byte samples`);
    const tmp = new Uint8Array(rowBytes);
    for (let r = 0; r < rows; r++) floatRow(block, r * rowBytes, rowBytes, tmp, l);
    return block;
  }
  throw new Error(`unknown predictor ${l.predictor}`);
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function horizontalRow(b: Uint8Array, o: number, rowBytes: number, l: PredictorLayout): void {
  const bps = l.bytesPerSample;
  const stride = l.samples * bps;
  const end = o + rowBytes;
  if (bps === 1) {
    for (let i = o + stride; i < end; i++) b[i] = b[i]! + b[i - stride]!;
    return;
  }
  // Fast path: a little-endian file on a little-endian host (every platform Node ships on),
  // block aligned — typed arrays wrap modulo 2^bits exactly like the C types.
  if (l.littleEndian && HOST_LITTLE_ENDIAN && (b.byteOffset + o) % bps === 0 && (bps === 2 || bps === 4)) {
    const a = bps === 2 ? new Uint16Array(b.buffer, b.byteOffset + o, rowBytes / 2) : new Uint32Array(b.buffer, b.byteOffset + o, rowBytes / 4);
    const s = l.samples;
    for (let i = s; i < a.length; i++) a[i] = a[i]! + a[i - s]!;
    return;
  }
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = l.littleEndian;
  if (bps === 2) {
    for (let i = o + stride; i < end; i += 2) dv.setUint16(i, dv.getUint16(i, le) + dv.getUint16(i - stride, le), le);
  } else if (bps === 4) {
    for (let i = o + stride; i < end; i += 4) dv.setUint32(i, (dv.getUint32(i, le) + dv.getUint32(i - stride, le)) >>> 0, le);
  } else if (bps === 8) {
    for (let i = o + stride; i < end; i += 8) dv.setBigUint64(i, BigInt.asUintN(64, dv.getBigUint64(i, le) + dv.getBigUint64(i - stride, le)), le);
  } else {
    throw new Error(`horizontal predictor with ${bps}-byte samples`);
  }
}

function floatRow(b: Uint8Array, o: number, rowBytes: number, tmp: Uint8Array, l: PredictorLayout): void {
  const bps = l.bytesPerSample;
  const stride = l.samples;
  // 1. Undo the byte differencing along the row (channels interleave at byte level).
  for (let i = o + stride, end = o + rowBytes; i < end; i++) b[i] = b[i]! + b[i - stride]!;
  // 2. Re-interleave the byte planes: plane p holds byte p of every sample, MSB first.
  tmp.set(b.subarray(o, o + rowBytes));
  const wc = rowBytes / bps;
  for (let p = 0; p < bps; p++) {
    const dst = l.littleEndian ? bps - 1 - p : p;
    const src = p * wc;
    for (let i = 0; i < wc; i++) b[o + i * bps + dst] = tmp[src + i]!;
  }
}

/** Rows of `width` samples in `n` samples; throws when `n` is not a whole number of rows. */
function checkRows(n: number, width: number): void {
  if (!Number.isInteger(width) || width < 1 || n % width !== 0) throw new Error(`${n} samples are not whole rows of ${width}`);
}

/**
 * Apply predictor 2 to integer samples: per row, each sample minus its left neighbour,
 * wrapping like the C integer type. Two's-complement subtraction gives the same bits for
 * signed and unsigned types, so one loop per sample size over unsigned (or int32) views of
 * the bytes serves all six integer types — and stays monomorphic, which is what keeps it fast.
 * @param samples row-major samples, a whole number of rows; not modified
 * @param width samples per row (the tile width)
 * @param bytesPerSample 1, 2 or 4 (the sample size of `samples`)
 * @returns the differenced samples' bytes (host byte order) in a buffer of their own
 * @throws Error for another sample size or a partial last row
 */
export function predictHorizontal(samples: PixelArray, width: number, bytesPerSample: number): Uint8Array {
  const n = samples.length;
  checkRows(n, width);
  const out = new Uint8Array(n * bytesPerSample);
  if (bytesPerSample === 1) {
    diffRows8(new Uint8Array(samples.buffer, samples.byteOffset, n), out, width);
  } else if (bytesPerSample === 2) {
    diffRows16(new Uint16Array(samples.buffer, samples.byteOffset, n), new Uint16Array(out.buffer), width);
  } else if (bytesPerSample === 4) {
    diffRows32(new Int32Array(samples.buffer, samples.byteOffset, n), new Int32Array(out.buffer), width);
  } else {
    throw new Error(`horizontal predictor with ${bytesPerSample}-byte samples`);
  }
  return out;
}

function diffRows8(src: Uint8Array, dst: Uint8Array, width: number): void {
  for (let o = 0; o < src.length; o += width) {
    let prev = 0;
    for (let i = o, e = o + width; i < e; i++) {
      const v = src[i]!;
      dst[i] = v - prev; // the store wraps modulo 2^8
      prev = v;
    }
  }
}

function diffRows16(src: Uint16Array, dst: Uint16Array, width: number): void {
  for (let o = 0; o < src.length; o += width) {
    let prev = 0;
    for (let i = o, e = o + width; i < e; i++) {
      const v = src[i]!;
      dst[i] = v - prev;
      prev = v;
    }
  }
}

function diffRows32(src: Int32Array, dst: Int32Array, width: number): void {
  for (let o = 0; o < src.length; o += width) {
    let prev = 0;
    for (let i = o, e = o + width; i < e; i++) {
      const v = src[i]!;
      dst[i] = (v - prev) | 0;
      prev = v;
    }
  }
}

/**
 * Apply predictor 3 (libtiff's floating-point predictor) to float samples: per row, the
 * samples' bytes are split into byte planes, most significant first (plane 0 holds every
 * sample's sign/exponent byte), then each byte of the row minus the one before it, across
 * plane boundaries.
 *
 * Done in one pass per row: each sample is read once as 32-bit word(s), its bytes picked out
 * with shifts and differenced against the same plane's previous byte (one running value per
 * plane), and the first byte of each plane is corrected afterwards by the last byte of the
 * plane before it. The host is little-endian, so a float64's most significant byte is the
 * top byte of its second word.
 * @param samples row-major Float32Array or Float64Array samples, a whole number of rows; not modified
 * @param width samples per row (the tile width)
 * @param bytesPerSample 4 or 8 (the sample size of `samples`)
 * @returns the predicted bytes in a buffer of their own
 * @throws Error for another sample size or a partial last row
 */
export function predictFloat(samples: PixelArray, width: number, bytesPerSample: number): Uint8Array {
  const n = samples.length;
  checkRows(n, width);
  const out = new Uint8Array(n * bytesPerSample);
  if (bytesPerSample === 4) predictFloat32(new Int32Array(samples.buffer, samples.byteOffset, n), out, width);
  else if (bytesPerSample === 8) predictFloat64(new Int32Array(samples.buffer, samples.byteOffset, n * 2), out, width);
  else throw new Error(`floating-point predictor with ${bytesPerSample}-byte samples`);
  return out;
}

function predictFloat32(src: Int32Array, out: Uint8Array, width: number): void {
  for (let row = 0; row < src.length; row += width) {
    const o0 = row * 4;
    const o1 = o0 + width;
    const o2 = o1 + width;
    const o3 = o2 + width;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    for (let i = 0; i < width; i++) {
      const w = src[row + i]!;
      const b0 = w >>> 24;
      const b1 = (w >>> 16) & 255;
      const b2 = (w >>> 8) & 255;
      const b3 = w & 255;
      // Uint8Array stores wrap modulo 2^8, as the byte arithmetic in libtiff does.
      out[o0 + i] = b0 - p0;
      out[o1 + i] = b1 - p1;
      out[o2 + i] = b2 - p2;
      out[o3 + i] = b3 - p3;
      p0 = b0;
      p1 = b1;
      p2 = b2;
      p3 = b3;
    }
    out[o1] -= p0;
    out[o2] -= p1;
    out[o3] -= p2;
  }
}

function predictFloat64(src: Int32Array, out: Uint8Array, width: number): void {
  const n = src.length >> 1;
  for (let row = 0; row < n; row += width) {
    const o0 = row * 8;
    const w0 = row * 2;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    let p4 = 0;
    let p5 = 0;
    let p6 = 0;
    let p7 = 0;
    for (let i = 0; i < width; i++) {
      const lo = src[w0 + 2 * i]!;
      const hi = src[w0 + 2 * i + 1]!;
      const b0 = hi >>> 24;
      const b1 = (hi >>> 16) & 255;
      const b2 = (hi >>> 8) & 255;
      const b3 = hi & 255;
      const b4 = lo >>> 24;
      const b5 = (lo >>> 16) & 255;
      const b6 = (lo >>> 8) & 255;
      const b7 = lo & 255;
      const o = o0 + i;
      out[o] = b0 - p0;
      out[o + width] = b1 - p1;
      out[o + 2 * width] = b2 - p2;
      out[o + 3 * width] = b3 - p3;
      out[o + 4 * width] = b4 - p4;
      out[o + 5 * width] = b5 - p5;
      out[o + 6 * width] = b6 - p6;
      out[o + 7 * width] = b7 - p7;
      p0 = b0;
      p1 = b1;
      p2 = b2;
      p3 = b3;
      p4 = b4;
      p5 = b5;
      p6 = b6;
      p7 = b7;
    }
    out[o0 + width] -= p0;
    out[o0 + 2 * width] -= p1;
    out[o0 + 3 * width] -= p2;
    out[o0 + 4 * width] -= p3;
    out[o0 + 5 * width] -= p4;
    out[o0 + 6 * width] -= p5;
    out[o0 + 7 * width] -= p6;
  }
}
