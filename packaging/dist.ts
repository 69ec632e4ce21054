/**
 * `npm run dist`: the installers — Windows x64 NSIS (per user, no administrator rights, folder
 * of the user's choice) and portable, Linux x64 and arm64 AppImage and deb — in `dist/`.
 *   1. Electron's release archive for every target must be in the Electron cache or
 *      downloadable; if one is not, stop with one line saying what is missing and how to
 *      provide it (exit 1) — before anything is built.
 *   2. Build the bundles (electron-vite, into out/).
 *   3. Stage each target's native @napi-rs/canvas binary.
 *   4. electron-builder, one target after the other (packaging/builderConfig.ts).
 * Options: `--target <os>-<arch>` (repeatable; win-x64, linux-x64, linux-arm64), `--dir`
 * (unpacked folders only, no installers), `--electron-dist <zip or folder>` (this Electron for
 * every target, no archive check), `--bundle <dir>` (take built bundles from there, no build),
 * `--out <dir>` (default dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Arch, build, Platform } from 'electron-builder';
import { builderConfig } from './builderConfig';
import { electronArchives, type ArchiveSource } from './electronArchive';
import { stageCanvasBinary } from './nativeCanvas';
import { PACKAGE_TARGETS, targetKey, type PackageTarget } from './targets';

const root = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  process.stderr.write(`riskatlas dist: ${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    target: { type: 'string', multiple: true },
    dir: { type: 'boolean' },
    'electron-dist': { type: 'string' },
    bundle: { type: 'string' },
    out: { type: 'string' },
  },
});

const targets: PackageTarget[] = values.target?.length
  ? values.target.map((key) => PACKAGE_TARGETS.find((t) => targetKey(t) === key) ?? fail(`unknown target "${key}" (known: ${PACKAGE_TARGETS.map(targetKey).join(', ')})`))
  : PACKAGE_TARGETS;

const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
let sources: (ArchiveSource | null)[];
if (values['electron-dist']) sources = targets.map(() => null);
else {
  try {
    sources = await electronArchives(electronVersion, targets);
  } catch (err) {
    fail((err as Error).message);
  }
}

let bundleDir = values.bundle ? resolve(values.bundle) : join(root, 'out');
if (!values.bundle) {
  const built = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) fail('the build (electron-vite build) failed');
  bundleDir = join(root, 'out');
}

// The canvas binaries are staged in a folder of this run's own, removed afterwards.
const nativeDir = mkdtempSync(join(tmpdir(), 'riskatlas-native-'));
const outputDir = resolve(values.out ?? join(root, 'dist'));
try {
  for (const [i, t] of targets.entries()) {
    stageCanvasBinary(root, nativeDir, t);
    const source = sources[i];
    const electronDist = values['electron-dist'] ? resolve(values['electron-dist']) : source?.kind === 'cached' ? source.path : undefined;
    const platform = t.os === 'win' ? Platform.WINDOWS : Platform.LINUX;
    await build({
      projectDir: root,
      config: builderConfig({ bundleDir, nativeDir, outputDir, ...(electronDist ? { electronDist } : {}) }),
      targets: platform.createTarget(values.dir ? 'dir' : t.formats, Arch[t.arch]),
      publish: 'never',
    });
  }
} finally {
  rmSync(nativeDir, { recursive: true, force: true });
}
console.log(`riskatlas dist: ${targets.map(targetKey).join(', ')} → ${outputDir}`);
