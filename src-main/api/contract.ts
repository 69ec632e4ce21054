/**
 * The one API contract between the renderer and the engine. Both transports use it:
 * Electron IPC (preload → `ipcMain.handle('riskatlas:api')`) and the loopback HTTP server
 * (`POST /api/<method>`). Every call's arguments are validated against the schema here
 * before the handler runs; results are plain JSON; failures are `{ ok: false, error }`
 * with an error code (see `engine/errors.ts`).
 *
 * The renderer imports this file for types only, so zod stays out of the browser bundle.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../engine/errors';
import type { Extent, LayerMeta } from '../engine/io/layer';
import type { Category } from '../engine/catalog/categories';
import type { GradeClass } from '../engine/classify/gradeStatistics';
import type { LayerStyle } from '../engine/catalog/styles';

export { CATEGORIES, type Category } from '../engine/catalog/categories';
export type { LayerStyle } from '../engine/catalog/styles';
export type { GradeClass } from '../engine/classify/gradeStatistics';

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
}

/** The result of a model run. */
export interface RunResult {
  runId: string;
  outDir: string;
  /** Output files written (absolute paths), by role. */
  files: { index: string; grade: string; png: string; stats: string };
  classification: { method: string; breaks: number[]; classes: GradeClass[] };
  /** Weights actually used per component, for provenance. */
  weights: Record<string, Record<string, number>>;
  /** Result layers to add to the map (category 'result'). */
  layers: LayerEntry[];
  elapsedMs: number;
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

/** Method name → argument schema. Results are typed by {@link ApiResults}. */
export const apiArgs = {
  'app.info': empty,
  'project.current': empty,
  'project.openDemo': empty,
  'layer.inspect': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'job.startRun': empty,
  'job.status': z.object({ jobId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
  'job.cancel': z.object({ jobId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
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
