/**
 * Where the app's own files are. The same code runs from TypeScript sources (CLI via tsx,
 * tests) and from the electron-vite bundle in `out/main`, at different depths, so the app
 * root is found by walking up to RiskAtlas's package.json (overridable for packaging).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the folder holding RiskAtlas's package.json and resources/. */
export function appRoot(): string {
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

/** The version in package.json. */
export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The bundled demo county's model document. */
export const demoModelPath = (): string => join(appRoot(), 'resources', 'sample', 'county', 'model.json');

/** Where the model document's JSON Schema is published (written by `npm run schema` from engine/model/schemaJson.ts). */
export const modelSchemaPath = (): string => join(appRoot(), 'resources', 'schema', 'model.schema.json');

/** The built renderer (electron-vite output). */
export const rendererDir = (): string => join(appRoot(), 'out', 'renderer');
