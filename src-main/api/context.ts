/**
 * The state behind the API for one app session: the open project (a `.riskatlas` file, its
 * data folder, its catalogue and model document), the registry of layer data the renderer
 * may fetch, uploads in progress, running jobs, the pending autosave and the live preview in
 * flight — and the guards every namespace starts from (`open`, `editable`, `loadedModel`).
 * The logic over this state lives in the namespace folders (see session.ts for the rule).
 *
 * A project is a file `<name>.riskatlas` and a data folder `<name>.data/` beside it. Every
 * input is copied into the data folder when it is imported, and the model document's layer
 * paths are relative to that folder — so a project moves as one folder, the engine reads
 * only project-owned files, and serve mode never needs a user path.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskAtlasError } from '../../src-shared/errors';
import type { Extent } from '../../src-shared/layer';
import { isGeographic } from '../engine/crs/registry';
import type { LoadedModel } from '../engine/model/loadModel';
import type { LayerRef, ModelDocument } from '../engine/model/document';
import type { RunHandle } from '../engine/pipeline/workers/runInWorker';
import type { ProjectFile } from '../store/projectFile';
import type { UploadStore } from './layers/uploads';
import type { JobStatus, RunResult } from './jobs/contract';
import type { LayerEntry } from './layers/contract';
import type { LockHolder, ProjectInfo, RejectedEntry } from './project/contract';
import { modelIn } from './project/storedPaths';
import type { ProjectLock } from '../store/projectLock';

/** The CRS of a project without a model and without any layer that names one: CGCS2000 geographic. */
export const DRAFT_EPSG = 4490;

/** Unsaved changes are written to the autosave this long after the last change (ms). */
export const AUTOSAVE_DELAY_MS = 5_000;

/** Options of a session. */
export interface SessionOptions {
  /**
   * Folder for projects created without a user-chosen path (serve mode, the demo). Default:
   * `RISKATLAS_WORKSPACE`, else a new temporary folder.
   */
  workspace?: string;
  /** Unsaved changes go to the autosave this long after the last change (ms); default {@link AUTOSAVE_DELAY_MS}. */
  autosaveDelayMs?: number;
  /** Where the list of recent projects is kept (`recent.json`); default: the workspace. */
  stateDir?: string;
  /** Which RiskAtlas this session is, as a project's lock names it to others: 'desktop', 'serve', 'cli' (default). */
  app?: string;
}

/** A layer the renderer may fetch by id: the file behind it, and for vectors the analysis CRS to serve it in. */
export interface DataSource {
  entry: LayerEntry;
  path: string;
  layerRef?: LayerRef;
}

/** A model run in a worker. */
export interface Job {
  status: JobStatus;
  handle: RunHandle;
  /** Settles when the job's outcome is recorded (result registered, temporary model removed). */
  settled: Promise<void>;
}

/** The open project. */
export interface OpenProject {
  file: ProjectFile;
  dataDir: string;
  /** Opened (or switched) for review. */
  readOnly: boolean;
  /** This session's lock of the project: it is the project's one writer. */
  lock: ProjectLock | null;
  /** The holder of the lock when another process edits the project (then it is read-only here). */
  lockedBy: LockHolder | null;
  /** The owner of a stale lock taken over at open. */
  tookOverLockFrom: LockHolder | null;
  /** Entries of the file naming places outside the project (storedPaths.ts); any makes it read-only. */
  rejected: RejectedEntry[];
  doc: ModelDocument | null;
  revision: number;
  /** Catalogue entries in catalogue order. */
  entries: LayerEntry[];
  lastRun: RunResult | null;
  /** A newer autosave was found when the project was opened and neither accepted nor declined yet. */
  recoverable: boolean;
  /** Study extent cache: key (study layer, EPSG, file hash) → extent. */
  extent?: { key: string; extent: Extent };
  /** Set in review mode: what is under review; `inPlace` when the open project was switched to review. */
  review?: { source: string; kind: 'package' | 'project'; inPlace?: boolean };
}

/**
 * Why the open project may not be edited here, or null when this session is its writer:
 * 'review' (opened or switched for review), 'unsafe' (it names places outside itself),
 * 'locked' (another process holds its lock).
 */
export function readOnlyReason(p: OpenProject): 'review' | 'locked' | 'unsafe' | null {
  if (p.readOnly) return 'review';
  if (p.rejected.length > 0) return 'unsafe';
  if (!p.lock) return 'locked';
  return null;
}

