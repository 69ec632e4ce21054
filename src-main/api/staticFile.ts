/**
 * The built UI's files, for both transports (the Electron `riskatlas://app/` protocol and the
 * loopback server): a URL path is mapped into the UI folder and served only when the file,
 * once every symbolic link is resolved, really lies inside that folder — `..` in any
 * encoding, backslashes, and links pointing outside are all refused.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { isInside } from '../engine/io/containedPath';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** A static file found for a URL path: its bytes and content type. */
export interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

/**
 * The file of the UI folder `root` that URL path `pathname` (as received, percent-encoded)
 * names; `/` is `index.html`. Returns 'forbidden' when the path leads outside the folder (by
 * `..`, an absolute path, or a symbolic link), null when there is no such file.
 */
export async function staticFile(root: string, pathname: string): Promise<StaticFile | 'forbidden' | null> {
  let rel: string;
  try {
    rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  } catch {
    return 'forbidden'; // malformed percent-encoding
  }
  if (rel.includes('\0') || rel.includes('\\')) return 'forbidden';
  const base = resolve(root);
  const file = resolve(join(base, rel));
  if (!isInside(base, file)) return 'forbidden';
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return null;
  }
  if (!isInside(await realpath(base), real)) return 'forbidden';
  try {
    const bytes = await readFile(real);
    return { body: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), type: TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null; // a folder, or unreadable
  }
}
