/**
 * Where the app's own files are: the demo county, the published schema, the built renderer,
 * and the user's data folder (logs). The package root itself is found by the engine
 * (engine/assets.ts), which needs it for the files it ships with (fonts, data tables).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, resourcePath, softwareVersion } from './engine/assets';

/** Absolute path of the folder holding RiskAtlas's package.json and resources/. */
export const appRoot = packageRoot;

/** The version in package.json. */
export const appVersion = softwareVersion;

/** The bundled demo county's model document. */
export const demoModelPath = (): string => resourcePath('sample', 'county', 'model.json');

/** Where the model document's JSON Schema is published (written by `npm run schema` from engine/model/schemaJson.ts). */
export const modelSchemaPath = (): string => resourcePath('schema', 'model.schema.json');

/** Where the census template's JSON Schema is published (written by `npm run schema` from engine/templates/template.ts). */
export const templateSchemaPath = (): string => resourcePath('schema', 'template.schema.json');

/** The built renderer (electron-vite output). */
export const rendererDir = (): string => join(appRoot(), 'out', 'renderer');

/**
 * The user's RiskAtlas data folder: `%APPDATA%\RiskAtlas` on Windows, `~/Library/Application
 * Support/RiskAtlas` on macOS, `$XDG_CONFIG_HOME/RiskAtlas` (else `~/.config/RiskAtlas`) on
 * Linux — the folders Electron's `app.getPath('appData')` names, worked out without Electron
 * so the desktop app and `riskatlas serve` share it. `RISKATLAS_DATA_DIR` overrides it.
 */
export function userDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.RISKATLAS_DATA_DIR) return env.RISKATLAS_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'RiskAtlas');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'RiskAtlas');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'RiskAtlas');
}

/** The folder of the rotating log files (logging/rotatingLog.ts). */
export const logDir = (): string => join(userDataDir(), 'logs');
