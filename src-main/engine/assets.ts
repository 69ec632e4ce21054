/**
 * The engine's own files — the fonts the map sheets embed, and the data tables under
 * `resources/` — and the software version it records in every output. They ship inside the
 * RiskAtlas package, so they are found from the package itself: the same code runs from
 * TypeScript sources (CLI via tsx, tests), from the bundles in `out/` (a clone, or the installed
 * npm package), and from a packaged app, at different depths, so the root is found by walking up
 * to RiskAtlas's package.json (`RISKATLAS_ROOT` overrides it). In a packaged app the root is the
 * `app.asar` archive; `resources/` is unpacked beside it (`app.asar.unpacked/resources`, see
 * packaging/builderConfig.ts) because native code (canvas's font loader) and file handles need
 * real files, so resource paths point there. Where the *app* keeps its own files (the demo
 * county, the built renderer) is the shell's business: `src-main/appPaths.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the folder holding RiskAtlas's package.json and resources/. */
export function packageRoot(): string {
  if (cached) return cached;
  if (process.env.RISKATLAS_ROOT) return (cached = process.env.RISKATLAS_ROOT);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'riskatlas') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('RiskAtlas root (package.json) not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The version in package.json, recorded in provenance and GeoTIFF metadata. */
export function softwareVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Where a file packed into an Electron asar archive but marked unpacked really is: the same
 * path with `<name>.asar` replaced by `<name>.asar.unpacked`. Any other path is returned as is.
 */
export function unpackedPath(path: string): string {
  return path.replace(/\.asar(?=[\\/]|$)/, '.asar.unpacked');
}

/** A file under the package's `resources/` folder, e.g. `resourcePath('fonts', 'NotoSansSC-Regular.ttf')`. */
export function resourcePath(...parts: string[]): string {
  return join(unpackedPath(packageRoot()), 'resources', ...parts);
}
