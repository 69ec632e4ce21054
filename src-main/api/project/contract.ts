/**
 * The contract's part for the project file (`.riskatlas`): new, open, save, recover, the
 * recent list, and the views the renderer shows a project through.
 */
import { z } from 'zod';
import type { Extent } from '../../../src-shared/layer';
import type { LayerEntry } from '../layers/contract';
import type { RunResult } from '../jobs/contract';
import { empty, userPath } from '../schemas';
import { workspaceName } from './workspaceContract';

/** What the renderer needs to show an open project. */
export interface ProjectView {
  name: string;
  /** Analysis CRS: EPSG code and proj4 text (the renderer registers it with OpenLayers). */
  epsg: number;
  proj4: string;
  /** Extent of the study area in the analysis CRS. */
  extent: Extent;
  layers: LayerEntry[];
  lastRun: RunResult | null;
  /** The project file behind the view (absent only for views made before a project existed). */
  project?: ProjectInfo;
}

/** Who holds a project's lock (another process editing it). */
export interface LockHolder {
  user: string;
  host: string;
  /** Which RiskAtlas: 'desktop', 'serve' or 'cli'. */
  app: string;
  pid: number;
  /** ISO time the lock was taken. */
  since: string;
}

/** An entry of the project file that names a place outside the project: listed, never followed. */
export interface RejectedEntry {
  /** A catalogue layer, a layer of the stored model, a run (its id or files), or the stored model itself. */
  kind: 'layer' | 'modelLayer' | 'run' | 'model';
  /** Its id in the project file (cut to 200 characters). */
  id: string;
  /** The path as the file stores it (relative to the data folder; cut to 200 characters). */
  path: string;
  /** Why it is refused, e.g. "leaves its folder (..)". */
  reason: string;
}

/** The project file's state, as the title bar, the save button and the undo menu need it. */
export interface ProjectInfo {
  /** Absolute path of the `.riskatlas` file. */
  path: string;
  /** The project's data folder (imports and uploads are copied here; model paths are relative to it). */
  dataDir: string;
  /** Unsaved changes exist (an autosave may hold them). */
  dirty: boolean;
  /** Model and catalogue edits are refused; comments and decisions are allowed (merged into the file). */
  readOnly: boolean;
  /**
   * Why it is read-only: opened for review (E_READ_ONLY), another process holds its lock
   * (E_PROJECT_LOCKED; see `lockedBy`), or it names places outside itself (E_PROJECT_UNSAFE; see `rejected`).
   */
  readOnlyReason?: 'review' | 'locked' | 'unsafe';
  /** Who edits the project meanwhile, when another process holds its lock. */
  lockedBy?: LockHolder;
  /** Whose stale lock (their process had ended without closing) this session took over at open. */
  tookOverLockFrom?: LockHolder;
  /** Entries of the file naming places outside the project (empty for a sound project). */
  rejected: RejectedEntry[];
  /** A newer autosave than the file exists: offer `project.recover`. */
  recoverable: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** Counts up with every model edit, undo and redo (the renderer refetches the model when it changes). */
  revision: number;
}

/** A project without a complete model yet (new project): only the catalogue exists. */
export interface ProjectDraftView {
  /** Tells a draft from a {@link ProjectView}. */
  draft: true;
  name: string;
  /**
   * The CRS layer data is served in until a model names one: the first layer's projected CRS,
   * else the first layer's CRS, else CGCS2000 (4490). With its proj4 text for OpenLayers.
   */
  epsg: number;
  proj4: string;
  layers: LayerEntry[];
  project: ProjectInfo;
}

/** A recently opened project, as the start screen lists it. */
export interface RecentProject {
  path: string;
  /** The file is still there. */
  exists: boolean;
  /** Its autosave is newer than the file: the last session ended with unsaved work (offer recovery). */
  recoverable: boolean;
}

// A name is one file name of the workspace (see workspaceContract.ts), whether or not a path is given.
const projectName = workspaceName;

// `path` must be one the user chose (Electron dialog); without one the project goes into the
// session's workspace folder (serve mode).
export const projectArgs = {
  'project.current': empty,
  'project.openDemo': empty,
  'project.new': z.object({ name: projectName, path: userPath.optional() }).strict(),
  'project.open': z.object({ path: userPath }).strict(),
  /** Accept (load the autosave) or decline (discard it) the recovery offered at open. */
  'project.recover': z.object({ accept: z.boolean() }).strict(),
  'project.save': empty,
  'project.saveAs': z.object({ name: projectName.optional(), path: userPath.optional() }).strict(),
  'project.close': empty,
  'project.info': empty,
  /** The catalogue of a project that has no complete model yet (or of any project). */
  'project.draft': empty,
  /** The project's run history, oldest first. */
  'project.runs': empty,
  /** Recently opened projects (newest first) and which have unsaved work to recover. */
  'project.recent': empty,
} as const;

export interface ProjectResults {
  'project.current': ProjectView | null;
  'project.openDemo': ProjectView;
  'project.new': ProjectDraftView;
  /** A view when the project has a complete model, else its draft (catalogue only). */
  'project.open': ProjectView | ProjectDraftView;
  'project.recover': ProjectView | ProjectDraftView;
  'project.save': ProjectInfo;
  'project.saveAs': ProjectInfo;
  'project.close': { closed: boolean };
  'project.info': ProjectInfo | null;
  'project.draft': ProjectDraftView | null;
  /** Runs recorded in the project file; `finished` is null for one that did not finish. */
  'project.runs': { id: string; started: string; finished: string | null }[];
  'project.recent': RecentProject[];
}
