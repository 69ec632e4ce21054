/**
 * TIFF LZW (compression 5), decoder and encoder.
 *
 * The TIFF flavour of LZW (TIFF 6.0 §13): codes are packed most-significant-bit first,
 * start at 9 bits and grow to at most 12; 256 is Clear, 257 End-of-Information, the first
 * free code is 258; and the code width grows one code *early* — as soon as the next free
 * code reaches 2^n − 1 (511, 1023, 2047), not 2^n — which is what libtiff (and so GDAL,
 * ArcGIS) writes. Generic LZW packages (GIF/`compress` flavours) are LSB-first or change
 * width late, and the TIFF-specific ones on npm are either whole-image decoders (`tiff`,
 * `utif`) or an unmaintained 0.1 WASM build (`lzw-tiff-decoder`), so it is written here.
 *
 * Why it is fast: every dictionary entry is "the previous code's string + one byte", and
 * the previous string was just written to the output, so an entry is stored as (offset,
 * length) *into the output* instead of as a prefix chain. Emitting a code is then a forward
 * copy inside the output buffer — no chain walk, no reversal, no per-string allocation.
 * Old-style (pre-1991, LSB-first) LZW is not supported; GDAL does not write it.
 */

const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
const MAX_CODES = 4096;

/**
 * Decode one TIFF LZW strip or tile.
 * @param input the compressed bytes of the block
 * @param expectedBytes the block's full decoded size (tile width × tile height × bytes per
 *   pixel, or the strip's); decoding stops there, at EOI or at the end of the input, and
 *   bytes beyond it (some encoders pad) are dropped. Whether a shorter result is an error
 *   (a tile) or not (the last strip) is the caller's decision.
 * @returns the decoded bytes, at most `expectedBytes`, in a fresh buffer
 * @throws Error when a code is impossible (the caller turns it into E_TIFF_CORRUPT)
 */
export function decodeLzw(input: Uint8Array, expectedBytes: number): Uint8Array {
  // A little slack so that one string may run past the end before we stop.
  const out = new Uint8Array(expectedBytes + MAX_CODES);
  const entryOffset = new Int32Array(MAX_CODES);
  const entryLength = new Int32Array(MAX_CODES);
  for (let i = 0; i < 256; i++) entryLength[i] = 1;
  let next = FIRST_FREE;
  let width = 9;
  let prev = -1;
  let pos = 0;
  let bitBuf = 0;
  let bitCount = 0;
  let inPos = 0;
  const n = input.length;
  let mask = (1 << width) - 1;
  while (pos < expectedBytes) {
    // Refill MSB-first, at most two bytes per code (width ≤ 12, fewer than 8 bits left over).
    // Only the low bitCount (≤ 19) bits matter, so bits shifted out of the 32-bit integer
    // at the top are harmless and need no mask.
    if (bitCount < width) {
      if (inPos + 1 < n) {
        bitBuf = (bitBuf << 16) | (input[inPos]! << 8) | input[inPos + 1]!;
        inPos += 2;
        bitCount += 16;
      } else if (inPos < n) {
        bitBuf = (bitBuf << 8) | input[inPos++]!;
        bitCount += 8;
      }
      if (bitCount < width) break; // input exhausted without EOI
    }
    bitCount -= width;
    const code = (bitBuf >>> bitCount) & mask;
    if (code === CLEAR) {
      next = FIRST_FREE;
      width = 9;
      mask = 511;
      prev = -1;
      continue;
    }
    if (code === EOI) break;
    if (code < 256) {
      out[pos] = code;
      // The new entry first: it reads prev's offset, which is code's own when code === prev.
      if (prev >= 0 && next < MAX_CODES) {
        entryOffset[next] = entryOffset[prev]!;
        entryLength[next] = entryLength[prev]! + 1;
        next++;
      }
      entryOffset[code] = pos; // a literal's "string" is where it was last written
      pos++;
    } else {
      if (prev < 0 || code > next) throw new Error(`invalid LZW code ${code} (next free code ${next})`);
      // code === next is the KwKwK case: prev's string + its own first byte. The forward
      // byte copy below produces it, because the byte it needs is written just before.
      const src = code === next ? entryOffset[prev]! : entryOffset[code]!;
      const len = code === next ? entryLength[prev]! + 1 : entryLength[code]!;
      if (len < 16 || src + len > pos) {
        for (let i = 0; i < len; i++) out[pos + i] = out[src + i]!;
      } else {
        out.copyWithin(pos, src, src + len);
      }
      if (next < MAX_CODES) {
        entryOffset[next] = entryOffset[prev]!;
        entryLength[next] = entryLength[prev]! + 1;
        next++;
      }
      entryOffset[code] = pos;
      pos += len;
    }
    prev = code;
    // Early change: widen when the next free code reaches 2^width − 1.
    if (next >= mask && width < 12) {
      width++;
      mask = (1 << width) - 1;
    }
  }
  return out.slice(0, Math.min(pos, expectedBytes));
}

/**
 * Encode bytes as one TIFF LZW block (libtiff-compatible: Clear first, early change, a Clear
 * before the table passes 4093 entries, EOI last). Used by the GeoTIFF writer for LZW output
 * and to make LZW fixtures without GDAL. Deterministic: same input → same bytes.
 * @param input the raw (already predicted) block bytes
 * @returns the compressed block
 */
export function encodeLzw(input: Uint8Array): Uint8Array {
  let out = new Uint8Array(Math.max(64, (input.length * 3) >> 1));
  let outPos = 0;
  let bitBuf = 0;
  let bitCount = 0;
  const emit = (code: number, width: number): void => {
    bitBuf = (bitBuf << width) | code;
    bitCount += width;
    while (bitCount >= 8) {
      bitCount -= 8;
      if (outPos >= out.length) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[outPos++] = (bitBuf >>> bitCount) & 0xff;
    }
    bitBuf &= (1 << bitCount) - 1;
  };
  // Open-addressing table: key (prefix code << 8 | byte) → code. 8192 slots hold the at
  // most 3836 entries of one table generation at < 50 % load; cleared by fill on Clear.
  const SLOTS = 8192;
  const keys = new Int32Array(SLOTS).fill(-1);
  const codes = new Int16Array(SLOTS);
  let next = FIRST_FREE;
  let width = 9;
  emit(CLEAR, width);
  if (input.length === 0) {
    emit(EOI, width);
    if (bitCount > 0) emit(0, 8 - bitCount);
    return out.slice(0, outPos);
  }
  let w = input[0]!;
  for (let i = 1; i < input.length; i++) {
    const c = input[i]!;
    const key = (w << 8) | c;
    let h = Math.imul(key, 0x9e3779b1) >>> 19; // 13-bit multiplicative hash
    while (keys[h] !== -1 && keys[h] !== key) h = (h + 1) & (SLOTS - 1);
    if (keys[h] === key) {
      w = codes[h]!;
      continue;
    }
    emit(w, width);
    keys[h] = key;
    codes[h] = next++;
    if (next >= 1 << width && width < 12) width++;
    if (next >= 4093) {
      emit(CLEAR, width);
      keys.fill(-1);
      next = FIRST_FREE;
      width = 9;
    }
    w = c;
  }
  emit(w, width);
  // The decoder adds one more entry after the last code, which can widen the EOI code.
  next++;
  if (next >= 1 << width && width < 12) width++;
  emit(EOI, width);
  if (bitCount > 0) emit(0, 8 - bitCount);
  return out.slice(0, outPos);
}
