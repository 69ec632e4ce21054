/**
 * The Electron shell, kept thin: one hardened window, the API over one IPC channel, and
 * the `riskatlas://` protocol serving the UI (`riskatlas://app/…`) and layer data
 * (`riskatlas://data/<id>`). All work happens in the engine (worker threads). One instance
 * per user: a second launch hands its project file to the first window and quits (two apps
 * editing one project would be two writers; the project lock refuses the second anyway).
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
import { HANDOVER_CHANNEL, IPC_CHANNEL } from '../api/channel';
import { logDir, rendererDir } from '../appPaths';
import { openAppLog } from '../logging/rotatingLog';
import { projectFileOf } from './launch';
import { allowedRequest, APP_ORIGIN, isAppUrl, windowOptions } from './windowOptions';

// The developer tools only when running from the sources, never in a packaged app.
const devTools = !app.isPackaged;

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

/** Project files the system handed over (double-click, second launch), waiting for the window to ask for them. */
const handedOver: string[] = [];
let mainWindow: InstanceType<typeof BrowserWindow> | null = null;

/**
 * A project file the system gave this app: it becomes readable through the API (the user
 * chose it, in the file manager rather than in our dialog) and the window is told to open it.
 */
function handOver(path: string): void {
  chosenPaths.add(normalize(path));
  handedOver.push(path);
  if (!mainWindow) return; // the window asks for waiting files when it starts
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
  mainWindow.webContents.send(HANDOVER_CHANNEL);
}

/** Block a navigation or redirect of any frame to anything but the app itself (Electron passes the URL in the event, or after it in older events). */
function guardNavigation(e: { url?: string; preventDefault(): void }, url?: string): void {
  if (!isAppUrl(e.url ?? url ?? '')) e.preventDefault();
}

function createWindow(): void {
  const preload = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
  const win = new BrowserWindow(windowOptions(preload, devTools));
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

/** True when an IPC call comes from the app's own page (not a foreign frame, not a frame that went away). */
function fromApp(event: { senderFrame?: { url: string } | null }): boolean {
  return Boolean(event.senderFrame && isAppUrl(event.senderFrame.url));
}

if (!app.requestSingleInstanceLock()) {
  // Another RiskAtlas runs: it got this launch's command line ('second-instance') and opens its file.
  app.quit();
} else {
  // Rotating log files in the user's data folder (the about box names it): start and crashes.
  // Only the instance that holds the lock writes them.
  const log = openAppLog(logDir());
  log.info('RiskAtlas started', { version: app.getVersion(), electron: process.versions.electron, platform: `${process.platform}-${process.arch}` });
  app.on('render-process-gone', (_e, _contents, details) => log.error('the window\'s renderer process ended', { ...details }));
  app.on('child-process-gone', (_e, details) => log.error('a child process ended', { ...details }));
  app.on('second-instance', (_e, argv, cwd) => {
    const file = projectFileOf(argv, cwd);
    if (file) handOver(file);
    else if (mainWindow) mainWindow.focus();
  });
  // macOS hands files over by an event, before or after the app is ready.
  app.on('open-file', (e, path) => {
    e.preventDefault();
    const file = projectFileOf(['', path], process.cwd());
    if (file) handOver(file);
  });
  const launchFile = projectFileOf(process.argv, process.cwd());
  if (launchFile) handOver(launchFile);
  void app.whenReady().then(start);
}

function start(): void {
  protocol.handle('riskatlas', (req) => {
    const url = new URL(req.url);
    if (url.host === 'app') return appFile(url.pathname);
    if (url.host === 'data') return layerResponse(session, decodeURIComponent(url.pathname.slice(1)), req.headers.get('range'));
    return new Response('not found', { status: 404 });
  });
  // No remote content: refuse every request that is not the app's own protocol (or the developer tools', from the sources).
  electronSession.defaultSession.webRequest.onBeforeRequest((details, cb) => {
    cb({ cancel: !allowedRequest(details.url, devTools) });
  });
  // No permission is ever granted, nor reported as granted when a page asks.
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  electronSession.defaultSession.setPermissionCheckHandler(() => false);
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, args: unknown) => {
    if (!fromApp(event)) return { ok: false, error: { code: 'E_AUTH', message: 'IPC from a foreign frame' } };
    return dispatch(handlers, String(method), args);
  });
  // The window asks for the files handed over; each is given once.
  ipcMain.handle(HANDOVER_CHANNEL, (event) => (fromApp(event) ? handedOver.splice(0) : []));
  // Every web contents (the window, and any that might appear): no navigation, redirect or
  // frame navigation away from the app, no pop-up, no <webview>.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', guardNavigation);
    contents.on('will-frame-navigate', guardNavigation);
    contents.on('will-redirect', guardNavigation);
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
