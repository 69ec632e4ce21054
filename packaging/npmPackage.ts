/**
 * The npm package of the command line, made and installed as a contractor would, for the
 * packed-tarball test and `npm run bench:startup`: a folder holding package.json and what its
 * `files` names, with the bundles built into its out/ (as `prepack` builds them), packed with
 * `npm pack`, then installed with `npm install -g` into a prefix of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Build main, preload, renderer and buildInfo.json from the sources at `root` into `outDir` (electron-vite's out/ layout). */
export function buildBundle(root: string, outDir: string): void {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`electron-vite build failed: ${r.stderr || r.stdout}`);
}

export interface PackedPackage {
  /** The tarball. */
  file: string;
  /** Paths inside the package, as npm pack listed them. */
  files: string[];
}

/** Stage the package of the sources at `root` in `workDir/stage`, build it, and `npm pack` it into `workDir`. */
export function packNpmPackage(root: string, workDir: string): PackedPackage {
  const stage = join(workDir, 'stage');
  mkdirSync(stage, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));
  for (const entry of pkg.files.filter((f) => !f.startsWith('!') && !f.startsWith('out/'))) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  buildBundle(root, join(stage, 'out'));
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], { cwd: stage, encoding: 'utf8' });
  const packed = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0]!;
  return { file: join(workDir, packed.filename), files: packed.files.map((f) => f.path) };
}

/**
 * `npm install -g <tarball>` into `prefix`; returns the installed package's folder. The
 * dependencies come from npm's cache where `npm ci` left them (`--prefer-offline`).
 */
export function installGlobally(tarball: string, prefix: string): string {
  execFileSync(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], { encoding: 'utf8', timeout: 300_000 });
  return process.platform === 'win32' ? join(prefix, 'node_modules', 'riskatlas') : join(prefix, 'lib', 'node_modules', 'riskatlas');
}
