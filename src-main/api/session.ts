/**
 * The state behind the API for one app session: the open project (a `.riskatlas` file, its
 * data folder, its catalogue and model document), the registry of layer data the renderer
 * may fetch, uploads in progress and running jobs. Both transports share one Session, so
 * the Electron window and a browser see the same.
 *
 * A project is a file `<name>.riskatlas` and a data folder `<name>.data/` beside it. Every
 * input is copied into the data folder when it is imported, and the model document's layer
 * paths are relative to that folder — so a project moves as one folder, the engine reads
 * only project-owned files, and serve mode never needs a user path.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/export/atomicFile';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { RiskAtlasError, toErrorInfo } from '../../src-shared/errors';
import { crsFromEpsg, isGeographic } from '../engine/crs/registry';
import { requireEpsg } from '../engine/crs/layerCrs';
import { inspect } from '../engine/io/inspect';
import { openGeoTiff } from '../engine/io/geotiff';
import type { Extent, LayerMeta, RasterMeta } from '../../src-shared/layer';
import { defaultStyle, type LayerStyle } from '../engine/catalog/styles';
import type { Category } from '../../src-shared/categories';
import { recogniseLayer } from '../engine/catalog/recognise';
import { loadModel, resolveModelPath, type LoadedModel } from '../engine/model/loadModel';
import { indicatorSchema, parseModel, type LayerRef, type ModelDocument } from '../engine/model/document';
import { runModelInWorker, type RunHandle } from '../engine/pipeline/workers/runInWorker';
import type { RunSummary } from '../engine/pipeline/run';
import { fileSha256, ProjectFile, type LayerRecord } from '../store/projectFile';
import { UploadStore } from './uploads';
import { listPackage, packageGeoreference, readPackageItem, type PackageItem } from '../engine/review/package';
import { reviewCsv, reviewJson, type ReviewRecord } from '../engine/review/reviewExport';
import type { CompositePreview, QcFinding, QcView, ReviewComment, ReviewDecision, ReviewView } from './contract';
import { runQc } from '../engine/qc/runQc';
import { RULES } from '../engine/qc/rules';
import { runModel } from '../engine/pipeline/run';
import { encodePng } from '../engine/export/png';
import { gridExtent } from '../engine/grid/gridSpec';
import { coarseCellSize, indexRgba, rasterValues, studyExtent } from './analysis';
import { scaffoldModel } from './scaffold';
import type { ImportResult, JobStatus, LayerEntry, ModelState, ProjectDraftView, ProjectInfo, ProjectView, RunResult } from './contract';

/** Above this many pixels a raster's display range is not read in full (it comes from the model's defaults). */
const RANGE_SCAN_LIMIT = 16_000_000;

/** The project file extension. */
export const PROJECT_EXT = '.riskatlas';

/** The CRS of a project without a model and without any layer that names one: CGCS2000 geographic. */
export const DRAFT_EPSG = 4490;

/** Unsaved changes are written to the autosave this long after the last change (ms). */
export const AUTOSAVE_DELAY_MS = 5_000;

/** A layer the renderer may fetch by id: the file behind it, and for vectors the analysis CRS to serve it in. */
export interface DataSource {
  entry: LayerEntry;
  path: string;
  layerRef?: LayerRef;
}

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
}

/** Recent projects remembered. */
export const RECENT_LIMIT = 10;

/** A recently opened project, as the start screen lists it. */
export interface RecentProject {
  path: string;
  /** The file is still there. */
  exists: boolean;
  /** Its autosave is newer than the file: the last session ended with unsaved work (offer recovery). */
  recoverable: boolean;
}

interface Job {
  status: JobStatus;
  handle: RunHandle;
  /** Settles when the job's outcome is recorded (result registered, temporary model removed). */
  settled: Promise<void>;
}

/** What the catalogue stores per layer besides the record's columns (in `meta_json`). */
interface StoredMeta {
  meta: LayerMeta;
  /** Display range of a raster (min/max of its valid pixels), when it was scanned. */
  range?: { min: number; max: number };
}

/** The text encoding the user stated for a layer: kept in its stored metadata, which was read with it. */
const statedEncoding = (meta: LayerMeta): string | undefined => (meta.kind === 'vector' && meta.encodingEvidence === 'stated' ? meta.encoding : undefined);

