/**
 * Undoing the TIFF predictors after decompression, in the *file's* byte order.
 *
 * geotiff.js applies predictors itself (BaseDecoder.decode → applyPredictor), but with
 * typed-array views in the host's byte order, so big-endian ("MM") files with 16/32-bit
 * horizontal prediction or with the floating-point predictor come out byte-swapped; and its
 * floating-point path copies every row. Our decoders therefore undo the predictor here and
 * hand geotiff.js the bytes exactly as an unpredicted file would hold them.
 *
 * - Predictor 2 (horizontal differencing, TIFF 6.0 §14): each sample is stored as the
 *   difference to the sample of the same channel one pixel to the left, modulo 2^bits.
 * - Predictor 3 (floating point, Adobe TIFF Technote 3 / libtiff fpAcc): each row's samples
 *   are split into byte planes, most significant byte first, whatever the file's byte order,
 *   and the bytes of the row are differenced; undone by summing the bytes and re-interleaving
 *   them into the file's byte order.
 */

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
