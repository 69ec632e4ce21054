/**
 * The preload (built as CommonJS so the renderer stays sandboxed). The editor window gets
 * `invoke(method, args)` over the single API channel, the data URL base, `onOpenFile(listener)`
 * for the project files the system hands the app (a double-click, a second launch), and
 * `openReview(path?)` to have a package or project reviewed in a window of its own. A review
 * window (the main process gives it the review switch on its command line) gets `invoke` for
 * the reviewer's methods only — any other answers E_NOT_ALLOWED without leaving the page — and
 * the data URL base: no hand-over, no review windows. The main process checks every call
 * against the window's role all the same (main/ipcGate.ts): this is a convenience, not the
 * boundary. No Node or Electron object crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HANDOVER_CHANNEL, IPC_CHANNEL, REVIEW_WINDOW_CHANNEL } from '../api/channel';
import { REVIEW_WINDOW_SWITCH, roleMayCall, type WindowRole } from '../api/windowRoles';

const role: WindowRole = process.argv.includes(REVIEW_WINDOW_SWITCH) ? 'review' : 'editor';
const dataBase = 'riskatlas://data/';

if (role === 'review') {
  contextBridge.exposeInMainWorld('riskatlas', {
    role,
    invoke: (method: string, args: unknown): Promise<unknown> => {
      if (roleMayCall(role, method)) return ipcRenderer.invoke(IPC_CHANNEL, method, args);
      const name = String(method).slice(0, 64);
      return Promise.resolve({ ok: false, error: { code: 'E_NOT_ALLOWED', message: `${name} is not for the review window`, params: { method: name } } });
    },
    dataBase,
  });
} else {
  contextBridge.exposeInMainWorld('riskatlas', {
    role,
    invoke: (method: string, args: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, args),
    dataBase,
    /** `listener` gets each handed-over path once: those waiting now, then each one the main process announces. */
    onOpenFile: (listener: (path: string) => void): void => {
      const take = async (): Promise<void> => {
        const paths = (await ipcRenderer.invoke(HANDOVER_CHANNEL)) as unknown;
        if (Array.isArray(paths)) for (const p of paths) if (typeof p === 'string') listener(p);
      };
      ipcRenderer.on(HANDOVER_CHANNEL, () => void take());
      void take();
    },
    /** Review `path` (a package or project the user chose), or the open project as saved, in a review window. */
    openReview: (path?: string): Promise<unknown> => ipcRenderer.invoke(REVIEW_WINDOW_CHANNEL, path),
  });
}
