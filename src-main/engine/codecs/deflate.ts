/**
 * zlib-format Deflate (TIFF compression 8 "Adobe Deflate", and the old code 32946), both
 * ways: compression through libdeflate (npm `libdeflate`, WASM, MIT) for the GeoTIFF writer,
 * decompression through Node's native zlib for the readers.
 *
 * Why two libraries? On predicted Float32 tiles libdeflate level 6 is about twice as fast
 * as node:zlib level 6 for the same ratio (GDAL compresses GeoTIFF tiles with libdeflate too),
 * and output size is what a census delivery pays for. The npm package only compresses, and
 * Node's inflate is native and fast, with a streaming mode that lets a reader stop after
 * the first rows of a block. libdeflate's WASM runs synchronously on the calling thread — a
 * worker thread that calls it compresses in parallel with the main one.
 *
 * Determinism: the package is pinned to one exact version in package.json, so the same
 * input and level give the same bytes on every install.
 */
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import { zlib } from 'libdeflate';

let ready = false;

/**
 * The Emscripten runtime inside `libdeflate` registers process-wide 'uncaughtException' and
 * 'unhandledRejection' listeners that rethrow when its module is created (on the first call).
 * A listener that throws makes Node exit at once, bypassing the application's own handlers
 * (the Electron main process logs and keeps running; vitest reports the error) — so the
 * module is created here once and whatever listeners it added are removed again.
 */
function init(): void {
  const proc: NodeJS.EventEmitter = process;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((e) => new Set(proc.listeners(e)));
  zlib(new Uint8Array(1), 1);
  events.forEach((e, i) => {
    for (const l of proc.listeners(e)) if (!before[i]!.has(l)) proc.removeListener(e, l as (...args: unknown[]) => void);
  });
  ready = true;
}

/**
 * Compress `bytes` as a zlib stream (RFC 1950: header, raw Deflate, Adler-32) — TIFF
 * compression 8 ("Adobe Deflate"). `level` 1 (fastest) … 12 (smallest); 6 by default.
 * Returns a fresh buffer; `bytes` is not modified.
 */
export function zlibCompress(bytes: Uint8Array, level = 6): Uint8Array {
  if (!ready) init();
  return zlib(bytes, level);
}

/**
 * zlib output chunk for a block of `bytes`: the whole block, so that zlib allocates once,
 * but at most 4 MiB, so that a file declaring absurd tile sizes cannot make one read
 * allocate gigabytes before its data is even looked at.
 */
function chunkSizeFor(bytes: number): number {
  return Math.min(Math.max(64, bytes), 1 << 22);
}

/**
 * The first `needed` bytes of a zlib-compressed block whose whole decoded size is `full`,
 * inflating only a prefix of the stream when that is a small part of the block (a window's
 * edge that takes a block's top rows only). Deflate decodes front to back, so a prefix of
 * the input yields a prefix of the output; the prefix is sized from the block's compression
 * ratio with a margin, and when it falls short the whole block is inflated.
 * @returns at most `needed` bytes (fewer when the stream holds fewer); possibly a view into
 *   a buffer zlib shares between small outputs, so copy it before keeping it
 * @throws Error for a damaged stream (zlib's error; the reader maps it to E_TIFF_CORRUPT)
 */
export function inflatePrefix(input: Uint8Array, needed: number, full: number): Uint8Array {
  if (needed < full / 2) {
    const guess = Math.ceil((input.length * needed * 1.5) / full) + 4096;
    if (guess < input.length) {
      try {
        // Z_SYNC_FLUSH: return what the truncated stream gives instead of "unexpected end of file".
        const part = inflateSync(input.subarray(0, guess), { finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: chunkSizeFor(needed) });
        if (part.length >= needed) return part.subarray(0, needed);
      } catch {
        // A damaged prefix: the full inflate below reports it.
      }
    }
  }
  const out = inflateSync(input, { chunkSize: chunkSizeFor(full) });
  return out.length > needed ? out.subarray(0, needed) : out;
}
