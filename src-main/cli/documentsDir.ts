/**
 * The user's documents folder, where `riskatlas serve` keeps its workspace by default
 * (`<documents>/RiskAtlas`, as the desktop app does through Electron's `documents` path):
 * `%USERPROFILE%\Documents` on Windows, `~/Documents` on macOS, and on Linux the XDG
 * documents folder (`XDG_DOCUMENTS_DIR` in `$XDG_CONFIG_HOME/user-dirs.dirs`, as
 * `xdg-user-dir DOCUMENTS` reads it), else `~/Documents`.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, win32 } from 'node:path';

/** What the lookup depends on (the real process by default; tests give their own). */
export interface DocumentsEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  /** Text of a file, or null when it cannot be read. */
  readText(path: string): string | null;
}

const processEnv = (): DocumentsEnv => ({
  platform: process.platform,
  env: process.env,
  home: homedir(),
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
});

/**
 * `XDG_DOCUMENTS_DIR` from the text of a `user-dirs.dirs` file: `"$HOME/…"` or an absolute
 * path, in double quotes (the format xdg-user-dirs-update writes); null when absent, not
 * absolute, or the home folder itself (which the spec reads as "no documents folder").
 */
export function xdgDocumentsDir(userDirs: string, home: string): string | null {
  for (const line of userDirs.split(/\r?\n/)) {
    const m = /^\s*XDG_DOCUMENTS_DIR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (!m) continue;
    const value = m[1]!.replace(/\\(.)/g, '$1');
    const path = value.startsWith('$HOME') ? home + value.slice('$HOME'.length) : value;
    if (!isAbsolute(path)) return null;
    const trimmed = path.replace(/\/+$/, '');
    return trimmed === home.replace(/\/+$/, '') ? null : trimmed;
  }
  return null;
}

/** The user's documents folder (see the module comment). */
export function documentsDir(e: DocumentsEnv = processEnv()): string {
  if (e.platform === 'win32') return win32.join(e.env.USERPROFILE || e.home, 'Documents');
  if (e.platform !== 'darwin') {
    const config = e.env.XDG_CONFIG_HOME && isAbsolute(e.env.XDG_CONFIG_HOME) ? e.env.XDG_CONFIG_HOME : join(e.home, '.config');
    const text = e.readText(join(config, 'user-dirs.dirs'));
    const xdg = text === null ? null : xdgDocumentsDir(text, e.home);
    if (xdg) return xdg;
  }
  return join(e.home, 'Documents');
}

/** The workspace `riskatlas serve` uses without `--workspace` (and without `RISKATLAS_WORKSPACE`): `<documents>/RiskAtlas`. */
export function defaultWorkspace(e: DocumentsEnv = processEnv()): string {
  const docs = documentsDir(e);
  return e.platform === 'win32' ? win32.join(docs, 'RiskAtlas') : join(docs, 'RiskAtlas');
}
