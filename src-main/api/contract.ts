/**
 * The one API contract between the renderer and the engine, joined from the namespaces'
 * parts (`<namespace>/contract.ts`: each method's argument schema and result type, with the
 * types they use). Both transports use it: Electron IPC (preload →
 * `ipcMain.handle('riskatlas:api')`) and the loopback HTTP server (`POST /api/<method>`).
 * Every call's arguments are validated against the schema here before the handler runs;
 * results are plain JSON; failures are `{ ok: false, error }` with an error code (see
 * `src-shared/errors.ts`).
 *
 * The renderer imports this file for types only, so zod stays out of the browser bundle.
 */
import type { z } from 'zod';
import type { ErrorInfo } from '../../src-shared/errors';
import { appArgs, type AppResults } from './app/contract';
import { projectArgs, type ProjectResults } from './project/contract';
import { workspaceArgs, type WorkspaceResults } from './project/workspaceContract';
import { layersArgs, type LayersResults } from './layers/contract';
import { modelArgs, type ModelResults } from './model/contract';
import { previewsArgs, type PreviewsResults } from './previews/contract';
import { jobsArgs, type JobsResults } from './jobs/contract';
import { qcArgs, type QcResults } from './qc/contract';
import { reviewArgs, type ReviewResults } from './review/contract';
import { basemapArgs, type BasemapResults } from './basemap/contract';
import { sheetsArgs, type SheetsResults } from './sheets/contract';
import { rollupArgs, type RollupResults } from './rollup/contract';
import { wizardArgs, type WizardResults } from './wizard/contract';

export type { AppInfo } from './app/contract';
export type { ProjectView, ProjectInfo, ProjectDraftView, RecentProject } from './project/contract';
export type { WorkspaceListing, WorkspaceProject } from './project/workspaceContract';
export { CATEGORIES, UPLOAD_MAX_BYTES, UPLOAD_CHUNK_MAX_BASE64, UPLOAD_CHUNK_BYTES } from './layers/contract';
export type { Category, LayerStyle, CatalogSuggestion, LayerEntry, UploadState, ImportResult, FeaturePage, IdentifyHit } from './layers/contract';
export type { ModelDocument, ModelState, AhpView, BreaksPreview } from './model/contract';
export type { Histogram, IndicatorHistogram, CompositePreview, LivePreview, FullPreview, CoarsePreview } from './previews/contract';
export type { GradeClass, RunResult, JobState, JobStatus } from './jobs/contract';
export type { Finding, RuleInfo, Severity, QcFinding, QcView } from './qc/contract';
export type { ReviewComment, ReviewDecisionKind, ReviewDecision, ReviewItem, ReviewView, ReviewTable } from './review/contract';
export type { BasemapInfo } from './basemap/contract';
export type { StudyAreaChoice, WizardPlan, CrsOption, HazardTemplate, SlotPlan, WizardChoices } from './wizard/contract';
export type { SheetLayout, SheetKind, Paper, PackageMap, PackageFile, SheetCatalogEntry, SheetPreview, SheetExport, PlacementReport } from './sheets/contract';
export type { RollupFolderView, RollupAreaResult, RollupJobStatus, GradeRow } from './rollup/contract';

/** Method name → argument schema. Results are typed by {@link ApiResults}. */
export const apiArgs = {
  ...appArgs,
  ...projectArgs,
  ...workspaceArgs,
  ...layersArgs,
  ...modelArgs,
  ...previewsArgs,
  ...jobsArgs,
  ...qcArgs,
  ...reviewArgs,
  ...basemapArgs,
  ...sheetsArgs,
  ...rollupArgs,
  ...wizardArgs,
} as const;

export type ApiMethod = keyof typeof apiArgs;

/** Result type of every method. */
export interface ApiResults extends AppResults, ProjectResults, WorkspaceResults, LayersResults, ModelResults, PreviewsResults, JobsResults, QcResults, ReviewResults, BasemapResults, SheetsResults, RollupResults, WizardResults {}

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
