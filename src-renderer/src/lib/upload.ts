/**
 * Uploading files through the API in chunks (serve mode and Electron alike: the renderer
 * reads the file the user dropped or chose, and sends its bytes as base64 chunks that fit
 * the server's 1 MiB body limit), and grouping the dropped files into layers.
 */

/**
 * Bytes per chunk: `UPLOAD_CHUNK_BYTES` of the API contract (a test keeps them equal; the
 * renderer imports the contract for types only, so the number is repeated here).
 */
export const CHUNK_BYTES = 783_360;

/** Shapefile parts that travel with their .shp. */
const SHAPEFILE_PARTS = /\.(shp|shx|dbf|prj|cpg|sbn|sbx|qix|qpj|xml)$/i;

/**
 * Group files into one import each: the parts of a shapefile (same base name) go together,
 * every other file alone. Sidecars without a .shp are returned as `orphans`.
 */
export function groupForImport<F extends { name: string }>(files: F[]): { groups: F[][]; orphans: F[] } {
  const byBase = new Map<string, F[]>();
  const groups: F[][] = [];
  for (const f of files) {
    if (SHAPEFILE_PARTS.test(f.name)) {
      const base = f.name.replace(/\.[^.]+$/, '').toLowerCase();
      byBase.set(base, [...(byBase.get(base) ?? []), f]);
    } else groups.push([f]);
  }
  const orphans: F[] = [];
  for (const parts of byBase.values()) {
    if (parts.some((p) => /\.shp$/i.test(p.name))) groups.push(parts);
    else orphans.push(...parts);
  }
  return { groups, orphans };
}

/** Base64 of bytes, in slices so large chunks do not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The byte ranges [start, end) a file of `size` bytes is sent in. */
export function chunkRanges(size: number, chunk = CHUNK_BYTES): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < size; s += chunk) out.push([s, Math.min(size, s + chunk)]);
  return out;
}
