/**
 * The API's implementation: every namespace's handlers (`<namespace>/handlers.ts`) joined
 * into one handler per contract method, over a session's {@link ProjectContext}.
 */
import { RiskAtlasError } from '../../src-shared/errors';
import type { ApiHandlers } from './dispatch';
import type { ApiMethod } from './contract';
import type { Session } from './session';
import type { ChoosePaths } from './app/dialogs';
import { createAppHandlers } from './app/handlers';
import { createProjectHandlers } from './project/handlers';
import { createWorkspaceHandlers } from './project/workspaceHandlers';
import { createLayersHandlers } from './layers/handlers';
import { createModelHandlers } from './model/handlers';
import { createPreviewsHandlers } from './previews/handlers';
import { createJobsHandlers } from './jobs/handlers';
import { createQcHandlers } from './qc/handlers';
import { createReviewHandlers } from './review/handlers';
import { createBasemapHandlers } from './basemap/handlers';
import { createSheetHandlers } from './sheets/handlers';
import { createRollupHandlers } from './rollup/handlers';
import { createWizardHandlers } from './wizard/handlers';

/** The handlers of a namespace: one per method of its part of the contract (`typeof <namespace>Args`). */
export type Handlers<Args> = Pick<ApiHandlers, keyof Args & ApiMethod>;

/** A user-given path, returned when the shell allows it (E_PATH_FORBIDDEN otherwise). */
export type PathGuard = (path: string) => string;

/**
 * Handlers bound to a session. `allowPath` decides which user-given paths may be read
 * (the Electron shell allows what the user picked in a dialog; serve mode allows none
 * outside the project). `shell.choosePaths` shows the native file dialogs (Electron only;
 * without it `dialog.choose` is refused).
 */
export function createHandlers(session: Session, allowPath: (path: string) => boolean, shell: { choosePaths?: ChoosePaths } = {}): ApiHandlers {
  const ctx = session.context;
  const allowed: PathGuard = (path) => {
    if (!allowPath(path)) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'this path was not chosen by the user', { file: path });
    return path;
  };
  return {
    ...createAppHandlers(shell),
    ...createProjectHandlers(ctx, allowed),
    ...createWorkspaceHandlers(ctx),
    ...createLayersHandlers(ctx, allowed),
    ...createModelHandlers(ctx),
    ...createPreviewsHandlers(ctx),
    ...createJobsHandlers(ctx),
    ...createQcHandlers(ctx),
    ...createReviewHandlers(ctx, allowed),
    ...createBasemapHandlers(ctx, allowPath),
    ...createSheetHandlers(ctx),
    ...createRollupHandlers(allowed),
    ...createWizardHandlers(ctx),
  };
}
