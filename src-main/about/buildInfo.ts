/**
 * What the about box tells about a build: the version, the commit it was built from, and the
 * licences of what ships with it — every npm package installed beside it at run time (the
 * production dependencies, followed through their own dependencies), every package compiled
 * into the bundles (the renderer's React and OpenLayers), and the bundled map fonts. Collected
 * at build time by electron.vite.config.ts into `out/buildInfo.json`; collected live when
 * RiskAtlas runs from its sources. Pure Node: no Electron.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuildInfo, LicenceEntry } from '../../src-shared/about';

interface PackageJson {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** The folder of package `name` as Node would find it from `fromDir` (node_modules upwards); null when not installed. */
function findPackage(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Every package a production install of the package at `root` holds: its `dependencies`, and
 * theirs, and the optional ones that are installed here (e.g. the one native @napi-rs/canvas
 * binary of this platform). Map of name → folder.
 */
export function productionPackages(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string): void => {
    const pkg = readJson(join(dir, 'package.json'));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const at = findPackage(name, dir);
      if (!at || found.has(name)) continue;
      found.set(name, at);
      visit(at);
    }
  };
  visit(root);
  return found;
}

/** The name of the npm package a bundled module file belongs to (the last `node_modules/[@scope/]name` of its path), or null. */
export function packageOfModule(moduleId: string): string | null {
  const parts = moduleId.split(/[\\/]node_modules[\\/]/);
  if (parts.length < 2) return null;
  const [first, second] = parts.at(-1)!.split(/[\\/]/);
  return first!.startsWith('@') && second ? `${first}/${second}` : first!;
}

/**
 * The licence a package declares in its package.json, as one string; a package that declares
 * none is named by the first line of its licence file (png-js: "MIT LICENSE"), else `UNKNOWN`.
 */
function licenceOf(pkg: PackageJson, dir: string): string {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  const legacy = (pkg.licenses ?? []).map((l) => l.type).filter(Boolean);
  if (legacy.length) return legacy.join(' OR ');
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  return file ? (readFileSync(join(dir, file), 'utf8').split('\n').find((l) => l.trim())?.trim() ?? 'UNKNOWN') : 'UNKNOWN';
}

/**
 * The bundled fonts (`*.ttf` in `fontsDir`): name and copyright from each font file (read with
 * fontkit, pdfkit's font engine), the licence from the sentence "licensed under the …" of the
 * licence text beside them (`OFL.txt`).
 */
export function fontLicences(fontsDir: string): LicenceEntry[] {
  const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): { fullName: string; copyright: string; version: string | number } };
  const texts = readdirSync(fontsDir).filter((f) => /\.txt$/i.test(f) && !/readme/i.test(f));
  const licence = texts.map((f) => /licensed under the ([^.]+(?:\.\d+)*)/i.exec(readFileSync(join(fontsDir, f), 'utf8'))?.[1]).find(Boolean) ?? 'UNKNOWN';
  return readdirSync(fontsDir)
    .filter((f) => /\.(ttf|otf)$/i.test(f))
    .sort()
    .map((f) => {
      const font = fontkit.openSync(join(fontsDir, f));
      // The version record reads "Version 2.004-H2;hotconv …": the part before the tool notes.
      return { name: font.fullName, version: String(font.version).split(';')[0]!.replace(/^Version\s*/i, ''), licence, kind: 'font' as const, copyright: font.copyright };
    });
}

/** The commit the work tree at `root` is at (`RISKATLAS_COMMIT` wins, for builds from an exported tree). */
export function gitCommit(root: string): string {
  if (process.env.RISKATLAS_COMMIT) return process.env.RISKATLAS_COMMIT;
  try {
    const git = (...args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

/**
 * Everything the about box shows of the package at `root`. `bundled` names the npm packages
 * whose code was compiled into the bundles (they are not installed beside the app, so only the
 * build knows them); their licences are listed with the installed ones.
 */
export function collectBuildInfo(root: string, bundled: Iterable<string> = []): BuildInfo {
  const own = readJson(join(root, 'package.json'));
  const packages = productionPackages(root);
  for (const name of bundled) {
    const at = findPackage(name, root);
    if (at && name !== own.name) packages.set(name, at);
  }
  const libraries = [...packages.values()].map((dir): LicenceEntry => {
    const pkg = readJson(join(dir, 'package.json'));
    return { name: pkg.name!, version: pkg.version ?? '', licence: licenceOf(pkg, dir), kind: 'library' };
  });
  libraries.sort((a, b) => a.name.localeCompare(b.name));
  return { version: own.version ?? '0.0.0', commit: gitCommit(root), licences: [...fontLicences(join(root, 'resources', 'fonts')), ...libraries] };
}
