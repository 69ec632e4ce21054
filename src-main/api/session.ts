/**
 * The composition root of the API for one app session. Both transports share one Session,
 * so the Electron window and a browser see the same.
 *
 * The rule: the session's {@link ProjectContext} (context.ts) holds the state — the open
 * project, the layer data sources, running jobs, uploads, the pending autosave, the preview
 * in flight — and nothing but the guards every namespace starts from. The logic lives in the
 * namespace folders (app/, project/, layers/, model/, previews/, jobs/, qc/, review/,
 * sheets/, basemap/, rollup/) as plain functions over that context; a namespace calls another's
 * functions and keeps no project state of its own (the handler-local caches of sheets/ and
 * basemap/ aside). Each folder also holds its part of the contract (`contract.ts`) and its
 * handlers (`handlers.ts`); contract.ts and handlers.ts at this level join the parts.
 * Session builds the context and offers the few entry points the shells (Electron, CLI) and
 * tests call beside the API.
 */
import { ProjectContext, type DataSource, type SessionOptions } from './context';
import type { JobStatus } from './jobs/contract';
import { waitForJob } from './jobs/run';
import { autosaveNow } from './project/autosave';
import type { ProjectDraftView, ProjectView } from './project/contract';
import { closeProject, openProject, projectFromModel } from './project/open';
import { currentView } from './project/views';
import type { ReviewView } from './review/contract';
import { openReview } from './review/mode';

export type { SessionOptions } from './context';

export class Session {
  /** The state the namespaces work on; handlers.ts hands it to each namespace's handlers. */
  readonly context: ProjectContext;

  constructor(opts: SessionOptions = {}) {
    this.context = new ProjectContext(opts);
  }

  /** The open project's view when it has a model, else null. */
  current(): ProjectView | null {
    return currentView(this.context);
  }

  /** A data source by layer id (for the data route / protocol). */
  dataSource(id: string): DataSource | undefined {
    return this.context.dataSource(id);
  }

  /** The CRS layer data is served in (see {@link ProjectContext.analysisEpsg}). */
  analysisEpsg(): number {
    return this.context.analysisEpsg();
  }

  /** Open a project file (read-only for `riskatlas export`). */
  openProject(path: string, opts: { readOnly?: boolean } = {}): Promise<ProjectView | ProjectDraftView> {
    return openProject(this.context, path, opts);
  }

  /** Open a model document as a new project in the workspace (the demo, `serve --demo`). */
  openModel(modelPath: string): Promise<ProjectView> {
    return projectFromModel(this.context, modelPath);
  }

  /** Open a package folder or a project file for review, read-only (`serve --review`). */
  openReview(path: string): Promise<ReviewView> {
    return openReview(this.context, path);
  }

  /** Close the open project without saving; false when none was open. */
  close(): Promise<boolean> {
    return closeProject(this.context);
  }

  /** Wait for a job to end (tests and the CLI). */
  waitForJob(jobId: string): Promise<JobStatus> {
    return waitForJob(this.context, jobId);
  }

  /** Write the autosave now (tests; the timer does it otherwise). */
  autosaveNow(): Promise<void> {
    return autosaveNow(this.context);
  }
}
