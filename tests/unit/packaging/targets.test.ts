/**
 * Every target the installers are built for has a prebuilt @napi-rs/canvas binary at the
 * version the installed @napi-rs/canvas expects, and the configuration asks for the census
 * laptops' formats: a per-user NSIS installer without administrator rights whose folder the
 * user chooses, a portable build, AppImage and deb for x64 and arm64, the .riskatlas file
 * association and the Chinese product name; and the fuses of src-main/main/fuses.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builderConfig, builderFuses, PRODUCT_NAME } from '../../../packaging/builderConfig';
import { canvasBinaryVersion } from '../../../packaging/nativeCanvas';
import { canvasBinaryPackage, electronArchiveName, PACKAGE_TARGETS } from '../../../packaging/targets';
import { ELECTRON_FUSES } from '../../../src-main/main/fuses';

const root = join(import.meta.dirname, '..', '..', '..');

describe('package targets', () => {
  it('name the canvas binary package @napi-rs/canvas offers for each target, at the version it pins', () => {
    const offered = (JSON.parse(readFileSync(join(root, 'node_modules', '@napi-rs', 'canvas', 'package.json'), 'utf8')) as { version: string; optionalDependencies: Record<string, string> });
    expect(PACKAGE_TARGETS.map(canvasBinaryPackage)).toEqual(['@napi-rs/canvas-win32-x64-msvc', '@napi-rs/canvas-linux-x64-gnu', '@napi-rs/canvas-linux-arm64-gnu']);
    for (const t of PACKAGE_TARGETS) expect(canvasBinaryVersion(root, t)).toBe(offered.optionalDependencies[canvasBinaryPackage(t)]);
    expect(electronArchiveName('45.4.1', { os: 'win', arch: 'x64' })).toBe('electron-v45.4.1-win32-x64.zip');
  });

  it('build a per-user NSIS installer with a folder choice and no elevation, a portable build, AppImage and deb for x64 and arm64', () => {
    const c = builderConfig({ bundleDir: '/b', nativeDir: '/n', outputDir: '/o' });
    expect(c.productName).toBe(PRODUCT_NAME);
    expect(PRODUCT_NAME).toBe('自然灾害综合风险评估 RiskAtlas');
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false, allowToChangeInstallationDirectory: true });
    expect(c.win!.target).toEqual([{ target: 'nsis', arch: ['x64'] }, { target: 'portable', arch: ['x64'] }]);
    expect(c.linux!.target).toEqual([{ target: 'AppImage', arch: ['x64', 'arm64'] }, { target: 'deb', arch: ['x64', 'arm64'] }]);
    expect(c.fileAssociations).toEqual([expect.objectContaining({ ext: 'riskatlas', mimeType: 'application/x-riskatlas' })]);
    expect(c.win!.icon).toBe('packaging/icon.png');
    expect(c.asarUnpack).toEqual(['resources/**', '**/node_modules/@napi-rs/canvas-*/**']);
  });

  it('flip exactly the fuses of src-main/main/fuses.ts, named as electron-builder names them', () => {
    expect(builderFuses()).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(Object.keys(builderFuses())).toHaveLength(Object.keys(ELECTRON_FUSES).length);
    expect(builderConfig({ bundleDir: '/b', nativeDir: '/n', outputDir: '/o' }).electronFuses).toEqual(builderFuses());
  });
});
