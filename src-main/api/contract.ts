/**
 * The one API contract between the renderer and the engine. Both transports use it:
 * Electron IPC (preload → `ipcMain.handle('riskatlas:api')`) and the loopback HTTP server
 * (`POST /api/<method>`). Every call's arguments are validated against the schema here
 * before the handler runs; results are plain JSON; failures are `{ ok: false, error }`
 * with an error code (see `src-shared/errors.ts`).
 *
 * The renderer imports this file for types only, so zod stays out of the browser bundle.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../../src-shared/errors';
import type { Extent, LayerMeta } from '../../src-shared/layer';
import type { Category } from '../../src-shared/categories';
import type { GradeClass } from '../engine/classify/gradeStatistics';
import type { LayerStyle } from '../engine/catalog/styles';
import type { ModelDocument } from '../engine/model/document';
import type { Finding, RuleInfo, Severity } from '../engine/qc/rules';
import type { CatalogSuggestion } from '../engine/catalog/recognise';
import { DIALOG_PURPOSES } from './dialogs';
import { layoutSchema, PACKAGE_MAPS, PAPER_MM, SHEET_KINDS, type Paper, type SheetKind, type SheetLayout } from '../engine/maps/layout';
import type { PackageFile } from '../engine/export/package';
import type { ReviewComment } from '../engine/review/reviewExport';

export type { SheetLayout, SheetKind, Paper } from '../engine/maps/layout';
export type { PackageFile } from '../engine/export/package';
export type { PackageMap } from '../engine/maps/layout';

export { CATEGORIES, type Category } from '../../src-shared/categories';
export type { LayerStyle } from '../engine/catalog/styles';
export type { GradeClass } from '../engine/classify/gradeStatistics';
export type { ModelDocument } from '../engine/model/document';
export type { Finding, RuleInfo, Severity } from '../engine/qc/rules';
export type { CatalogSuggestion } from '../engine/catalog/recognise';

/** A layer of the open project, as the layer tree and the map see it. */
export interface LayerEntry {
  id: string;
  /** Display name (Chinese in the demo, whatever the user gave otherwise). */
  name: string;
  category: Category;
  /** Hazard type for hazard layers (e.g. 'landslide', 'flood', 'earthquake'). */
  hazard?: string;
  units?: string;
  meta: LayerMeta;
  style: LayerStyle;
  /** Shown when the project opens. */
  visible: boolean;
  /** Free text the technician wrote about the layer (source, date, remarks). */
  description?: string;
  /** EPSG code given by the user for a file without a CRS (fixes a CRS-01 finding). */
  crs?: number;
  /** Text encoding given by the user for a shapefile whose own is missing or wrong (fixes an ENC-01 finding). */
  encoding?: string;
  /** The file inside the project's data folder, as the model's `layers.<id>.path` must name it. */
  file?: string;
}

/** The result of a model run. */
export interface RunResult {
  runId: string;
  outDir: string;
  /** Output files written (absolute paths), by role. */
  files: { index: string; grade: string; png?: string; stats: string };
  classification: { method: string; breaks: number[]; classes: GradeClass[] };
  /** Weights actually used per component, for provenance. */
  weights: Record<string, Record<string, number>>;
  /** Result layers to add to the map (category 'result'). */
  layers: LayerEntry[];
  elapsedMs: number;
  /** Prevention zoning of the run (when the model has `zoning`): capacity breaks and the zone list (FQDM, FQMC, MC, XZQMC, ZYZH, MJ_KM2, ZB, RK per zone). */
  zoning?: { capacityBreaks: number[]; zones: Record<string, unknown>[] };
}

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

