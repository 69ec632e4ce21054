/**
 * The native @napi-rs/canvas binary of each target, staged where the electron-builder
 * configuration takes it from (`<native dir>/<os>-<arch>/node_modules/@napi-rs/canvas-…`;
 * `npm run dist` stages into a temporary folder of its own).
 * npm installs only the binary of the machine it runs on; a build machine packaging for
 * another platform fetches that platform's package from the npm registry (`npm pack`), at
 * exactly the version @napi-rs/canvas names as its optional dependency.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canvasBinaryPackage, nodePlatform, targetKey, type TargetArch, type TargetOs } from './targets';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The version of a target's binary package that the installed @napi-rs/canvas expects. */
export function canvasBinaryVersion(root: string, t: { os: TargetOs; arch: TargetArch }): string {
  const canvas = readJson<{ optionalDependencies: Record<string, string> }>(join(root, 'node_modules', '@napi-rs', 'canvas', 'package.json'));
  const version = canvas.optionalDependencies[canvasBinaryPackage(t)];
  if (!version) throw new Error(`@napi-rs/canvas has no prebuilt binary for ${targetKey(t)}`);
  return version;
}

/**
 * Stage the target's canvas binary under `nativeDir/<os>-<arch>/node_modules` and return that
 * folder: copied from node_modules when npm installed it here (the build machine's own
 * platform, at the expected version), else fetched with `npm pack` and unpacked.
 */
export function stageCanvasBinary(root: string, nativeDir: string, t: { os: TargetOs; arch: TargetArch }): string {
  const name = canvasBinaryPackage(t);
  const version = canvasBinaryVersion(root, t);
  const modules = join(nativeDir, targetKey(t), 'node_modules');
  const dest = join(modules, name);
  if (existsSync(join(dest, 'package.json')) && readJson<{ version: string }>(join(dest, 'package.json')).version === version) return modules;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const installed = join(root, 'node_modules', name);
  if (existsSync(join(installed, 'package.json')) && readJson<{ version: string }>(join(installed, 'package.json')).version === version) {
    cpSync(installed, dest, { recursive: true });
    return modules;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ra-canvas-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', `${name}@${version}`, '--pack-destination', tmp, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${name}@${version} produced no archive`);
    execFileSync('tar', ['-xzf', join(tmp, tgz), '-C', dest, '--strip-components=1'], { stdio: 'inherit' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!readdirSync(dest).some((f) => f.endsWith('.node'))) throw new Error(`${name}@${version} holds no native binary for ${nodePlatform(t.os)}-${t.arch}`);
  return modules;
}
