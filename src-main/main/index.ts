/**
 * The Electron shell, kept thin: hardened windows, the API over one IPC channel, and the
 * `riskatlas://` protocol serving the UI (`riskatlas://app/…`) and layer data
 * (`riskatlas://data/<id>`). All work happens in the engine (worker threads). One instance
 * per user: a second launch hands its project file to the first window and quits (two apps
 * editing one project would be two writers; the project lock refuses the second anyway).
 *
 * Two kinds of window (ipcGate.ts checks every call against the sender's role): the editor
 * window, with every method, and review windows — a package or project opened for review, in
 * a session of its own (its own engine state and its own in-memory partition, so its data
 * protocol serves only what it reviews), with the reviewer's methods only.
 */
import { app, BrowserWindow, ipcMain, protocol, session as electronSession, type Session as ElectronSession } from 'electron';
import { basename, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toErrorInfo, RiskAtlasError } from '../../src-shared/errors';
import { createHandlers } from '../api/handlers';
import { reviewClientHandlers } from '../api/reviewClient';
import { Session } from '../api/session';
import { dialog } from 'electron';
import { DIALOGS, type DialogPurpose } from '../api/app/dialogs';
import { layerResponse } from '../api/layerData';
import { CONTENT_SECURITY_POLICY } from '../api/csp';
import { staticFile } from '../api/staticFile';
import { HANDOVER_CHANNEL, IPC_CHANNEL, REVIEW_WINDOW_CHANNEL } from '../api/channel';
import { logDir, rendererDir } from '../appPaths';
import { openAppLog } from '../logging/rotatingLog';
import { projectFileOf } from './launch';
import { gatedCall, WindowRegistry } from './ipcGate';
import { allowedRequest, APP_ORIGIN, isAppUrl, windowOptions } from './windowOptions';

// The developer tools only when running from the sources, never in a packaged app.
const devTools = !app.isPackaged;

protocol.registerSchemesAsPrivileged([
  { scheme: 'riskatlas', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

// Projects made without a chosen path (the demo) and the recent-projects list live in Documents/RiskAtlas.
const workspace = join(app.getPath('documents'), 'RiskAtlas');
const session = new Session({ workspace });
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

/** The app's windows by web contents, with their roles: the IPC gate asks it for every call. */
const windows = new WindowRegistry();
const preloadPath = (): string => fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(preloadPath(), devTools));
  mainWindow = win;
  const id = win.webContents.id;
  windows.add(id, { role: 'editor', handlers });
  win.on('closed', () => {
    windows.remove(id);
    if (mainWindow === win) mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Review windows opened so far: each gets a partition of its own. */
let reviewWindows = 0;

/**
 * Open `path` (a package folder or a project file) for review in a window of its own: a new
 * engine session with only that open, read-only, the reviewer's methods only (the gate checks
 * the role; the handlers refuse the rest too), and an in-memory partition whose protocol
 * serves the UI and that session's layers — nothing of the editor's. Throws (E_FILE_NOT_FOUND…)
 * before any window opens when the path cannot be reviewed.
 */
async function openReviewWindow(path: string): Promise<void> {
  const reviewSession = new Session({ workspace });
  try {
    await reviewSession.openReview(path);
  } catch (err) {
    await reviewSession.close();
    throw err;
  }
  const partition = `riskatlas-review-${++reviewWindows}`;
  harden(electronSession.fromPartition(partition), reviewSession);
  const win = new BrowserWindow(windowOptions(preloadPath(), devTools, { partition, name: basename(path) }));
  const id = win.webContents.id;
  windows.add(id, { role: 'review', handlers: reviewClientHandlers(createHandlers(reviewSession, () => false)), reviewed: path });
  win.on('closed', () => {
    windows.remove(id);
    void reviewSession.close();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

/**
 * What the editor window may have reviewed: a path the user chose (dialog, hand-over), or —
 * none given — the editor's open project, as last saved.
 */
function reviewPath(path: unknown): string {
  if (path === undefined || path === null) {
    const open = session.context.project;
    if (!open) throw new RiskAtlasError('E_NO_PROJECT', 'no project is open to review');
    return open.file.path;
  }
  if (typeof path !== 'string' || !chosenPaths.has(normalize(path))) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'this path was not chosen by the user');
  return path;
}

/**
 * Serve the app protocol and keep everything else out, for the editor's (default) session or
 * a review window's partition: the UI with its CSP, `riskatlas://data/` from `engine` (that
 * window's session), no remote request, no permission.
 */
function harden(ses: ElectronSession, engine: Session): void {
  ses.protocol.handle('riskatlas', (req) => {
    const url = new URL(req.url);
    if (url.host === 'app') return appFile(url.pathname);
    if (url.host === 'data') return layerResponse(engine, decodeURIComponent(url.pathname.slice(1)), req.headers.get('range'));
    return new Response('not found', { status: 404 });
  });
  // No remote content: refuse every request that is not the app's own protocol (or the developer tools', from the sources).
  ses.webRequest.onBeforeRequest((details, cb) => {
    cb({ cancel: !allowedRequest(details.url, devTools) });
  });
  // No permission is ever granted, nor reported as granted when a page asks.
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
}

/** The app's window that sent an IPC call, when it comes from the app's own page (not a foreign frame, not a frame that went away). */
function senderWindow(event: { sender?: { id: number }; senderFrame?: { url: string } | null }) {
  return event.senderFrame && isAppUrl(event.senderFrame.url) ? windows.of(event.sender?.id) : undefined;
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
  harden(electronSession.defaultSession, session);
  // Every call is checked against the sending window's role before it is dispatched.
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, args: unknown) => gatedCall(senderWindow(event), method, args));
  // The editor window asks for the files handed over; each is given once. A review window gets none.
  ipcMain.handle(HANDOVER_CHANNEL, (event) => (senderWindow(event)?.role === 'editor' ? handedOver.splice(0) : []));
  // The editor window hands a package or project to a review window of its own.
  ipcMain.handle(REVIEW_WINDOW_CHANNEL, async (event, path: unknown) => {
    if (senderWindow(event)?.role !== 'editor') return { ok: false, error: { code: 'E_AUTH', message: 'only the editor window opens review windows' } };
    try {
      await openReviewWindow(reviewPath(path));
      return { ok: true };
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  });
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