/** The project file's state, as the title bar, the save button and the undo menu need it. */
export interface ProjectInfo {
  /** Absolute path of the `.riskatlas` file. */
  path: string;
  /** The project's data folder (imports and uploads are copied here; model paths are relative to it). */
  dataDir: string;
  /** Unsaved changes exist (an autosave may hold them). */
  dirty: boolean;
  /** Opened for review: model and catalogue edits are refused (E_READ_ONLY); comments and decisions are allowed. */
  readOnly: boolean;
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

/** The model document with its undo state. `doc` is null in a new project until a model is set. */
export interface ModelState {
  doc: ModelDocument | null;
  revision: number;
  canUndo: boolean;
  canRedo: boolean;
}

/** An upload in progress (serve mode: a file's bytes arrive in base64 chunks). */
export interface UploadState {
  uploadId: string;
  fileName: string;
  /** Bytes declared at begin. */
  size: number;
  /** Bytes received so far (the next chunk's offset). */
  received: number;
}

/** The result of importing a layer: its catalogue entry, the recogniser's suggestion and reader warnings. */
export interface ImportResult {
  layer: LayerEntry;
  /** What the catalogue pre-filled (category, hazard, units, name) and why; null when nothing was recognised. */
  suggestion: CatalogSuggestion | null;
  /** Reader warnings (e.g. a rebuilt .shx), in English; the UI shows them as they are. */
  warnings: string[];
}

/** One page of a vector layer's attribute table. */
export interface FeaturePage {
  fields: { name: string; type: string }[];
  /** Features after filtering (the pager's total). */
  total: number;
  rows: { fid: number; properties: Record<string, unknown> }[];
  /** Extent of each row's geometry in the analysis CRS, to zoom to (null when empty). */
  extents: (Extent | null)[];
}

/** What one layer has at an identified point. */
export interface IdentifyHit {
  layerId: string;
  name: string;
  kind: 'raster' | 'vector';
  /** Raster: the cell's value per band (null = nodata or outside the raster). */
  values?: (number | null)[];
  /** Vector: the features hit (polygons containing the point, points/lines within the tolerance). */
  features?: { fid: number; properties: Record<string, unknown> }[];
}

/**
 * A QC finding as the rule table shows it (the engine's finding plus a row id). `feature` is
 * 1-based, as QC reports print it: the attribute table's `fid` is `feature − 1`. `at` is in
 * the analysis CRS.
 */
export interface QcFinding extends Finding {
  id: number;
}

/** The last QC run of the project. */
export interface QcView {
  rules: RuleInfo[];
  findings: QcFinding[];
  counts: Record<Severity, number>;
  /** ISO time of the run; null when QC never ran. */
  ranAt: string | null;
}

/** Live AHP: the weights of a pairwise matrix and its consistency. */
export interface AhpView {
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  /** CR < 0.10. */
  consistent: boolean;
  /** Saaty's RI used for n. */
  ri: number;
}

/** A histogram of grid values: `counts[i]` values fall in [edges[i], edges[i+1]) (the last bin is closed). */
export interface Histogram {
  min: number;
  max: number;
  edges: number[];
  counts: number[];
  /** Valid (non-nodata) cells counted. */
  validCells: number;
}

/** Class breaks on the last run's index, before they are applied. */
export interface BreaksPreview {
  /** `[min, b1, …, max]`, ascending. */
  breaks: number[];
  /** Cells per class, lowest class first. */
  counts: number[];
  histogram: Histogram;
}

/** A coarse composite for the live preview while weights change. */
export interface CompositePreview {
  width: number;
  height: number;
  /** Extent of the preview grid in the analysis CRS. */
  extent: Extent;
  cellSize: number;
  /** The index drawn green → yellow → red over [min, max], nodata transparent. */
  png: string;
  min: number;
  max: number;
  /** Weights used per component (AHP/entropy resolved). */
  weights: Record<string, Record<string, number>>;
}

export type { ReviewComment };

export type ReviewDecisionKind = 'approved' | 'returned';

/** The bureau's decision on a package or project. */
export interface ReviewDecision {
  id: number;
  decision: ReviewDecisionKind;
  /** Why it is returned (required then), or remarks. */
  reasons: string;
  reviewer: string;
  created: string;
}

/** A deliverable a reviewer can look at. */
export interface ReviewItem {
  id: string;
  kind: 'map' | 'raster' | 'table' | 'vector' | 'document';
  name: string;
  /** File name inside the package or run folder. */
  file: string;
  bytes: number;
}

/** What review mode shows: what is being reviewed, its items, comments and decisions. */
export interface ReviewView {
  /** The package folder or project file under review. */
  source: string;
  kind: 'package' | 'project';
  items: ReviewItem[];
  comments: ReviewComment[];
  decisions: ReviewDecision[];
  /** The latest decision, or null while undecided. */
  status: ReviewDecisionKind | null;
  /**
   * The CRS and extent the maps and comment coordinates are in (the project's model, or the
   * package's provenance.json: its risk_grade.png covers exactly this extent); null when unknown.
   */
  georeference: { epsg: number; proj4: string; extent: Extent } | null;
}

/** An open offline basemap (see engine/io/tileSource.ts). */
export interface BasemapInfo {
  kind: 'mbtiles' | 'xyz';
  name: string;
  format: 'png' | 'jpg' | 'webp';
  minZoom: number;
  maxZoom: number;
  /** Lon/lat [west, south, east, north] when the source states it. */
  bounds: [number, number, number, number] | null;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  jobId: string;
  state: JobState;
  /** 0–1. */
  progress: number;
  /** Current step, a stable key the UI translates (e.g. 'align', 'normalise', 'classify', 'write'). */
  step: string;
  result?: RunResult;
  error?: ErrorInfo;
}

export interface AppInfo {
  name: 'RiskAtlas';
  version: string;
  /** Engine platform, for the about box. */
  node: string;
}

const empty = z.object({}).strict();

/** Largest file accepted by upload (bytes). */
export const UPLOAD_MAX_BYTES = 2 * 1024 ** 3;
/**
 * Largest base64 text of one upload chunk: 1 MiB − 4 KiB, so the request with its JSON
 * envelope fits the server's 1 MiB body limit. A multiple of 4 so every chunk decodes alone.
 */
export const UPLOAD_CHUNK_MAX_BASE64 = 1_044_480;
/** Bytes per chunk a client should send: exactly what {@link UPLOAD_CHUNK_MAX_BASE64} characters of base64 encode. */
export const UPLOAD_CHUNK_BYTES = 783_360;

const userPath = z.string().min(1).max(4096);
const projectName = z.string().trim().min(1).max(100).refine((n) => !/[\\/:*?"<>|\u0000-\u001f]/.test(n), { message: 'a project name may not contain \\ / : * ? " < > | or control characters' });
const fileName = z.string().min(1).max(255).refine((n) => !/[\\/\u0000-\u001f]/.test(n) && n !== '.' && n !== '..', { message: 'a file name, without folders' });
const uploadId = z.string().regex(/^up-[a-f0-9]{12}$/);
const layerId = z.string().min(1).max(64);
const modelId = z.string().min(1).max(64);
const epsg = z.number().int().min(1024).max(999_999);
const finite = z.number().finite();

/** Method name → argument schema. Results are typed by {@link ApiResults}. */
export const apiArgs = {
  'app.info': empty,
  'project.current': empty,
  'project.openDemo': empty,
  'layer.inspect': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'job.startRun': empty,
  'job.status': z.object({ jobId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
  'job.cancel': z.object({ jobId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),

  // Project file (.riskatlas). `path` must be one the user chose (Electron dialog); without
  // one the project goes into the session's workspace folder (serve mode).
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
  /** The default zoning matrix (5 risk grades × 3 capacity grades → zone 1–3) and zone names, for the zoning panel. */
  'zoning.defaults': empty,

  /** Electron: show a native file dialog; the chosen paths may then be passed to project.open, layer.import… (serve mode: E_PATH_FORBIDDEN). */
  'dialog.choose': z.object({ purpose: z.enum(DIALOG_PURPOSES) }).strict(),

  // Data.
  /** Electron: import a file the user chose in a dialog (sidecars of a shapefile come along). */
  'layer.import': z.object({ path: userPath, crs: epsg.optional() }).strict(),
  /** Zero bytes are accepted, so that the import names the fault (E_FILE_EMPTY) like every other bad file. */
  'upload.begin': z.object({ fileName, size: z.number().int().min(0).max(UPLOAD_MAX_BYTES) }).strict(),
  /** `data` is base64, at most {@link UPLOAD_CHUNK_MAX_BASE64} characters; `offset` is the byte offset of its first byte. */
  'upload.chunk': z.object({ uploadId, offset: z.number().int().min(0), data: z.string().min(4).max(UPLOAD_CHUNK_MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict(),
  'upload.abort': z.object({ uploadId }).strict(),
  /** Import finished uploads as one layer: a .zip, or a .shp with its sidecars, or a single .tif/.geojson/.gpkg/.csv. */
  'layer.importUploads': z.object({ uploadIds: z.array(uploadId).min(1).max(8), crs: epsg.optional() }).strict(),
  'layer.update': z
    .object({
      id: layerId,
      name: z.string().min(1).max(200).optional(),
      category: z.enum(['hazard', 'exposure', 'capacity', 'hiddenDanger', 'history', 'admin', 'basemap']).optional(),
      hazard: z.string().max(64).nullable().optional(),
      units: z.string().max(32).nullable().optional(),
      description: z.string().max(4000).nullable().optional(),
      /** EPSG for a file without a CRS; null removes it. */
      crs: epsg.nullable().optional(),
      /** Text encoding of a shapefile's attributes (e.g. "gbk", "windows-1252"): the file is read again with it; null goes back to the file's own evidence. */
      encoding: z.string().min(1).max(40).nullable().optional(),
    })
    .strict(),
  'layer.remove': z.object({ id: layerId }).strict(),
  'layer.features': z
    .object({
      id: layerId,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      sort: z.object({ field: z.string().min(1).max(64), desc: z.boolean().default(false) }).strict().optional(),
      /** Case-insensitive substring match on one field, or on any field when `field` is absent. */
      filter: z.object({ field: z.string().min(1).max(64).optional(), text: z.string().min(1).max(200) }).strict().optional(),
    })
    .strict(),
  /** Values of every layer (or of `layers`) at map point (x, y) in the analysis CRS; `tolerance` in map units for points and lines. */
  'map.identify': z.object({ x: finite, y: finite, tolerance: z.number().min(0).max(100_000).default(0), layers: z.array(layerId).max(200).optional() }).strict(),

  // Quality control.
  /** QC of the model's layers; in a project without a model, of every catalogued layer over the starting model's study area (see model.scaffold). */
  'qc.run': z.object({ surveyYear: z.number().int().min(1900).max(2200).optional() }).strict(),
  'qc.findings': empty,

  // Model.
  'model.get': empty,
  /** Replace the model document (validated; E_MODEL_INVALID names the first problem). */
  'model.update': z.object({ doc: z.unknown() }).strict(),
  'model.undo': empty,
  'model.redo': empty,
  /**
   * A starting model from the catalogue (study area from the admin boundary, one indicator per
   * hazard / hidden-danger / exposure / capacity layer, equal weights, weighted sum, Jenks 5),
   * validated but not stored: edit it, then model.update.
   */
  'model.scaffold': empty,
  'weights.ahp': z.object({ matrix: z.array(z.array(finite).min(1).max(15)).min(1).max(15) }).strict(),
  /** Entropy weights of these indicators of the current model over the analysis grid. */
  'weights.entropy': z.object({ indicators: z.array(modelId).min(1).max(50) }).strict(),
  /** Histogram of an indicator of the current model on the analysis grid (raw values, or after its transform). */
  'indicator.histogram': z
    .object({
      indicator: modelId.optional(),
      /** An indicator being edited (not yet in the model): its layer must be in the model or the catalogue. Give this or `indicator`. */
      spec: z.unknown().optional(),
      normalised: z.boolean().default(false),
      bins: z.number().int().min(2).max(256).default(32),
    })
    .strict()
    .refine((a) => (a.indicator === undefined) !== (a.spec === undefined), { message: 'give either indicator (an id of the model) or spec (an indicator being edited)' }),
  /** Breaks for a method and number of classes on the last run's index. */
  'classes.preview': z
    .object({
      method: z.enum(['jenks', 'quantile', 'equalInterval', 'stdDev', 'kmeans', 'fixed']),
      classes: z.number().int().min(2).max(12).default(5),
      thresholds: z.array(finite).min(1).max(11).optional(),
      bins: z.number().int().min(2).max(256).default(64),
    })
    .strict(),
  /** Set fixed thresholds (k − 1 ascending inner breaks, e.g. dragged on the histogram): a model edit, undoable. */
  'classes.setThresholds': z.object({ thresholds: z.array(finite).min(1).max(11) }).strict(),

  // Compute.
  /**
   * A quick composite of `doc` (or the current model) on a coarse grid of at most `maxCells`
   * cells. Calls queue; one overtaken by a newer call before it starts ends in E_CANCELLED.
   */
  'preview.composite': z.object({ doc: z.unknown().optional(), maxCells: z.number().int().min(100).max(250_000).default(8_000) }).strict(),

  // Review.
  /** Open a delivered package (folder) or a project read-only for review. */
  /**
   * Without `path`: review the open project where it is — it is saved, then read-only until
   * `review.close` (how review mode is reached in serve mode, where no path may be given).
   */
  'review.open': z.object({ path: userPath.optional() }).strict(),
  /** Leave review mode: a project reviewed in place becomes editable again; anything opened for review is closed. */
  'review.close': empty,
  'review.view': empty,
  /** A review item's bytes as a data URL (maps as PNG/PDF, tables as CSV text). */
  'review.item': z.object({ id: z.string().min(1).max(200) }).strict(),
  'review.addComment': z.object({ x: finite, y: finite, text: z.string().trim().min(1).max(4000), author: z.string().trim().min(1).max(100), target: z.string().max(200).optional() }).strict(),
  'review.resolveComment': z.object({ id: z.number().int().positive(), resolved: z.boolean() }).strict(),
  'review.decide': z.object({ decision: z.enum(['approved', 'returned']), reasons: z.string().trim().max(4000).default(''), reviewer: z.string().trim().min(1).max(100) }).strict(),
  'review.export': z.object({ format: z.enum(['csv', 'json']) }).strict(),

  // Offline basemap: an MBTiles file or a folder of XYZ tiles (Web Mercator), tiles as data URLs; no network.
  /** Open the basemap at `path` (a path the user chose, or one inside the project); replaces the open one. */
  'basemap.open': z.object({ path: userPath }).strict(),
  /** One tile at XYZ (z, x, y); `dataUrl` is null where the source has none. */
  'basemap.tile': z.object({ z: z.number().int().min(0).max(30), x: z.number().int().min(0), y: z.number().int().min(0) }).strict(),
  'basemap.close': empty,

  // Map sheets (layout designer). A layout is the versioned document of
  // engine/maps/layout.ts: paper, orientation, scale, dpi, texts, element boxes in mm.
  /** The sheets of the series the last run can give (kind, hazard/indicator id, default title). */
  'sheet.catalog': empty,
  /**
   * The default layout of a sheet of the series for the last run: `kind` riskGrade (综合风险图),
   * zoning (综合防治区划图), hazard / exposure (with `layer` = an indicator id of the model).
   */
  'sheet.layout': z
    .object({
      kind: z.enum(SHEET_KINDS),
      layer: z.string().min(1).max(200).optional(),
      paper: z.enum(Object.keys(PAPER_MM) as [Paper, ...Paper[]]).optional(),
      orientation: z.enum(['portrait', 'landscape']).optional(),
    })
    .strict(),
  /** Render `layout` for the last run as a PNG data URL at `dpi` (default 72) for the live preview. */
  'sheet.preview': z.object({ layout: layoutSchema, dpi: z.number().int().min(20).max(150).optional() }).strict(),
  /**
   * Render `layout` for the last run and write it into the run's folder (`maps/<title>.<format>`, beside the package's sheets):
   * vector PDF, or PNG/JPG at `dpi` (default: the layout's, 300). `inline` also returns the file as a data URL.
   */
  'sheet.export': z
    .object({ layout: layoutSchema, format: z.enum(['pdf', 'png', 'jpg']), dpi: z.number().int().min(30).max(1200).optional(), inline: z.boolean().optional() })
    .strict(),
  /**
   * Turn the last run's folder into the deliverable package (GeoTIFFs with overviews, zoning,
   * statistics CSV/XLSX, QC report, map sheets PDF+PNG, provenance with input SHA-256, 说明.txt).
   * Takes about a minute on a county with every sheet at 300 dpi.
   */
  'package.export': z
    .object({
      maps: z.array(z.enum(PACKAGE_MAPS)).min(1).max(PACKAGE_MAPS.length).optional(),
      paper: z.enum(Object.keys(PAPER_MM) as [Paper, ...Paper[]]).optional(),
      orientation: z.enum(['portrait', 'landscape']).optional(),
      dpi: z.number().int().min(30).max(600).optional(),
      atlas: z.boolean().optional(),
    })
    .strict(),
} as const;

export type ApiMethod = keyof typeof apiArgs;

/** Result type of every method. */
export interface ApiResults {
  'app.info': AppInfo;
  'project.current': ProjectView | null;
  'project.openDemo': ProjectView;
  'layer.inspect': LayerMeta;
  'job.startRun': { jobId: string };
  'job.status': JobStatus;
  'job.cancel': { cancelled: boolean };
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
  'zoning.defaults': { matrix: number[][]; names: string[] };
  'project.recent': { path: string; exists: boolean; recoverable: boolean }[];
  /** The chosen paths; empty when the user cancelled. */
  'dialog.choose': { paths: string[] };
  'layer.import': ImportResult;
  'upload.begin': UploadState;
  'upload.chunk': UploadState;
  'upload.abort': { aborted: boolean };
  'layer.importUploads': ImportResult;
  'layer.update': LayerEntry;
  'layer.remove': { removed: boolean };
  'layer.features': FeaturePage;
  'map.identify': { hits: IdentifyHit[] };
  'qc.run': QcView;
  'qc.findings': QcView;
  'model.get': ModelState;
  'model.update': ModelState;
  'model.undo': ModelState;
  'model.redo': ModelState;
  'model.scaffold': ModelDocument;
  'weights.ahp': AhpView;
  'weights.entropy': { weights: Record<string, number>; entropy: Record<string, number>; cells: number };
  'indicator.histogram': Histogram;
  'classes.preview': BreaksPreview;
  'classes.setThresholds': ModelState;
  'preview.composite': CompositePreview;
  'review.open': ReviewView;
  'review.close': { closed: boolean };
  'review.view': ReviewView;
  'review.item': { id: string; mime: string; dataUrl: string };
  'review.addComment': ReviewComment;
  'review.resolveComment': ReviewComment;
  'review.decide': ReviewDecision;
  'review.export': { fileName: string; mime: string; text: string };
  'basemap.open': BasemapInfo;
  'basemap.tile': { dataUrl: string | null };
  'basemap.close': { closed: boolean };
  'sheet.catalog': SheetCatalogEntry[];
  'sheet.layout': SheetLayout;
  'sheet.preview': SheetPreview;
  'sheet.export': SheetExport;
  'package.export': { outDir: string; files: PackageFile[] };
}

/** One sheet of the series a run can give: pass `kind` and `layer` to `sheet.layout`. */
export interface SheetCatalogEntry {
  kind: SheetKind;
  /** Hazard id (`hazardRisk`) or indicator id (`hazard`, `exposure`). */
  layer?: string;
  /** The default title, e.g. 黄河示范县洪水风险等级图. */
  title: string;
}

/** A rendered preview of a sheet. */
export interface SheetPreview {
  /** `data:image/png;base64,…` of the whole sheet. */
  dataUrl: string;
  widthPx: number;
  heightPx: number;
  /** Paper size in mm (for mapping pointer positions back onto element boxes). */
  widthMm: number;
  heightMm: number;
  /** The map's scale denominator actually used (the fitted one when `scale.mode` is 'fit'). */
  denominator: number;
}

/** A sheet written to disk. */
export interface SheetExport {
  /** Absolute path of the written file. */
  path: string;
  format: 'pdf' | 'png' | 'jpg';
  bytes: number;
  /** The file as a data URL, when `inline` was asked. */
  dataUrl?: string;
}

export type ApiArgs<M extends ApiMethod> = z.infer<(typeof apiArgs)[M]>;
export type ApiResult<M extends ApiMethod> = ApiResults[M];

/** The envelope every call returns, over either transport. */
export type ApiResponse<M extends ApiMethod> = { ok: true; value: ApiResult<M> } | { ok: false; error: ErrorInfo };

export { IPC_CHANNEL } from './channel';

/**
 * Where the renderer fetches layer data. Rasters: the GeoTIFF bytes (range requests
 * supported). Vectors: GeoJSON reprojected to the analysis CRS.
 * Electron serves `riskatlas://data/<id>`; the loopback server serves `/data/<id>`.
 */
export const DATA_PATH_PREFIX = 'data/';

/** The API as the renderer sees it, whatever the transport. */
export interface RiskAtlasApi {
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResponse<M>>;
  /** URL of a layer's data for OpenLayers. */
  dataUrl(layerId: string): string;
}
