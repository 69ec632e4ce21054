/**
 * The preload (built as CommonJS so the renderer stays sandboxed): exposes `invoke(method,
 * args)` over the single API channel, the data URL base, and `onOpenFile(listener)` for the
 * project files the system hands the app (a double-click, a second launch). No Node or
 * Electron object crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HANDOVER_CHANNEL, IPC_CHANNEL } from '../api/channel';

contextBridge.exposeInMainWorld('riskatlas', {
  invoke: (method: string, args: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, args),
  dataBase: 'riskatlas://data/',
  /** `listener` gets each handed-over path once: those waiting now, then each one the main process announces. */
  onOpenFile: (listener: (path: string) => void): void => {
    const take = async (): Promise<void> => {
      const paths = (await ipcRenderer.invoke(HANDOVER_CHANNEL)) as unknown;
      if (Array.isArray(paths)) for (const p of paths) if (typeof p === 'string') listener(p);
    };
    ipcRenderer.on(HANDOVER_CHANNEL, () => void take());
    void take();
  },
});
