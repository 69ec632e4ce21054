/**
 * The platforms RiskAtlas is packaged for and what each needs of its own: the installer
 * formats, Electron's release archive, and the native @napi-rs/canvas binary.
 * Census laptops run Windows x64, and deb-based Linux on x64 and on arm64 (Kunpeng, Phytium).
 */

/** electron-builder's name of an operating system (`${os}` in its file patterns). */
export type TargetOs = 'win' | 'linux';
export type TargetArch = 'x64' | 'arm64';

export interface PackageTarget {
  os: TargetOs;
  arch: TargetArch;
  /** electron-builder target names. */
  formats: string[];
}

/** Every installer `npm run dist` builds. */
export const PACKAGE_TARGETS: PackageTarget[] = [
  { os: 'win', arch: 'x64', formats: ['nsis', 'portable'] },
  { os: 'linux', arch: 'x64', formats: ['AppImage', 'deb'] },
  { os: 'linux', arch: 'arm64', formats: ['AppImage', 'deb'] },
];

/** Node's name of the platform (`process.platform`, Electron's archive names). */
export const nodePlatform = (os: TargetOs): 'win32' | 'linux' => (os === 'win' ? 'win32' : 'linux');

/** `<os>-<arch>`, the name of a target's folders (native binaries). */
export const targetKey = (t: { os: TargetOs; arch: TargetArch }): string => `${t.os}-${t.arch}`;

/** The npm package of @napi-rs/canvas's prebuilt binary for a target (glibc on Linux, MSVC on Windows). */
export function canvasBinaryPackage(t: { os: TargetOs; arch: TargetArch }): string {
  return `@napi-rs/canvas-${nodePlatform(t.os)}-${t.arch}-${t.os === 'win' ? 'msvc' : 'gnu'}`;
}

/** The file name of Electron's release archive for a target, e.g. `electron-v45.4.1-linux-x64.zip`. */
export const electronArchiveName = (version: string, t: { os: TargetOs; arch: TargetArch }): string => `electron-v${version}-${nodePlatform(t.os)}-${t.arch}.zip`;