export class ProjectContext {
  /** The open project; only project/open.ts sets and clears it. */
  project: OpenProject | null = null;
  /** Layer data by layer id: the catalogue's layers (layers/catalogue.ts) and the result layers of runs (jobs/results.ts). */
  readonly data = new Map<string, DataSource>();
  readonly jobs = new Map<string, Job>();
  /** The open project's uploads (null while none is open). */
  uploads: UploadStore | null = null;
  /** The pending autosave (project/autosave.ts). */
  autosaveTimer: NodeJS.Timeout | null = null;
  /** The live preview (previews/composite.ts): the newest request's number and the run in flight, which closing waits for. */
  readonly preview: { seq: number; running: Promise<void> } = { seq: 0, running: Promise.resolve() };

  readonly autosaveDelayMs: number;
  readonly stateDir: string | null;
  readonly app: string;
  private workspaceDir: string | null;

  constructor(opts: SessionOptions = {}) {
    this.workspaceDir = opts.workspace ?? process.env.RISKATLAS_WORKSPACE ?? null;
    this.autosaveDelayMs = opts.autosaveDelayMs ?? AUTOSAVE_DELAY_MS;
    this.stateDir = opts.stateDir ?? null;
    this.app = opts.app ?? 'cli';
  }

  /** The workspace folder when there is one yet (null before {@link workspace} made it). */
  get workspaceFolder(): string | null {
    return this.workspaceDir;
  }

  /** The folder projects go into when no path is given (created on first use). */
  async workspace(): Promise<string> {
    this.workspaceDir ??= await mkdtemp(join(tmpdir(), 'riskatlas-'));
    await mkdir(this.workspaceDir, { recursive: true });
    return this.workspaceDir;
  }

  /** The open project (E_NO_PROJECT when none). */
  open(): OpenProject {
    if (!this.project) throw new RiskAtlasError('E_NO_PROJECT', 'no project is open');
    return this.project;
  }

  /** The open project, which may be edited: E_READ_ONLY in review, E_PROJECT_UNSAFE or E_PROJECT_LOCKED (see {@link readOnlyReason}). */
  editable(): OpenProject {
    const p = this.open();
    const why = readOnlyReason(p);
    if (why === 'review') throw new RiskAtlasError('E_READ_ONLY', 'the project is open read-only for review');
    if (why === 'unsafe') throw new RiskAtlasError('E_PROJECT_UNSAFE', `the project file names ${p.rejected.length} place(s) outside the project; it is open read-only`);
    if (why === 'locked') {
      const h = p.lockedBy!;
      throw new RiskAtlasError('E_PROJECT_LOCKED', `${h.user}@${h.host} edits this project (${h.app}, process ${h.pid}, since ${h.since}); it is open read-only here`, { params: { user: h.user, host: h.host } });
    }
    return p;
  }

  /** The project file's state; null when none is open. */
  info(): ProjectInfo | null {
    const p = this.project;
    if (!p) return null;
    const why = readOnlyReason(p);
    return {
      path: p.file.path,
      dataDir: p.dataDir,
      dirty: p.file.dirty,
      readOnly: why !== null,
      ...(why ? { readOnlyReason: why } : {}),
      ...(p.lockedBy ? { lockedBy: p.lockedBy } : {}),
      ...(p.tookOverLockFrom ? { tookOverLockFrom: p.tookOverLockFrom } : {}),
      rejected: p.rejected,
      recoverable: p.recoverable,
      ...p.file.historyState(),
      revision: p.revision,
    };
  }

  /** A data source by layer id (for the data route / protocol). */
  dataSource(id: string): DataSource | undefined {
    return this.data.get(id);
  }

  /**
   * The CRS vectors are served in: the model's analysis CRS, or — before a model exists — the
   * first catalogued layer's projected CRS.
   */
  analysisEpsg(): number {
    const p = this.open();
    if (p.doc) return p.doc.grid.epsg;
    const codes = p.entries.map((e) => e.crs ?? e.meta.crs?.epsg).filter((c): c is number => typeof c === 'number');
    return codes.find((c) => !isGeographic(c)) ?? codes[0] ?? DRAFT_EPSG;
  }

  /**
   * The open model as the engine takes it (paths resolve in the data folder); E_MODEL_INVALID
   * without one, E_PATH_FORBIDDEN when a layer path leaves the data folder (never followed).
   */
  loadedModel(): LoadedModel {
    const p = this.open();
    if (!p.doc) throw new RiskAtlasError('E_MODEL_INVALID', 'the project has no model yet: set one first (model.update)');
    return modelIn(p.dataDir, p.doc);
  }

  /** Write a model document into the data folder for the engine (which reads models from files); returns its path. */
  async writeModelFile(doc: ModelDocument, tag: string): Promise<string> {
    const p = this.open();
    const path = join(p.dataDir, `.model-${tag}.json`);
    await writeFile(path, JSON.stringify(doc, null, 2));
    return path;
  }
}
