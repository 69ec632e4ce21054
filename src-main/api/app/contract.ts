/** The contract's part for the application itself: the about box and the shell's file dialogs. */
import { z } from 'zod';
import { empty } from '../schemas';
import { DIALOG_PURPOSES } from './dialogs';
import type { AboutInfo } from '../../../src-shared/about';

export interface AppInfo {
  name: 'RiskAtlas';
  version: string;
  /** Engine platform, for the about box. */
  node: string;
  /**
   * Who this client is to the engine: an editor (every method), or a review client — a desktop
   * review window or a browser of `riskatlas serve --review` — that may call the reviewer's
   * methods only, and is shown the review step alone.
   */
  role: 'editor' | 'review';
}

export const appArgs = {
  'app.info': empty,
  /** The about box: version, commit, licences of the bundled fonts and libraries, the log folder. */
  'app.about': empty,
  /** Electron: show a native file dialog; the chosen paths may then be passed to project.open, layer.import… (serve mode: E_PATH_FORBIDDEN). */
  'dialog.choose': z.object({ purpose: z.enum(DIALOG_PURPOSES) }).strict(),
} as const;

export interface AppResults {
  'app.info': AppInfo;
  'app.about': AboutInfo;
  /** The chosen paths; empty when the user cancelled. */
  'dialog.choose': { paths: string[] };
}
