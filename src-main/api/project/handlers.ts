/** Handlers of the project-file methods (`project.*`). */
import { RiskAtlasError } from '../../../src-shared/errors';
import { demoModelPath } from '../../appPaths';
import type { ProjectContext } from '../context';
import type { Handlers, PathGuard } from '../handlers';
import type { projectArgs } from './contract';
import { closeProject, newProject, openProject, projectFromModel, recover } from './open';
import { recentProjects } from './recent';
import { save, saveAs } from './save';
import { currentView, draftView } from './views';

export function createProjectHandlers(ctx: ProjectContext, allowed: PathGuard): Handlers<typeof projectArgs> {
  return {
    'project.current': async () => currentView(ctx),
    'project.openDemo': async () => projectFromModel(ctx, demoModelPath()),
    'project.new': async ({ name, path }) => newProject(ctx, name, path === undefined ? undefined : allowed(path)),
    'project.open': async ({ path }) => openProject(ctx, allowed(path)),
    'project.recover': async ({ accept }) => recover(ctx, accept),
    'project.save': async () => save(ctx),
    'project.saveAs': async ({ name, path }) => {
      if (name === undefined && path === undefined) throw new RiskAtlasError('E_ARG_INVALID', 'project.saveAs: give a name or a path');
      return saveAs(ctx, { ...(name !== undefined ? { name } : {}), ...(path !== undefined ? { path: allowed(path) } : {}) });
    },
    'project.close': async () => ({ closed: await closeProject(ctx) }),
    'project.info': async () => ctx.info(),
    'project.draft': async () => draftView(ctx),
    'project.runs': async () => ctx.open().file.runs(),
    'project.recent': async () => recentProjects(ctx),
  };
}
