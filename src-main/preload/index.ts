/**
 * The preload (built as CommonJS so the renderer stays sandboxed): exposes exactly one
 * function, `invoke(method, args)`, over the single API channel, and the data URL base.
 * No Node or Electron object crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../api/channel';

contextBridge.exposeInMainWorld('riskatlas', {
  invoke: (method: string, args: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, args),
  dataBase: 'riskatlas://data/',
});
