/**
 * What a launch of the desktop app asks to open: the project file the system handed it
 * (a double-click on a `.riskatlas` file, "Open with RiskAtlas", or `riskatlas-app file`).
 * A second launch does not start a second app — Electron's single-instance lock hands its
 * command line to the first, which opens the file in its window. Kept apart from the
 * Electron import so it can be tested under Node.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** The extension of a RiskAtlas project file, as the packaging step associates it. */
export const PROJECT_EXTENSION = '.riskatlas';

/**
 * The project file named on a launch's command line, absolute; null when there is none.
 * Switches (`--…`, Chromium's and Electron's own) are skipped, and so is anything that is
 * not an existing regular `.riskatlas` file (the executable, the app folder `.` when run from
 * the sources, a typo): a launch never opens something else by accident.
 * @param argv the launch's whole command line (`process.argv`, or a second instance's).
 * @param cwd the folder the launch was made in (relative paths resolve there).
 */
export function projectFileOf(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith(PROJECT_EXTENSION)) continue;
    const abs = isAbsolute(arg) ? arg : resolve(cwd, arg);
    try {
      if (statSync(abs).isFile()) return abs;
    } catch {
      // Not there: not a file to open.
    }
  }
  return null;
}
