/** The API's implementation: one handler per contract method, over a {@link Session}. */
import { inspect } from '../engine/io/inspect';
import { RiskAtlasError } from '../engine/errors';
import { appVersion, demoModelPath } from '../appPaths';
import type { ApiHandlers } from './dispatch';
import type { Session } from './session';
import { createSheetHandlers } from './sheetHandlers';

/**
 * Handlers bound to a session. `allowPath` decides which user-given paths may be read
 * (the Electron shell allows what the user picked in a dialog; serve mode allows none
 * outside the project) — see ARCHITECTURE.md "Security".
 */
export function createHandlers(session: Session, allowPath: (path: string) => boolean): ApiHandlers {
  return {
    'app.info': async () => ({ name: 'RiskAtlas', version: appVersion(), node: process.versions.node }),
    'project.current': async () => session.current(),
    'project.openDemo': async () => session.openModel(demoModelPath()),
    'layer.inspect': async ({ path }) => {
      if (!allowPath(path)) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'this path was not chosen by the user', { file: path });
      const res = await inspect(path);
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: res.error.file ?? path });
      return res.value;
    },
    'job.startRun': async () => ({ jobId: await session.startRun() }),
    'job.status': async ({ jobId }) => session.jobStatus(jobId),
    'job.cancel': async ({ jobId }) => ({ cancelled: session.cancel(jobId) }),
    ...createSheetHandlers(session),
  };
}
