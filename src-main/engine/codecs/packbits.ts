/**
 * PackBits (TIFF compression 32773, Apple's byte-oriented run-length code), decoder and
 * encoder. A header byte n in 0…127 copies the next n + 1 bytes literally, −127…−1 repeats
 * the next byte 1 − n times, −128 is a no-op. geotiff.js's own decoder pushes every byte into
 * a JavaScript array; this one writes into a buffer of the known block size.
 */

/**
 * Decode one PackBits block.
 * @param input compressed bytes
 * @param expectedBytes the block's full decoded size; decoding stops there or at the end of
 *   the input (whether a shorter result is an error is the caller's decision)
 * @returns the decoded bytes, at most `expectedBytes`
 */
export function decodePackBits(input: Uint8Array, expectedBytes: number): Uint8Array {
  const out = new Uint8Array(expectedBytes);
  let pos = 0;
  let i = 0;
  const n = input.length;
  while (pos < expectedBytes && i < n) {
    const h = (input[i++]! << 24) >> 24; // as signed byte
    if (h >= 0) {
      const len = Math.min(h + 1, expectedBytes - pos, n - i);
      out.set(input.subarray(i, i + len), pos);
      pos += len;
      i += h + 1;
    } else if (h !== -128) {
      if (i >= n) break;
      const len = Math.min(1 - h, expectedBytes - pos);
      out.fill(input[i++]!, pos, pos + len);
      pos += len;
    }
  }
  return pos === expectedBytes ? out : out.slice(0, pos);
}

/**
 * Encode bytes as PackBits (runs of 3 or more become repeat packets; at most 128 bytes per
 * packet, as the TIFF specification requires). Deterministic. For fixtures and writers.
 */
export function encodePackBits(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    let run = 1;
    while (i + run < n && run < 128 && input[i + run] === input[i]) run++;
    if (run >= 3) {
      out.push(257 - run, input[i]!); // header 1 − run as an unsigned byte
      i += run;
      continue;
    }
    // Literal packet up to the next run of 3 or 128 bytes.
    const start = i;
    while (i < n && i - start < 128) {
      if (i + 2 < n && input[i] === input[i + 1] && input[i] === input[i + 2]) break;
      i++;
    }
    out.push(i - start - 1);
    for (let j = start; j < i; j++) out.push(input[j]!);
  }
  return Uint8Array.from(out);
}
