/**
 * The Electron fuses the packaged app ships with: switches compiled into the Electron binary,
 * flipped once by the packaging step (packaging/builderConfig.ts: electron-builder's
 * `electronFuses`, which runs @electron/fuses) and read by
 * Electron before any of the app's code runs, so no argument, environment variable or file can
 * turn them back. Keys are @electron/fuses' `FuseV1Options` names.
 * - RunAsNode off: the binary cannot be started as a plain Node (ELECTRON_RUN_AS_NODE).
 * - NODE_OPTIONS and `--inspect…` off: no code injected or debugger attached from outside.
 * - Cookie encryption on: cookies at rest are encrypted with the OS key store.
 * - Asar integrity on: app.asar is checked against the hash built into the binary (Windows
 *   and macOS; Linux Electron does not check it).
 * - Only load from asar: the app's code comes from app.asar and nowhere else.
 */
export const ELECTRON_FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
} as const;
