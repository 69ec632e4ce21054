/** Handlers of the application's methods: the about box and the shell's file dialogs. */
import { RiskAtlasError } from '../../../src-shared/errors';
import { appVersion } from '../../appPaths';
import { aboutInfo } from '../../about/about';
import type { Handlers } from '../handlers';
import type { appArgs } from './contract';
import type { ChoosePaths } from './dialogs';

/** `shell.choosePaths` shows the native file dialogs (Electron only; without it `dialog.choose` is refused). */
export function createAppHandlers(shell: { choosePaths?: ChoosePaths }): Handlers<typeof appArgs> {
  return {
    'app.info': async () => ({ name: 'RiskAtlas', version: appVersion(), node: process.versions.node, role: 'editor' }),
    'app.about': async () => aboutInfo(),
    'dialog.choose': async ({ purpose }) => {
      if (!shell.choosePaths) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'no file dialogs in the browser: upload the file instead');
      return { paths: await shell.choosePaths(purpose) };
    },
  };
}
