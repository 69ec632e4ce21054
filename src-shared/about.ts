/** What the about box shows (api `app.about`), built from src-main/about/. Types only. */

/** One licence line of the about box. */
export interface LicenceEntry {
  /** npm package name, or a font's full name. */
  name: string;
  version: string;
  /** The licence the package declares (an SPDX expression such as `MIT`), or the font's licence. */
  licence: string;
  kind: 'library' | 'font';
  /** Font only: the copyright line the font carries. */
  copyright?: string;
}

/** The build: version, commit and the licences of everything that ships with it. */
export interface BuildInfo {
  version: string;
  /** Short commit hash, `-dirty` appended when the work tree had uncommitted changes; `unknown` outside git. */
  commit: string;
  licences: LicenceEntry[];
}

/** The about box: the build, the platform it runs on, and where this process writes its log. */
export interface AboutInfo extends BuildInfo {
  /** Node.js version; `electron` is set in the desktop app. */
  node: string;
  electron?: string;
  platform: string;
  /** The folder of the rotating log files; null when this process keeps none (tests, plain CLI commands). */
  logDir: string | null;
}
