/**
 * What a package of RiskAtlas must hold, worked out from the sources so that a new worker or
 * a new resources/ folder is checked without touching the tests: every `*.worker.ts` entry,
 * every file of every resources/ folder the engine or the app reads through `resourcePath()`,
 * the WebAssembly the engine loads; and what it must not hold (devDependencies).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { productionPackages } from '../../../src-main/about/buildInfo';

export const root = join(import.meta.dirname, '..', '..', '..');

const walk = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());

/** The bundled worker entries (`out/main/<name>.js`), one per `src-main/**\/*.worker.ts`. */
export function workerEntries(): string[] {
  return walk(join(root, 'src-main'))
    .filter((f) => f.endsWith('.worker.ts'))
    .map((f) => `out/main/${f.replace(/^.*[\\/]/, '').replace(/\.ts$/, '.js')}`);
}

/** The resources/ folders the code reads: the first argument of every `resourcePath('…'` in src-main. */
export function resourceFolders(): string[] {
  const folders = new Set<string>();
  for (const f of walk(join(root, 'src-main')).filter((p) => p.endsWith('.ts'))) {
    for (const m of readFileSync(join(root, 'src-main', f), 'utf8').matchAll(/resourcePath\(\s*['"]([^'"]+)['"]/g)) folders.add(m[1]!);
  }
  return [...folders].sort();
}

/** Every file of those folders, relative to the package root (`resources/fonts/…`); generators (`*.ts`) are not run-time files. */
export function runtimeResourceFiles(): string[] {
  return resourceFolders().flatMap((folder) =>
    walk(join(root, 'resources', folder))
      .filter((f) => !f.endsWith('.ts'))
      .map((f) => relative(root, join(root, 'resources', folder, f)).split('\\').join('/')),
  );
}

/** The WebAssembly the engine loads: sql.js's module and its .wasm (engine/io/sqlite.ts), libdeflate's module with its WASM inside. */
export const WEBASSEMBLY_FILES = ['node_modules/sql.js/dist/sql-wasm.js', 'node_modules/sql.js/dist/sql-wasm.wasm', 'node_modules/libdeflate/dist/libdeflate.wasm.mjs'];

/** devDependencies that are not also needed at run time by a production dependency. */
export function devOnlyPackages(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const production = productionPackages(root);
  return Object.keys(pkg.devDependencies).filter((name) => !production.has(name));
}

/** An environment with Node and the system's basic tools only: no npm prefix, no NODE_PATH, a fresh home. */
export function nodeOnlyEnv(home: string, extraPath: string[] = []): NodeJS.ProcessEnv {
  return { PATH: [...extraPath, dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: home, LANG: 'en_US.UTF-8', RISKATLAS_DATA_DIR: join(home, 'data') };
}