/** The open project. */
export interface OpenProject {
  file: ProjectFile;
  dataDir: string;
  readOnly: boolean;
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

/** The review record of a package folder lives in this project file inside it. */
export const PACKAGE_REVIEW_FILE = 'review.riskatlas';

/** The data folder of a project file: `<name>.riskatlas` → `<name>.data`. */
export function dataDirOf(projectPath: string): string {
  return projectPath.replace(/\.riskatlas$/i, '') + '.data';
}

/** `path` with the project extension added when it lacks one. */
function withProjectExt(path: string): string {
  return path.toLowerCase().endsWith(PROJECT_EXT) ? path : path + PROJECT_EXT;
}

async function rasterRange(meta: RasterMeta): Promise<{ min: number; max: number } | undefined> {
  if (meta.width * meta.height > RANGE_SCAN_LIMIT) return undefined;
  const src = await openGeoTiff(meta.path);
  try {
    const data = await src.readWindow(0, 0, meta.width, meta.height, 0);
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) {
      if (Number.isNaN(v) || v === meta.nodata) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? { min, max } : undefined;
  } finally {
    await src.close();
  }
}

/** Shapefile parts that travel with a `.shp` (or any file with the same stem). */
const SIDECARS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg', '.qix', '.sbn', '.sbx', '.shp.xml', '.qmd']);
/** Files that are a layer on their own. */
const LAYER_FILES = new Set(['.tif', '.tiff', '.geojson', '.json', '.gpkg', '.csv', '.kml', '.kmz', '.zip', '.shp']);

/** The file of a set that is the layer (the .zip, the .shp, or the one data file); E_ARG_INVALID when there is not exactly one. */
export function mainFileOf(names: string[]): string {
  const lower = (n: string): string => n.toLowerCase();
  const shp = names.filter((n) => lower(n).endsWith('.shp'));
  const others = names.filter((n) => LAYER_FILES.has(extname(lower(n))) && !lower(n).endsWith('.shp'));
  if (shp.length === 1 && others.length === 0) {
    const stem = lower(shp[0]!).slice(0, -4);
    const stray = names.find((n) => !lower(n).startsWith(stem + '.') || !SIDECARS.has(lower(n).slice(stem.length)));
    if (stray) throw new RiskAtlasError('E_ARG_INVALID', `"${stray}" is not a part of ${shp[0]} (.shx, .dbf, .prj, .cpg)`, { file: stray });
    return shp[0]!;
  }
  if (shp.length === 0 && others.length === 1 && names.length === 1) return others[0]!;
  if (names.length === 1) throw new RiskAtlasError('E_FORMAT_UNKNOWN', `"${names[0]}" is not a layer file (.tif, .shp, .zip, .geojson, .gpkg, .csv, .kml)`, { file: names[0] });
  throw new RiskAtlasError('E_ARG_INVALID', 'import one layer at a time: one .zip, one .shp with its sidecar files, or one other data file');
}

/** A catalogue id from a file name: letters, digits and _ starting with a letter (model ids), unique in `taken`. */
export function layerIdFor(fileName: string, taken: Set<string>): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  let base = stem.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48);
  if (!/^[A-Za-z]/.test(base)) base = `layer${base ? '_' + base : ''}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  return id;
}

export class Session {
  private project: OpenProject | null = null;
  private readonly data = new Map<string, DataSource>();
  private readonly jobs = new Map<string, Job>();
  private uploadStore: UploadStore | null = null;
  private workspaceDir: string | null;
  private autosaveTimer: NodeJS.Timeout | null = null;

  private readonly autosaveDelayMs: number;
  private readonly stateDir: string | null;

  constructor(opts: SessionOptions = {}) {
    this.workspaceDir = opts.workspace ?? process.env.RISKATLAS_WORKSPACE ?? null;
    this.autosaveDelayMs = opts.autosaveDelayMs ?? AUTOSAVE_DELAY_MS;
    this.stateDir = opts.stateDir ?? null;
  }

  private async recentFile(): Promise<string> {
    return join(this.stateDir ?? (await this.workspace()), 'recent.json');
  }

  private async readRecent(): Promise<string[]> {
    try {
      const list = JSON.parse(await readFile(await this.recentFile(), 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Put `path` first in the recent list (best effort: a list that cannot be written is no reason to fail an open). */
  private async remember(path: string): Promise<void> {
    const list = [path, ...(await this.readRecent()).filter((p) => p !== path)].slice(0, RECENT_LIMIT);
    try {
      const file = await this.recentFile();
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, JSON.stringify(list, null, 2));
    } catch {
      // Ignored on purpose: see above.
    }
  }

  /**
   * Recently opened projects, newest first, with whether each still exists and whether it
   * has an autosave newer than the file — after a crash the start screen offers recovery.
   */
  async recent(): Promise<RecentProject[]> {
    const out: RecentProject[] = [];
    for (const path of await this.readRecent()) {
      const [main, auto] = await Promise.all([stat(path).catch(() => null), stat(`${path}.autosave`).catch(() => null)]);
      out.push({ path, exists: main !== null, recoverable: auto !== null && (main === null || auto.mtimeMs > main.mtimeMs) });
    }
    return out;
  }

  /** The folder projects go into when no path is given (created on first use). */
  async workspace(): Promise<string> {
    this.workspaceDir ??= await mkdtemp(join(tmpdir(), 'riskatlas-'));
    await mkdir(this.workspaceDir, { recursive: true });
    return this.workspaceDir;
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────

  /** The open project's view when it has a model, else null (see {@link draft}). */
  current(): ProjectView | null {
    const p = this.project;
    if (!p?.doc || !p.extent) return null;
    const crs = crsFromEpsg(p.doc.grid.epsg);
    return { name: p.doc.name, epsg: p.doc.grid.epsg, proj4: crs.proj4, extent: p.extent.extent, layers: p.entries, lastRun: p.lastRun, project: this.info()! };
  }

  /** The open project's catalogue, with or without a model; null when none is open. */
  draft(): ProjectDraftView | null {
    const p = this.project;
    if (!p) return null;
    const epsg = this.analysisEpsg();
    return { draft: true, name: p.file.getMeta('name') ?? basename(p.file.path, PROJECT_EXT), epsg, proj4: crsFromEpsg(epsg).proj4, layers: p.entries, project: this.info()! };
  }

  /** The view when complete, else the draft. */
  private view(): ProjectView | ProjectDraftView {
    return this.current() ?? this.draft()!;
  }

  /** The project file's state; null when none is open. */
  info(): ProjectInfo | null {
    const p = this.project;
    if (!p) return null;
    return { path: p.file.path, dataDir: p.dataDir, dirty: p.file.dirty, readOnly: p.readOnly, recoverable: p.recoverable, ...p.file.historyState(), revision: p.revision };
  }

  /** The open project (E_NO_PROJECT when none). */
  open(): OpenProject {
    if (!this.project) throw new RiskAtlasError('E_NO_PROJECT', 'no project is open');
    return this.project;
  }

  /** The open project, which may be edited (E_READ_ONLY in review). */
  editable(): OpenProject {
    const p = this.open();
    if (p.readOnly) throw new RiskAtlasError('E_READ_ONLY', 'the project is open read-only for review');
    return p;
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

  /** The open model as the engine takes it (paths resolve in the data folder); E_MODEL_INVALID without one. */
  loadedModel(): LoadedModel {
    const p = this.open();
    if (!p.doc) throw new RiskAtlasError('E_MODEL_INVALID', 'the project has no model yet: set one first (model.update)');
    return { path: join(p.dataDir, 'model.json'), dir: p.dataDir, doc: p.doc };
  }

  // ── Project lifecycle ────────────────────────────────────────────────────────────────

  /** A free project path `<workspace>/<name>.riskatlas` (numbered when taken). */
  async workspacePath(name: string): Promise<string> {
    const ws = await this.workspace();
    let path = join(ws, name + PROJECT_EXT);
    for (let i = 2; existsSync(path) || existsSync(dataDirOf(path)); i++) path = join(ws, `${name} (${i})${PROJECT_EXT}`);
    return path;
  }

  /** Create an empty project (catalogue only) at `path`, or in the workspace. Closes the open one. */
  async newProject(name: string, path?: string): Promise<ProjectDraftView> {
    const target = resolve(path ? withProjectExt(path) : await this.workspacePath(name));
    if (existsSync(target)) throw new RiskAtlasError('E_WRITE', 'a file of this name exists already; choose another name or open it', { file: target });
    await mkdir(dataDirOf(target), { recursive: true });
    const file = await ProjectFile.create(target, name);
    await this.adopt(file, false, false);
    return this.draft()!;
  }

  /**
   * Make a project from a model document: its layer files (with their sidecars) are copied
   * into the new project's data folder, the model becomes the project's model. Used for the
   * demo county and `openModel`.
   */
  async projectFromModel(modelPath: string, projectPath?: string): Promise<ProjectView> {
    const model = await loadModel(modelPath);
    const target = resolve(projectPath ? withProjectExt(projectPath) : await this.workspacePath(model.doc.name));
    const dataDir = dataDirOf(target);
    await mkdir(dataDir, { recursive: true });
    for (const ref of Object.values(model.doc.layers)) {
      const src = resolveModelPath(model, ref.path);
      const dst = join(dataDir, ref.path);
      await mkdir(dirname(dst), { recursive: true });
      const stem = basename(src).replace(/\.[^.]*$/, '').toLowerCase();
      for (const f of await readdir(dirname(src))) {
        if (f.toLowerCase() === basename(src).toLowerCase() || (f.toLowerCase().startsWith(stem + '.') && SIDECARS.has(f.toLowerCase().slice(stem.length)))) {
          await copyFile(join(dirname(src), f), join(dirname(dst), f));
        }
      }
    }
    const file = await ProjectFile.create(target, model.doc.name);
    try {
      for (const [id, ref] of Object.entries(model.doc.layers)) await this.catalogue(file, dataDir, id, ref.path, { ...ref });
      file.setModel(JSON.stringify(model.doc));
      await file.save();
    } catch (err) {
      file.close();
      throw err;
    }
    await this.adopt(file, false, false);
    return this.current()!;
  }

  /** Open a model document as a new project in the workspace (the demo, `serve --demo`). */
  async openModel(modelPath: string): Promise<ProjectView> {
    return this.projectFromModel(modelPath);
  }

  /** Open a project file. A newer autosave is reported in `project.recoverable`; see {@link recover}. */
  async openProject(path: string, opts: { readOnly?: boolean } = {}): Promise<ProjectView | ProjectDraftView> {
    const file = await ProjectFile.open(resolve(path));
    await this.adopt(file, opts.readOnly ?? false, file.recoverable);
    return this.view();
  }

  /** Accept the autosave offered at open (reload from it) or decline it (delete it). */
  async recover(accept: boolean): Promise<ProjectView | ProjectDraftView> {
    const p = this.open();
    if (!p.recoverable) throw new RiskAtlasError('E_ARG_INVALID', 'there is no autosave to recover');
    if (!accept) {
      await p.file.discardAutosave();
      p.recoverable = false;
      return this.view();
    }
    const file = await ProjectFile.open(p.file.path, { fromAutosave: true });
    p.file.close();
    this.project = null;
    await this.adopt(file, p.readOnly, false);
    // The recovered state is not in the project file yet.
    file.setMeta('recovered', new Date().toISOString());
    return this.view();
  }

  /** Take `file` as the open project: close the previous one, load model, catalogue, last run. */
  private async adopt(file: ProjectFile, readOnly: boolean, recoverable: boolean): Promise<void> {
    await this.close();
    const dataDir = dataDirOf(file.path);
    if (file.layers().length > 0 && !existsSync(dataDir)) {
      file.close();
      throw new RiskAtlasError('E_FILE_NOT_FOUND', `the project's data folder is missing: keep "${basename(dataDir)}" next to the project file`, { file: dataDir });
    }
    const json = file.getModel();
    let doc: ModelDocument | null = null;
    if (json !== undefined) {
      try {
        doc = parseModel(JSON.parse(json) as unknown, file.path);
      } catch (err) {
        file.close();
        throw err instanceof RiskAtlasError ? err : new RiskAtlasError('E_PROJECT_CORRUPT', `the stored model is not JSON: ${(err as Error).message}`, { file: file.path });
      }
    }
    const p: OpenProject = { file, dataDir, readOnly, doc, revision: 0, entries: [], lastRun: null, recoverable };
    this.project = p;
    if (!readOnly) await this.remember(file.path);
    this.uploadStore = new UploadStore(join(dataDir, '.uploads'));
    try {
      this.rebuildEntries();
      await this.refreshExtent();
      await this.restoreLastRun();
    } catch (err) {
      this.project = null;
      file.close();
      throw err;
    }
  }

  /** Save the project file (atomically). */
  async save(): Promise<ProjectInfo> {
    const p = this.open();
    await p.file.save();
    p.recoverable = false;
    this.cancelAutosave();
    return this.info()!;
  }

  /**
   * Save under a new path (or a new name in the workspace): the data folder is copied beside
   * the new file first, so the saved project is complete before it becomes the open one.
   */
  async saveAs(opts: { path?: string; name?: string }): Promise<ProjectInfo> {
    const p = this.open();
    const target = resolve(opts.path ? withProjectExt(opts.path) : await this.workspacePath(opts.name ?? p.file.getMeta('name') ?? 'project'));
    if (target === p.file.path) return this.save();
    const dataDir = dataDirOf(target);
    if (existsSync(dataDir)) throw new RiskAtlasError('E_WRITE', 'the data folder of the new project exists already; choose another name', { file: dataDir });
    await cp(p.dataDir, dataDir, { recursive: true, filter: (src) => !src.includes(`${sep}.uploads`) }).catch((err: Error) => {
      throw new RiskAtlasError('E_WRITE', err.message, { file: dataDir });
    });
    if (opts.name) p.file.setMeta('name', opts.name);
    await p.file.saveAs(target);
    await this.remember(target);
    p.dataDir = dataDir;
    p.recoverable = false;
    this.uploadStore = new UploadStore(join(dataDir, '.uploads'));
    this.rebuildEntries();
    if (p.lastRun) await this.restoreLastRun();
    this.cancelAutosave();
    return this.info()!;
  }

  /** Close the open project without saving (the UI asks first); false when none was open. */
  async close(): Promise<boolean> {
    const p = this.project;
    if (!p) return false;
    // A preview reads the project's catalogue and files: let it finish first.
    await this.previewRunning;
    if (this.project !== p) return false;
    this.cancelAutosave();
    for (const job of this.jobs.values()) if (job.status.state === 'running') job.handle.cancel();
    await this.uploadStore?.clear();
    this.uploadStore = null;
    p.file.close();
    this.project = null;
    this.data.clear();
    return true;
  }

  /** Note a change: bump the revision where the model changed and schedule an autosave. */
  private touched(modelChanged: boolean): void {
    const p = this.open();
    if (modelChanged) p.revision++;
    this.cancelAutosave();
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      if (this.project === p && p.file.dirty) void p.file.autosave().catch(() => undefined);
    }, this.autosaveDelayMs);
    this.autosaveTimer.unref();
  }

  private cancelAutosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
  }

  /** Write the autosave now (tests; the timer does it otherwise). */
  async autosaveNow(): Promise<void> {
    await this.open().file.autosave();
  }

  // ── Catalogue ────────────────────────────────────────────────────────────────────────

  /** Inspect a project-owned file and store it in the catalogue under `id`. */
  private async catalogue(file: ProjectFile, dataDir: string, id: string, rel: string, fields: { name: string; category: string; hazard?: string; units?: string; crs?: number; encoding?: string; description?: string }): Promise<LayerRecord> {
    const abs = join(dataDir, rel);
    const res = await inspect(abs, { crs: fields.crs, encoding: fields.encoding });
    if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: rel, ...(res.error.params ? { params: res.error.params } : {}) });
    const meta = res.value;
    const stored: StoredMeta = { meta, ...(meta.kind === 'raster' ? { range: await rasterRange(meta) } : {}) };
    const rec: LayerRecord = { id, name: fields.name, category: fields.category, path: rel, sha256: await fileSha256(abs), meta: stored };
    if (fields.hazard) rec.hazard = fields.hazard;
    if (fields.units) rec.units = fields.units;
    if (fields.crs !== undefined) rec.crs = fields.crs;
    if (fields.description) rec.description = fields.description;
    file.putLayer(rec);
    return rec;
  }

  /** Rebuild the layer entries and data sources from the catalogue (and the last run's result layers). */
  private rebuildEntries(): void {
    const p = this.open();
    const entries: LayerEntry[] = [];
    for (const id of [...this.data.keys()]) if (this.data.get(id)!.entry.category !== 'result') this.data.delete(id);
    for (const rec of p.file.layers()) {
      const stored = rec.meta as StoredMeta;
      const path = join(p.dataDir, rec.path);
      const meta = { ...stored.meta, path } as LayerMeta;
      const category = rec.category as Category;
      const entry: LayerEntry = {
        id: rec.id,
        name: rec.name,
        category,
        meta,
        style: defaultStyle(category, meta, stored.range),
        visible: category !== 'exposure' && category !== 'capacity' && meta.kind === 'vector',
        file: rec.path,
      };
      if (rec.hazard) entry.hazard = rec.hazard;
      if (rec.units) entry.units = rec.units;
      if (rec.description) entry.description = rec.description;
      if (rec.crs !== undefined) entry.crs = rec.crs;
      const encoding = statedEncoding(meta);
      if (encoding) entry.encoding = encoding;
      entries.push(entry);
      const layerRef: LayerRef = p.doc?.layers[rec.id] ?? { path: rec.path, name: rec.name, category: category as LayerRef['category'], ...(rec.crs !== undefined ? { crs: rec.crs } : {}), ...(encoding ? { encoding } : {}) };
      this.data.set(rec.id, { entry, path, layerRef });
    }
    p.entries = entries;
  }

  /** Recompute the study extent when the study layer, the analysis CRS or its file changed. */
  private async refreshExtent(): Promise<void> {
    const p = this.open();
    if (p.doc) p.extent = await this.extentOf(p.doc);
  }

  /** The study extent of `doc` (cached while the study layer, its file and the CRS stay the same). */
  private async extentOf(doc: ModelDocument): Promise<{ key: string; extent: Extent }> {
    const p = this.open();
    const studyId = doc.grid.studyArea;
    const rec = p.file.layers().find((l) => l.id === studyId);
    const ref = doc.layers[studyId]!;
    const key = `${studyId}|${doc.grid.epsg}|${rec?.sha256 ?? ref.path}|${ref.crs ?? ''}`;
    if (p.extent?.key === key) return p.extent;
    return { key, extent: await studyExtent({ path: join(p.dataDir, 'model.json'), dir: p.dataDir, doc }) };
  }

  /**
   * Import a layer from files (a .zip, a .shp with sidecars, or one data file): they are
   * copied into `layers/<id>/` of the data folder, read (a reader error comes back with its
   * code, naming the file), recognised (category, hazard, units pre-filled) and catalogued;
   * when the project has a model the layer is added to its `layers` too (an undoable edit).
   * @param crs EPSG for a file without a CRS (the user's answer to E_CRS_MISSING).
   */
  async importFiles(files: { path: string; fileName: string }[], crs?: number): Promise<ImportResult> {
    const p = this.editable();
    const main = mainFileOf(files.map((f) => f.fileName));
    const id = layerIdFor(main, new Set([...p.file.layers().map((l) => l.id), ...this.data.keys()]));
    const relDir = `layers/${id}`;
    const dir = join(p.dataDir, relDir);
    await mkdir(dir, { recursive: true });
    try {
      for (const f of files) await copyFile(f.path, join(dir, f.fileName));
      const res = await inspect(join(dir, main), crs === undefined ? undefined : { crs });
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: main, ...(res.error.params ? { params: res.error.params } : {}) });
      // A CRS that matched no EPSG CRS is asked for, like a missing one (E_CRS_UNIDENTIFIED carries the candidates).
      if (res.value.crs?.epsg === null) requireEpsg(res.value.crs, main);
      const suggestion = recogniseLayer(main, res.value);
      const stem = main.replace(/\.[^.]*$/, '');
      // Unrecognised layers start as basemap: it enters no computation until the user says otherwise.
      const category = suggestion?.category ?? 'basemap';
      const rec = await this.catalogue(p.file, p.dataDir, id, `${relDir}/${main}`, {
        name: stem,
        category,
        ...(suggestion?.hazard ? { hazard: suggestion.hazard } : {}),
        ...(suggestion?.units ? { units: suggestion.units } : {}),
        ...(crs !== undefined ? { crs } : {}),
      });
      if (p.doc) {
        const ref: LayerRef = { path: rec.path, name: rec.name, category: category as LayerRef['category'] };
        if (rec.hazard) ref.hazard = rec.hazard;
        if (rec.units) ref.units = rec.units;
        if (crs !== undefined) ref.crs = crs;
        this.commitModel({ ...p.doc, layers: { ...p.doc.layers, [id]: ref } });
      }
      this.rebuildEntries();
      this.touched(p.doc !== null);
      const layer = p.entries.find((e) => e.id === id)!;
      return { layer, suggestion, warnings: res.value.kind === 'vector' ? res.value.warnings : [] };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Import a file the user chose (Electron): the file and, for a .shp, its sidecars beside it. */
  async importPath(path: string, crs?: number): Promise<ImportResult> {
    this.editable();
    const abs = resolve(path);
    try {
      await stat(abs);
    } catch (err) {
      throw new RiskAtlasError('E_FILE_NOT_FOUND', (err as Error).message, { file: path });
    }
    const name = basename(abs);
    const files = [{ path: abs, fileName: name }];
    if (name.toLowerCase().endsWith('.shp')) {
      const stem = name.slice(0, -4).toLowerCase();
      for (const f of await readdir(dirname(abs))) {
        const lower = f.toLowerCase();
        if (f !== name && lower.startsWith(stem + '.') && SIDECARS.has(lower.slice(stem.length))) files.push({ path: join(dirname(abs), f), fileName: f });
      }
    }
    return this.importFiles(files, crs);
  }

  /** The uploads of the open project. */
  uploads(): UploadStore {
    this.editable();
    return this.uploadStore!;
  }

  /** Import finished uploads as one layer; the uploads are released only when the import succeeded (so a retry with a CRS needs no new upload). */
  async importUploads(ids: string[], crs?: number): Promise<ImportResult> {
    const store = this.uploads();
    const files = store.finished(ids);
    const result = await this.importFiles(
      files.map((f) => ({ path: f.path, fileName: f.fileName })),
      crs,
    );
    await store.release(ids);
    return result;
  }

  /**
   * Edit a catalogue entry. A new CRS re-reads the file with it (how a CRS-01 finding is
   * fixed). When the model uses the layer, its `layers` entry follows (an undoable edit).
   */
  async updateLayer(id: string, patch: { name?: string; category?: LayerRef['category']; hazard?: string | null; units?: string | null; description?: string | null; crs?: number | null; encoding?: string | null }): Promise<LayerEntry> {
    const p = this.editable();
    const rec = p.file.layers().find((l) => l.id === id);
    if (!rec) throw new RiskAtlasError('E_ARG_INVALID', `no layer "${id}" in the catalogue`);
    const next = { name: patch.name ?? rec.name, category: patch.category ?? rec.category, hazard: rec.hazard, units: rec.units, description: rec.description, crs: rec.crs, encoding: statedEncoding((rec.meta as StoredMeta).meta) };
    if (patch.hazard !== undefined) next.hazard = patch.hazard ?? undefined;
    if (patch.units !== undefined) next.units = patch.units ?? undefined;
    if (patch.description !== undefined) next.description = patch.description ?? undefined;
    if (patch.crs !== undefined) next.crs = patch.crs ?? undefined;
    if (patch.encoding !== undefined) next.encoding = patch.encoding ?? undefined;
    const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    // A new CRS or encoding re-reads the file with it (the file stays as imported).
    if (patch.crs !== undefined || patch.encoding !== undefined) await this.catalogue(p.file, p.dataDir, id, rec.path, clean(next));
    else p.file.putLayer(clean({ ...rec, ...next, encoding: undefined }));
    let modelChanged = false;
    const ref = p.doc?.layers[id];
    if (p.doc && ref) {
      const nextRef: LayerRef = clean({ path: ref.path, name: next.name, category: next.category as LayerRef['category'], hazard: next.hazard, units: next.units, crs: next.crs, encoding: next.encoding });
      if (JSON.stringify(nextRef) !== JSON.stringify(ref)) {
        this.commitModel({ ...p.doc, layers: { ...p.doc.layers, [id]: nextRef } });
        modelChanged = true;
      }
    }
    this.rebuildEntries();
    if (modelChanged) await this.refreshExtent();
    this.touched(modelChanged);
    return p.entries.find((e) => e.id === id)!;
  }

  /** Remove a layer from the catalogue (its files stay in the data folder); refused while the model uses it. */
  async removeLayer(id: string): Promise<boolean> {
    const p = this.editable();
    if (p.doc?.layers[id]) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}: the model uses this layer; remove it from the model first`);
    const removed = p.file.removeLayer(id);
    if (removed) {
      this.rebuildEntries();
      this.touched(false);
    }
    return removed;
  }

  // ── Model ────────────────────────────────────────────────────────────────────────────

  /** The model document and its undo state. */
  model(): ModelState {
    const p = this.open();
    return { doc: p.doc, revision: p.revision, ...p.file.historyState() };
  }

  /**
   * Validate a model document against the schema and the project: every layer it names must
   * be in the catalogue, at the catalogue's file. Throws E_MODEL_INVALID naming the first problem.
   */
  validateModel(raw: unknown): ModelDocument {
    const p = this.open();
    const doc = parseModel(raw);
    const records = new Map(p.file.layers().map((l) => [l.id, l]));
    for (const [id, ref] of Object.entries(doc.layers)) {
      const rec = records.get(id);
      if (!rec) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}: no layer "${id}" in the project's catalogue; import it first`);
      if (rec.path !== ref.path) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}.path: must be "${rec.path}", the layer's file in the project`);
    }
    return doc;
  }

  /**
   * The current model with `raw` — an indicator being edited — in place of the indicator of
   * the same id, or appended (last) when new; its layer may be any catalogued layer. The
   * result is validated like a model update (E_MODEL_INVALID naming the problem) and stored
   * nowhere: it is for previews.
   */
  modelWithIndicator(raw: unknown): LoadedModel {
    const base = this.loadedModel();
    const parsed = indicatorSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RiskAtlasError('E_MODEL_INVALID', `indicator.${issue.path.join('.') || '(spec)'}: ${issue.message}`);
    }
    const spec = parsed.data;
    const doc = base.doc;
    const layers = { ...doc.layers };
    if (!layers[spec.layer]) {
      const rec = this.open().file.layers().find((l) => l.id === spec.layer);
      if (!rec) throw new RiskAtlasError('E_MODEL_INVALID', `indicator.layer: no layer "${spec.layer}" in the project`);
      const encoding = statedEncoding((rec.meta as StoredMeta).meta);
      layers[spec.layer] = { path: rec.path, name: rec.name, category: rec.category as LayerRef['category'], ...(rec.crs !== undefined ? { crs: rec.crs } : {}), ...(encoding ? { encoding } : {}) };
    }
    const indicators = [...doc.indicators.filter((i) => i.id !== spec.id), spec];
    return { ...base, doc: this.validateModel({ ...doc, layers, indicators }) };
  }

  private commitModel(doc: ModelDocument): void {
    const p = this.open();
    p.file.commitModel(JSON.stringify(doc));
    p.doc = doc;
  }

  /** Replace the model document (validated); an undoable edit. */
  async updateModel(raw: unknown): Promise<ModelState> {
    const p = this.editable();
    const doc = this.validateModel(raw);
    // Read the study area before anything changes: a model whose study area cannot be read is refused whole.
    const extent = await this.extentOf(doc);
    this.commitModel(doc);
    p.extent = extent;
    this.rebuildEntries();
    this.touched(true);
    return this.model();
  }

  /** Undo (or redo) the last model edit; the state is unchanged when there is nothing to undo. */
  async stepModel(direction: 'undo' | 'redo'): Promise<ModelState> {
    const p = this.editable();
    const json = direction === 'undo' ? p.file.undoModel() : p.file.redoModel();
    if (json !== undefined) {
      p.doc = parseModel(JSON.parse(json) as unknown);
      await this.refreshExtent();
      this.rebuildEntries();
      this.touched(true);
    }
    return this.model();
  }

  /** Write a model document into the data folder for the engine (which reads models from files); returns its path. */
  async writeModelFile(doc: ModelDocument, tag: string): Promise<string> {
    const p = this.open();
    const path = join(p.dataDir, `.model-${tag}.json`);
    await writeFile(path, JSON.stringify(doc, null, 2));
    return path;
  }

  // ── Compute ──────────────────────────────────────────────────────────────────────────

  /** Start running the open project's model in a worker; returns the job id at once. */
  async startRun(): Promise<string> {
    const p = this.open();
    const doc = this.loadedModel().doc;
    const jobId = `run-${randomBytes(6).toString('hex')}`;
    const outDir = join(p.dataDir, 'runs', jobId);
    const modelPath = await this.writeModelFile(doc, jobId);
    const started = new Date().toISOString();
    const status: JobStatus = { jobId, state: 'running', progress: 0, step: 'read' };
    const handle = runModelInWorker({ modelPath, outDir }, (pr) => {
      status.progress = pr.progress;
      status.step = pr.step;
    });
    const settled = handle.done.then(
      async (summary) => {
        try {
          const result = await this.registerResult(jobId, summary);
          status.result = result;
          status.state = 'done';
          status.progress = 1;
          if (this.project === p) {
            p.lastRun = result;
            p.file.recordRun({ id: jobId, started, finished: new Date().toISOString(), model: JSON.stringify(doc), summary: result });
            this.touched(false);
          }
        } catch (err) {
          status.state = 'failed';
          status.error = toErrorInfo(err);
        }
        await rm(modelPath, { force: true }).catch(() => undefined);
      },
      async (err: unknown) => {
        const info = toErrorInfo(err);
        status.state = info.code === 'E_CANCELLED' ? 'cancelled' : 'failed';
        status.error = info;
        await rm(modelPath, { force: true }).catch(() => undefined);
      },
    );
    this.jobs.set(jobId, { status, handle, settled });
    return jobId;
  }

  /** Register a run's result layers as data sources. */
  private async registerResult(runId: string, s: Pick<RunSummary, 'outDir' | 'files' | 'classification' | 'weights' | 'elapsedMs' | 'zoning'>): Promise<RunResult> {
    const layers: LayerEntry[] = [];
    const add = async (id: string, name: string, path: string, style: LayerStyle): Promise<void> => {
      const res = await inspect(path);
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: path });
      const entry: LayerEntry = { id, name, category: 'result', meta: res.value, style, visible: id.endsWith('grade') };
      layers.push(entry);
      this.data.set(id, { entry, path });
    };
    const b = s.classification.breaks;
    await add(`${runId}-index`, '综合风险指数', s.files.index, { type: 'ramp', min: b[0]!, max: b[b.length - 1]!, colors: ['#38A800', '#FFFF00', '#E60000'] });
    await add(`${runId}-grade`, '综合风险等级', s.files.grade, {
      type: 'classes',
      classes: s.classification.classes.map((c) => ({ value: c.grade, color: c.color })),
    });
    if (s.files.zoning) {
      const colours = ['#C00000', '#FF9900', '#FFE699'];
      await add(`${runId}-zoning`, '综合防治区划', s.files.zoning, { type: 'classes', classes: colours.map((color, i) => ({ value: i + 1, color })) });
    }
    return {
      runId,
      outDir: s.outDir,
      files: { index: s.files.index, grade: s.files.grade, stats: s.files.stats, ...(s.files.png ? { png: s.files.png } : {}) },
      classification: s.classification,
      weights: s.weights,
      layers,
      elapsedMs: s.elapsedMs,
      ...(s.zoning ? { zoning: { capacityBreaks: s.zoning.capacityBreaks, zones: s.zoning.zones } } : {}),
    };
  }

  /** Bring back the last finished run of the project (its outputs in `runs/<id>/`), when its files are still there. */
  private async restoreLastRun(): Promise<void> {
    const p = this.open();
    const last = p.file.lastRun();
    if (!last) return;
    const r = last.summary as RunResult;
    const outDir = join(p.dataDir, 'runs', last.id);
    const moved = (f: string): string => join(outDir, relative(r.outDir, f));
    const files = { index: moved(r.files.index), grade: moved(r.files.grade), stats: moved(r.files.stats), ...(r.files.png ? { png: moved(r.files.png) } : {}) } as RunSummary['files'];
    if (!existsSync(files.index) || !existsSync(files.grade)) return;
    const zoning = r.layers.find((l) => l.id.endsWith('-zoning'));
    if (zoning) files.zoning = moved(zoning.meta.path);
    p.lastRun = await this.registerResult(last.id, { outDir, files, classification: r.classification, weights: r.weights, elapsedMs: r.elapsedMs, ...(r.zoning ? { zoning: r.zoning } : {}) });
  }

  /** A job's status. */
  jobStatus(jobId: string): JobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no job "${jobId}"`);
    return job.status;
  }

  /** Cancel a running job; false when it had already ended. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no job "${jobId}"`);
    if (job.status.state !== 'running') return false;
    job.handle.cancel();
    return true;
  }

  /** Wait for a job to end (tests and the CLI). */
  async waitForJob(jobId: string): Promise<JobStatus> {
    const job = this.jobs.get(jobId);
    if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no job "${jobId}"`);
    await job.settled;
    return job.status;
  }

  // ── Review ───────────────────────────────────────────────────────────────────────────

  /**
   * Open for review, read-only: a project file (its comments and decisions go into it), or a
   * delivered package folder (they go into `review.riskatlas` inside the folder, created on
   * first use). Model and catalogue edits are refused with E_READ_ONLY.
   */
  async openReview(path: string): Promise<ReviewView> {
    const abs = resolve(path);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'nothing to review at this path', { file: path });
    if (st.isDirectory()) {
      const reviewPath = join(abs, PACKAGE_REVIEW_FILE);
      const file = existsSync(reviewPath) ? await ProjectFile.open(reviewPath) : await ProjectFile.create(reviewPath, basename(abs)).catch((err: unknown) => {
        throw err instanceof RiskAtlasError ? err : new RiskAtlasError('E_WRITE', `the review record cannot be written in the package folder: ${(err as Error).message}`, { file: reviewPath });
      });
      await this.adopt(file, true, false);
      this.project!.review = { source: abs, kind: 'package' };
    } else {
      await this.openProject(abs, { readOnly: true });
      this.project!.review = { source: abs, kind: 'project' };
    }
    return this.reviewView();
  }

  /** Review the open project where it is: saved first, then read-only until {@link closeReview}. */
  async reviewInPlace(): Promise<ReviewView> {
    const p = this.open();
    if (!p.readOnly) {
      await this.save();
      p.readOnly = true;
      p.review = { source: p.file.path, kind: 'project', inPlace: true };
    }
    return this.reviewView();
  }

  /** Leave review mode: a project reviewed in place is editable again; a package or project opened for review is closed. False when not reviewing. */
  async closeReview(): Promise<boolean> {
    const p = this.project;
    if (!p?.review) return false;
    if (p.review.inPlace) {
      p.readOnly = false;
      delete p.review;
      return true;
    }
    return this.close();
  }

  /** The folder whose deliverables are reviewed: the package, or the project's last run folder. */
  private reviewDir(): string | null {
    const p = this.open();
    if (p.review?.kind === 'package') return p.review.source;
    return p.lastRun?.outDir ?? null;
  }

  /** What is under review: its deliverables, comments and decisions. Works on any open project. */
  async reviewView(): Promise<ReviewView> {
    const p = this.open();
    const dir = this.reviewDir();
    const decisions = p.file.decisions();
    const items = dir ? await listPackage(dir) : [];
    const geo = await this.reviewGeoreference(dir, items);
    return {
      source: p.review?.source ?? p.file.path,
      kind: p.review?.kind ?? 'project',
      items,
      comments: p.file.comments(),
      decisions,
      status: decisions.length ? decisions[decisions.length - 1]!.decision : null,
      georeference: geo ? { ...geo, proj4: crsFromEpsg(geo.epsg).proj4 } : null,
    };
  }

  /** The CRS and extent of what is reviewed: the project's model and study extent, else the package's provenance. */
  private async reviewGeoreference(dir: string | null, items: PackageItem[]): Promise<{ epsg: number; extent: Extent } | null> {
    const p = this.open();
    if (p.doc && p.extent) return { epsg: p.doc.grid.epsg, extent: p.extent.extent };
    return dir ? packageGeoreference(dir, items) : null;
  }

  /** A deliverable's bytes as a data URL. */
  async reviewItem(id: string): Promise<{ id: string; mime: string; dataUrl: string }> {
    const dir = this.reviewDir();
    if (!dir) throw new RiskAtlasError('E_FILE_NOT_FOUND', 'nothing to review yet: compute first', { file: id });
    const { mime, bytes } = await readPackageItem(dir, id);
    return { id, mime, dataUrl: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` };
  }

  /** Review records are kept at once in review mode (a reviewer has no save button); otherwise they are ordinary unsaved changes. */
  private async keepReview(): Promise<void> {
    const p = this.open();
    if (p.readOnly) await p.file.save();
    else this.touched(false);
  }

  /** Pin a comment to a map position (analysis CRS). */
  async addComment(c: { x: number; y: number; text: string; author: string; target?: string }): Promise<ReviewComment> {
    const p = this.open();
    const id = p.file.addComment(c);
    await this.keepReview();
    return p.file.comments().find((x) => x.id === id)!;
  }

  /** Mark a comment resolved or open. */
  async resolveComment(id: number, resolved: boolean): Promise<ReviewComment> {
    const p = this.open();
    if (!p.file.resolveComment(id, resolved)) throw new RiskAtlasError('E_ARG_INVALID', `no comment ${id}`);
    await this.keepReview();
    return p.file.comments().find((x) => x.id === id)!;
  }

  /** Record approval, or return with reasons (required). */
  async decide(d: { decision: 'approved' | 'returned'; reasons: string; reviewer: string }): Promise<ReviewDecision> {
    const p = this.open();
    if (d.decision === 'returned' && !d.reasons.trim()) throw new RiskAtlasError('E_ARG_INVALID', 'say why the package is returned');
    const id = p.file.addDecision(d);
    await this.keepReview();
    return p.file.decisions().find((x) => x.id === id)!;
  }

  /** The review record as CSV or JSON text, with a file name to offer for download. */
  async exportReview(format: 'csv' | 'json'): Promise<{ fileName: string; mime: string; text: string }> {
    const p = this.open();
    const dir = this.reviewDir();
    const geo = await this.reviewGeoreference(dir, dir ? await listPackage(dir) : []);
    const record: ReviewRecord = { source: p.review?.source ?? p.file.path, epsg: geo?.epsg ?? null, comments: p.file.comments(), decisions: p.file.decisions() };
    const stem = `review_${basename(record.source).replace(/\.riskatlas$/i, '')}`;
    return format === 'csv'
      ? { fileName: `${stem}.csv`, mime: 'text/csv', text: reviewCsv(record) }
      : { fileName: `${stem}.json`, mime: 'application/json', text: reviewJson(record) };
  }

  // ── Quality control ──────────────────────────────────────────────────────────────────

  /** Run QC on the project's model layers; the findings replace the stored ones (locations in the analysis CRS). */
  async runQc(surveyYear?: number): Promise<QcView> {
    const p = this.open();
    const doc = p.doc ?? this.draftQcModel();
    const tag = `qc-${randomBytes(4).toString('hex')}`;
    const modelPath = await this.writeModelFile(doc, tag);
    try {
      const report = await runQc(modelPath, surveyYear === undefined ? {} : { surveyYear });
      p.file.setQcFindings(report.findings, new Date().toISOString());
      if (!p.readOnly) this.touched(false);
    } finally {
      await rm(modelPath, { force: true });
    }
    return this.qcView();
  }

  /**
   * What QC checks in a project without a model: the starting model (for its study area and
   * analysis CRS — the CRS the draft's layers are served in) with every catalogued layer.
   * E_MODEL_INVALID says what is missing (an admin boundary, a hazard layer).
   */
  private draftQcModel(): ModelDocument {
    const draft = this.draft()!;
    const scaffold = scaffoldModel(draft.name, draft.layers, this.analysisEpsg()) as { layers: Record<string, LayerRef> };
    const layers: Record<string, LayerRef> = {};
    for (const l of draft.layers) {
      if (!l.file || l.category === 'result') continue;
      layers[l.id] = { path: l.file, name: l.name, category: l.category, ...(l.hazard ? { hazard: l.hazard } : {}), ...(l.units ? { units: l.units } : {}), ...(l.crs !== undefined ? { crs: l.crs } : {}), ...(l.encoding ? { encoding: l.encoding } : {}) };
    }
    return this.validateModel({ ...scaffold, layers: { ...layers, ...scaffold.layers } });
  }

  /** The stored findings of the last QC run, with counts per severity. */
  qcView(): QcView {
    const p = this.open();
    const findings = p.file.qcFindings() as QcFinding[];
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of findings) counts[f.severity]++;
    return { rules: RULES, findings, counts, ranAt: p.file.getMeta('qc_ran_at') ?? null };
  }

  // ── Live preview ─────────────────────────────────────────────────────────────────────

  /**
   * The composite of `raw` (an edited model, validated like model.update; default the current
   * one) on a coarse grid of at most `maxCells` cells, computed in this thread by the same
   * engine run as a full compute (without zoning and statistics), drawn as a PNG.
   */
  async previewComposite(raw: unknown, maxCells: number): Promise<CompositePreview> {
    // Latest wins: while weights are being dragged only the newest request is worth computing.
    const seq = ++this.previewSeq;
    await this.previewRunning;
    if (seq !== this.previewSeq) throw new RiskAtlasError('E_CANCELLED', 'superseded by a newer preview');
    const run = this.computePreview(raw, maxCells);
    this.previewRunning = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private previewSeq = 0;
  private previewRunning: Promise<void> = Promise.resolve();

  private async computePreview(raw: unknown, maxCells: number): Promise<CompositePreview> {
    const p = this.open();
    const doc = raw === undefined ? this.loadedModel().doc : this.validateModel(raw);
    const extent = await studyExtent({ path: join(p.dataDir, 'model.json'), dir: p.dataDir, doc });
    const cellSize = coarseCellSize(extent, doc.grid.cellSize, maxCells, doc.grid.snap);
    const { zoning: _zoning, statistics: _statistics, ...rest } = doc;
    const coarse: ModelDocument = { ...rest, grid: { ...doc.grid, cellSize } };
    const tag = `preview-${randomBytes(4).toString('hex')}`;
    const modelPath = await this.writeModelFile(coarse, tag);
    const outDir = await mkdtemp(join(tmpdir(), 'riskatlas-preview-'));
    try {
      const summary = await runModel(modelPath, outDir, { workers: 0 });
      const src = await openGeoTiff(summary.files.index);
      let values: Float64Array;
      try {
        values = await src.readWindow(0, 0, src.meta.width, src.meta.height, 0);
      } finally {
        await src.close();
      }
      const { rgba, min, max } = indexRgba(values, src.meta.nodata);
      const png = encodePng(src.meta.width, src.meta.height, rgba);
      return {
        width: src.meta.width,
        height: src.meta.height,
        extent: gridExtent(summary.grid),
        cellSize,
        png: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
        min,
        max,
        weights: summary.weights,
      };
    } finally {
      await rm(modelPath, { force: true });
      await rm(outDir, { recursive: true, force: true });
    }
  }

  /** The valid values of the last run's risk index (E_ARG_INVALID before the first compute). */
  async lastIndexValues(): Promise<Float64Array> {
    const run = this.open().lastRun;
    if (!run) throw new RiskAtlasError('E_ARG_INVALID', 'compute the model first: class breaks are previewed on the last run\'s index');
    return rasterValues(run.files.index);
  }
}
