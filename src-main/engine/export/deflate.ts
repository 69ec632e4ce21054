/**
 * zlib-format Deflate compression through libdeflate (npm `libdeflate`, WASM, MIT).
 *
 * Why not node:zlib? On predicted Float32 tiles libdeflate level 6 is about twice as fast
 * as zlib level 6 for the same ratio (GDAL compresses GeoTIFF tiles with libdeflate too),
 * and output size is what a census delivery pays for. The WASM runs synchronously on the
 * calling thread — a worker thread that calls it compresses in parallel with the main one.
 *
 * Determinism: the package is pinned to one exact version in package.json, so the same
 * input and level give the same bytes on every install.
 */
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
