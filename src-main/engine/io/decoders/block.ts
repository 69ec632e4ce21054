/**
 * One TIFF block (tile or strip) from its stored bytes to the bytes an uncompressed,
 * unpredicted file would hold: decompress (Deflate through Node's native zlib, LZW,
 * PackBits, or none), check the size, undo the predictor in the file's byte order.
 * Shared by the geotiff.js decoder plug-ins (./register) and RiskAtlas's own window
 * reader (./blockReader).
 */
import { inflatePrefix } from '../../codecs/deflate';
import { decodeLzw } from '../../codecs/lzw';
import { decodePackBits } from '../../codecs/packbits';
import { undoPredictor } from '../../codecs/predictor';

/** TIFF compression codes decoded here: none, LZW, Deflate, Adobe Deflate, PackBits. */
export const FAST_COMPRESSIONS: ReadonlySet<number> = new Set([1, 5, 8, 32946, 32773]);

/** What decoding a block needs to know about the file. */
export interface BlockFormat {
  /** TIFF Compression tag value (one of {@link FAST_COMPRESSIONS}). */
  compression: number;
  /** TIFF Predictor: 1 none, 2 horizontal, 3 floating point. */
  predictor: number;
  /** Pixels per block row (tile width, or image width for strips). */
  width: number;
  /** Rows of a full block (tile height, or rows per strip). */
  height: number;
  /** Samples interleaved per pixel in a block (1 when each band has its own blocks). */
  samples: number;
  /** Bytes per sample (1, 2, 4 or 8). */
  bytesPerSample: number;
  littleEndian: boolean;
  /** Tiles always hold a full block; the last strip may be shorter. */
  tiled: boolean;
}

/** Bytes of one full block. */
export function fullBlockBytes(f: BlockFormat): number {
  return f.width * f.height * f.samples * f.bytesPerSample;
}

function decompress(input: Uint8Array, f: BlockFormat, needed: number, full: number): Uint8Array {
  switch (f.compression) {
    case 1:
      return input.length > needed ? input.subarray(0, needed) : input;
    case 8:
    case 32946:
      return inflatePrefix(input, needed, full);
    case 5:
      return decodeLzw(input, needed);
    case 32773:
      return decodePackBits(input, needed);
    default:
      throw new Error(`compression ${f.compression} is not decoded here`);
  }
}

/**
 * Decode one stored block, or only its first `rows` rows (a window that ends near the top
 * of a block needs no more; LZW, PackBits and Deflate then stop early).
 * @returns the bytes in a buffer of its own (offset 0, exact length): all requested rows
 *   for a tile, up to them for a strip (the last strip may be shorter)
 * @throws Error for corrupt data (a tile that decodes short, an impossible LZW code, a zlib
 *   error); callers turn it into E_TIFF_CORRUPT
 */
export function decodeBlock(input: Uint8Array, f: BlockFormat, rows = f.height): Uint8Array {
  const full = fullBlockBytes(f);
  const needed = Math.min(full, Math.max(1, rows) * f.width * f.samples * f.bytesPerSample);
  let out = decompress(input, f, needed, full);
  if (out.length < needed && f.tiled) throw new Error(`a tile decodes to ${out.length} bytes instead of ${needed}`);
  // Small zlib outputs live inside a shared pool and an uncompressed block is a view of the
  // input; Buffer#slice would not copy, so copy through the Uint8Array constructor.
  if (out.byteOffset !== 0 || out.buffer.byteLength !== out.length || out === input) out = new Uint8Array(out);
  if (f.predictor !== 1) undoPredictor(out, { predictor: f.predictor, width: f.width, bytesPerSample: f.bytesPerSample, samples: f.samples, littleEndian: f.littleEndian });
  return out;
}
