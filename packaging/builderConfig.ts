/**
 * The electron-builder configuration of the desktop app (`npm run dist`, and the
 * completeness test with a stand-in Electron). What goes into `app.asar`:
 * - package.json, the bundles (`out/`: main process, CLI, workers, preload, renderer,
 *   buildInfo.json) without source maps, and `resources/` without the sample generator;
 * - the production dependencies (electron-builder takes `dependencies`, never
 *   devDependencies), less their docs, TypeScript sources and maps, and less the sql.js
 *   builds RiskAtlas does not load (it loads dist/sql-wasm.js + .wasm);
 * - the target's own @napi-rs/canvas binary, staged by nativeCanvas.ts (the build
 *   machine's own one is left out, so a Windows package never carries a Linux binary), and no
 *   other native binary: optional native accelerators are left out too (msgpackr-extract).
 * Unpacked beside it (`app.asar.unpacked`): `resources/` (native code — canvas's font
 * loader — and file handles need real files; engine/assets.ts points there) and the canvas
 * binary's package (the `.node` file and, on Windows, the ICU data it loads from beside it;
 * matched by its source path, which is how electron-builder matches files of a `from` set). The workers stay in the archive: Electron loads worker_threads entries
 * from asar (since Electron 17), and an unpacked worker would lose the chunks and packages it
 * imports, which stay in the archive.
 * The fuses of src-main/main/fuses.ts are flipped with @electron/fuses right before signing.
 */
import type { Configuration } from 'electron-builder';
import { ELECTRON_FUSES } from '../src-main/main/fuses';

/** The Chinese product name installers, shortcuts and the window show. */
export const PRODUCT_NAME = '自然灾害综合风险评估 RiskAtlas';

export interface BuilderPaths {
  /** The built bundles (electron-vite's out/ folder). */
  bundleDir: string;
  /** Where nativeCanvas.ts staged the canvas binaries (`<os>-<arch>/node_modules`). */
  nativeDir: string;
  /** Where the packages go. */
  outputDir: string;
  /** Electron for a target: a release archive (.zip) or an unpacked distribution folder; default: electron-builder downloads it. */
  electronDist?: string | ((target: { platformName: string; arch: string }) => string | null);
}

/** electron-builder's fuse options (`runAsNode`…) from @electron/fuses' names (`RunAsNode`…). */
export function builderFuses(fuses: Record<string, boolean> = ELECTRON_FUSES): Record<string, boolean> {
  return Object.fromEntries(Object.entries(fuses).map(([name, on]) => [name[0]!.toLowerCase() + name.slice(1), on]));
}

const artifact = (kind: string): string => `RiskAtlas-${kind}\${version}-\${arch}.\${ext}`;

export function builderConfig(paths: BuilderPaths): Configuration {
  return {
    appId: 'org.riskatlas.desktop',
    productName: PRODUCT_NAME,
    executableName: 'RiskAtlas',
    copyright: 'RiskAtlas',
    directories: { output: paths.outputDir, buildResources: 'packaging' },
    ...(paths.electronDist ? { electronDist: paths.electronDist as Configuration['electronDist'] } : {}),
    asar: true,
    asarUnpack: ['resources/**', '**/node_modules/@napi-rs/canvas-*/**'],
    // The only native module (@napi-rs/canvas) is a prebuilt N-API binary: nothing to rebuild.
    npmRebuild: false,
    nodeGypRebuild: false,
    electronFuses: builderFuses(),
    files: [
      'package.json',
      { from: paths.bundleDir, to: 'out', filter: ['**/*', '!**/*.map'] },
      'resources/**',
      '!resources/sample/*.ts',
      '!**/node_modules/**/*.{md,markdown,map,ts,mts,cts,tsx}',
      '!**/node_modules/**/{test,tests,__tests__,docs,example,examples,.github}/**',
      '!**/node_modules/sql.js/dist/{sql-asm*,sql-wasm-browser*,sql-wasm-debug*,sql-wasm-inline*,worker.*,*.zip}',
      '!**/node_modules/@napi-rs/canvas-*/**',
      // msgpackr's optional native decoder (bullmq's, for the province queue): prebuilt for the
      // build machine only, and msgpackr decodes in JavaScript without it.
      '!**/node_modules/{msgpackr-extract,@msgpackr-extract}/**',
      { from: `${paths.nativeDir}/\${os}-\${arch}/node_modules`, to: 'node_modules' },
    ],
    fileAssociations: [
      { ext: 'riskatlas', name: 'RiskAtlas project', description: '自然灾害综合风险评估项目 (RiskAtlas project)', mimeType: 'application/x-riskatlas', role: 'Editor' },
    ],
    win: {
      icon: 'packaging/icon.png',
      target: [
        { target: 'nsis', arch: ['x64'] },
        { target: 'portable', arch: ['x64'] },
      ],
    },
    nsis: {
      // Per user, no administrator rights, the user picks the folder.
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN', 'en_US'],
      language: '2052',
      shortcutName: PRODUCT_NAME,
      uninstallDisplayName: PRODUCT_NAME,
      artifactName: artifact('Setup-'),
    },
    portable: { artifactName: artifact('Portable-') },
    linux: {
      icon: 'packaging/icon.png',
      executableName: 'riskatlas',
      category: 'Science',
      synopsis: '自然灾害综合风险普查评估与区划 — natural-hazard risk census, assessment and zoning',
      description: 'RiskAtlas: a desktop GIS for county census technicians of the natural-hazard comprehensive risk census (自然灾害综合风险普查).',
      maintainer: 'RiskAtlas',
      target: [
        { target: 'AppImage', arch: ['x64', 'arm64'] },
        { target: 'deb', arch: ['x64', 'arm64'] },
      ],
    },
    appImage: { artifactName: artifact('') },
    deb: { artifactName: `riskatlas_\${version}_\${arch}.\${ext}` },
  };
}
