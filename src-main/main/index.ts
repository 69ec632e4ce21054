/**
 * The Electron shell, kept thin: one hardened window, the API over one IPC channel, and
 * the `riskatlas://` protocol serving the UI (`riskatlas://app/…`) and layer data
 * (`riskatlas://data/<id>`). All work happens in the engine (worker threads).
 */
import { app, BrowserWindow, ipcMain, protocol, session as electronSession } from 'electron';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { Session } from '../api/session';
import { dialog } from 'electron';
import { DIALOGS, type DialogPurpose } from '../api/app/dialogs';
import { layerResponse } from '../api/layerData';
import { CONTENT_SECURITY_POLICY } from '../api/csp';
import { staticFile } from '../api/staticFile';
import { IPC_CHANNEL } from '../api/channel';
import { logDir, rendererDir } from '../appPaths';
import { openAppLog } from '../logging/rotatingLog';
import { APP_ORIGIN, isAppUrl, windowOptions } from './windowOptions';

protocol.registerSchemesAsPrivileged([
  { scheme: 'riskatlas', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

// Projects made without a chosen path (the demo) and the recent-projects list live in Documents/RiskAtlas.
const session = new Session({ workspace: join(app.getPath('documents'), 'RiskAtlas') });
// Paths the user picked in a native dialog this session; nothing else is readable by path.
const chosenPaths = new Set<string>();
const handlers = createHandlers(session, (p) => chosenPaths.has(normalize(p)), { choosePaths });

/** Show the native dialog for `purpose`; what the user picks becomes readable through the API (and nothing else). */
async function choosePaths(purpose: DialogPurpose): Promise<string[]> {
  const spec = DIALOGS[purpose];
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  let paths: string[];
  if (spec.kind === 'save') {
    const opts = { title: spec.title, filters: spec.filters };
    const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
    paths = r.canceled || !r.filePath ? [] : [r.filePath];
  } else {
    const opts = { title: spec.title, filters: spec.filters, properties: spec.properties };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    paths = r.canceled ? [] : r.filePaths;
  }
  for (const p of paths) chosenPaths.add(normalize(p));
  return paths;
}

/** A file of the built UI for the app protocol, with the CSP; nothing outside the UI folder (see staticFile). */
async function appFile(pathname: string): Promise<Response> {
  const file = await staticFile(rendererDir(), pathname);
  if (file === 'forbidden') return new Response('forbidden', { status: 403 });
  if (!file) return new Response('not found', { status: 404 });
  return new Response(file.body, { headers: { 'content-type': file.type, 'content-security-policy': CONTENT_SECURITY_POLICY } });
}

function createWindow(): void {
  const preload = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
  const win = new BrowserWindow(windowOptions(preload));
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

// Rotating log files in the user's data folder (the about box names it): start, crashes, failed API calls.
const log = openAppLog(logDir());
log.info('RiskAtlas started', { version: app.getVersion(), electron: process.versions.electron, platform: `${process.platform}-${process.arch}` });
app.on('render-process-gone', (_e, _contents, details) => log.error('the window\'s renderer process ended', { ...details }));
app.on('child-process-gone', (_e, details) => log.error('a child process ended', { ...details }));

void app.whenReady().then(() => {
  protocol.handle('riskatlas', (req) => {
    const url = new URL(req.url);
    if (url.host === 'app') return appFile(url.pathname);
    if (url.host === 'data') return layerResponse(session, decodeURIComponent(url.pathname.slice(1)), req.headers.get('range'));
    return new Response('not found', { status: 404 });
  });
  // No remote content: refuse every request that is not the app's own protocol or devtools.
  electronSession.defaultSession.webRequest.onBeforeRequest((details, cb) => {
    cb({ cancel: !/^(riskatlas|devtools|blob|data):/.test(details.url) });
  });
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, args: unknown) => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
      return { ok: false, error: { code: 'E_AUTH', message: 'IPC from a foreign frame' } };
    }
    return dispatch(handlers, String(method), args);
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
