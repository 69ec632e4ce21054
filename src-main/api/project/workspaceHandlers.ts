/** Handlers of the workspace methods (`workspace.*`). */
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import { listWorkspace, openInWorkspace } from './workspace';
import type { workspaceArgs } from './workspaceContract';

export function createWorkspaceHandlers(ctx: ProjectContext): Handlers<typeof workspaceArgs> {
  return {
    'workspace.list': async () => listWorkspace(ctx),
    'workspace.open': async ({ name }) => openInWorkspace(ctx, name),
  };
}
