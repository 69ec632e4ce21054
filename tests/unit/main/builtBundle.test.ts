/**
 * The Electron shell's security, asserted on the BUILT bundles — what would actually ship —
 * not on the sources: the app is built once (electron-vite, into test-artifacts/bundle-<pid>), the
 * main bundle is loaded under Node with `electron` replaced by a recording stub
 * (fixtures/electronStub.mjs), and every option and handler it gave Electron is checked and
 * called: window preferences (no developer tools in a packaged app), navigation, frame
 * navigation, redirect and pop-up blocking, the app protocol (CSP header, no traversal), the
 * request filter, permission requests and checks, IPC sender checks, webview blocking, the
 * single-instance lock and the hand-over of a second launch's project file, and the review
 * windows: their roles, partitions and per-window method allow-list. The preload bundle is run
 * in a bare VM context to prove it is CommonJS and exposes, in a review window, no editing method.
 * The renderer bundle is searched for zod, which must stay on the main side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { HANDOVER_CHANNEL, IPC_CHANNEL, REVIEW_WINDOW_CHANNEL } from '../../../src-main/api/channel';
import { apiArgs, type ApiMethod } from '../../../src-main/api/contract';
import { REVIEW_METHODS, REVIEW_WINDOW_SWITCH } from '../../../src-main/api/windowRoles';
import { messageFor } from '../../../src-shared/messages';

const root = join(import.meta.dirname, '..', '..', '..');
// One folder per test process: two test runs at once (several engineers, one machine) must not share it.
const bundle = join(root, 'test-artifacts', `bundle-${process.pid}`);
const fixtures = join(import.meta.dirname, 'fixtures');

interface Report {
  windows: { options: { webPreferences: Record<string, unknown> } & Record<string, unknown>; loaded: string[]; navigationPrevented: Record<string, Record<string, boolean | boolean[]>>; guarded: string[]; popup: { action: string } | null }[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  protocol: Record<string, { status: number; csp: string | null; leaked: boolean }>;
  beforeRequest: Record<string, boolean>;
  permission: boolean[] | null;
  permissionCheck: boolean[] | null;
  quit: number;
  handover: { atLaunch: string[]; nudged: unknown[][]; focused: number; foreign: string[]; afterSecond: string[]; again: string[]; afterNothing: string[]; open: Record<'launch' | 'second' | 'notHanded', string> } | null;
  ipc: Record<string, Record<'foreign' | 'noFrame' | 'noRole' | 'app', { ok: boolean; error?: { code: string } }>>;
  channels: string[];
  webviewBlocked: boolean | null;
  review: {
    opened: Record<'notChosen' | 'foreignAsk' | 'byPath' | 'inPlace' | 'asked', string>;
    windows: ({ options: { title: string; webPreferences: Record<string, unknown> }; loaded: string[] } | undefined)[];
    calls: Record<string, string>;
    unchanged: boolean;
    view: unknown;
    info: unknown;
    comment: unknown;
    editor: { current: boolean; path: string | null };
    refusal: { code: string; message: string; params: Record<string, string> };
    handover: string[];
    partition: { protocol: Record<string, number>; cancelled: boolean[]; permission: boolean[]; permissionCheck: boolean } | null;
    afterClose: string;
  } | null;
}
let report: Report;
/** The probe's report when another RiskAtlas holds the single-instance lock. */
let secondLaunch: Report;
/** Project files: on the launch's command line, handed over by a second launch, and never handed over. */
const projects = { launch: '', second: '', notHanded: '' };
/** The app's log folder (RISKATLAS_DATA_DIR), where refused calls are logged. */
let dataDir = '';
const methods = Object.keys(apiArgs) as ApiMethod[];

/** Load the built main bundle under the Electron stub and report what it did (fixtures/probeBuiltMain.mjs). */
function probe(appRoot: string, env: Record<string, string>, args: string[] = []): Report {
  const r = spawnSync(process.execPath, [join(fixtures, 'probeBuiltMain.mjs'), join(bundle, 'main', 'index.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, RISKATLAS_ROOT: appRoot, RISKATLAS_DATA_DIR: dataDir, PROBE_METHODS: JSON.stringify(methods), ...env },
  });
  if (r.status !== 0) throw new Error(`loading the built main bundle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

beforeAll(() => {
  // Build into a folder of its own (inside the project, so the bundle's bare imports resolve to
  // node_modules), leaving out/ — which the end-to-end tests use — alone.
  rmSync(bundle, { recursive: true, force: true });
  const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', bundle, '--logLevel', 'error'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr || build.stdout}`);
  // An app root for the bundle: package.json, the built UI, the CRS table, and a secret just outside the UI folder.
  const appRoot = mkdtempSync(join(tmpdir(), 'ra-approot-'));
  writeFileSync(join(appRoot, 'package.json'), readFileSync(join(root, 'package.json')));
  mkdirSync(join(appRoot, 'out'));
  cpSync(join(bundle, 'renderer'), join(appRoot, 'out', 'renderer'), { recursive: true });
  // The engine's data files ship with the app (opening a project reads the CRS table).
  cpSync(join(root, 'resources', 'crs'), join(appRoot, 'resources', 'crs'), { recursive: true });
  writeFileSync(join(appRoot, 'secret.txt'), 'TOP-SECRET');
  writeFileSync(join(appRoot, 'out', 'secret.txt'), 'TOP-SECRET');
  // A symbolic link inside the UI folder pointing out of it.
  symlinkSync(join(appRoot, 'secret.txt'), join(appRoot, 'out', 'renderer', 'secret-link.txt'));
  // Three project files (the demo county's project format: an empty one, made here).
  const documents = mkdtempSync(join(tmpdir(), 'ra-documents-'));
  dataDir = mkdtempSync(join(tmpdir(), 'ra-userdata-'));
  const files = mkdtempSync(join(tmpdir(), 'ra-handover-'));
  for (const k of Object.keys(projects) as (keyof typeof projects)[]) {
    projects[k] = join(files, `${k}.riskatlas`);
    const made = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${join(root, 'src-main', 'store', 'projectFile.ts')}').then(async (m) => (await m.ProjectFile.create(${JSON.stringify(projects[k])}, '${k}')).close())`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    if (made.status !== 0) throw new Error(`making a project failed: ${made.stderr}`);
  }
  // The app as installed (what ships): STUB_PACKAGED.
  report = probe(appRoot, { STUB_PACKAGED: '1', STUB_DOCUMENTS: documents }, [projects.launch, projects.second, projects.notHanded]);
  secondLaunch = probe(appRoot, { STUB_PACKAGED: '1', STUB_DOCUMENTS: documents, STUB_SECOND_INSTANCE: '1' }, [projects.second]);
}, 300_000);
afterAll(() => rmSync(bundle, { recursive: true, force: true }));

describe('the built main bundle', () => {
  it('opens exactly one window, on the app protocol, with context isolation, sandbox, no Node and no developer tools', () => {
    expect(report.windows).toHaveLength(1);
    const w = report.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    // Nothing that would weaken them is set at all.
    for (const key of ['nodeIntegrationInSubFrames', 'experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments']) expect(w.options.webPreferences).not.toHaveProperty(key);
    expect(w.loaded).toEqual(['riskatlas://app/index.html']);
  });

  it('points the window at a CommonJS preload that exists in the build', () => {
    const preload = String(report.windows[0]!.options.webPreferences.preload);
    expect(preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(existsSync(join(bundle, 'preload', 'index.cjs'))).toBe(true);
    expect(dirname(dirname(preload))).toBe(bundle);
  });

  it('blocks navigation, frame navigation and redirects away from the app, and every pop-up window', () => {
    const w = report.windows[0]!;
    expect(w.guarded).toEqual(['will-navigate', 'will-frame-navigate', 'will-redirect']);
    for (const event of w.guarded) {
      expect(w.navigationPrevented[event], event).toEqual({
        'riskatlas://app/index.html': false,
        'https://evil.example/': true,
        'http://127.0.0.1:8080/': true,
        'file:///etc/passwd': true,
        'riskatlas://data/x': true,
        'javascript:alert(1)': true,
      });
    }
    expect(w.popup).toEqual({ action: 'deny' });
  });

  it('serves the UI with a CSP that allows no remote host, no eval and no inline script or style', () => {
    const page = report.protocol['riskatlas://app/index.html']!;
    expect(page.status).toBe(200);
    const csp = page.csp!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/https?:|wss?:|\*|unsafe-eval/);
    // Every source list names only 'self', 'none', the app scheme, or local data/blob URLs.
    for (const directive of csp.split(';')) {
      for (const source of directive.trim().split(/\s+/).slice(1)) expect(["'self'", "'none'", 'data:', 'blob:', 'riskatlas:']).toContain(source);
    }
    // The page's own <meta> policy says the same (all but frame-ancestors, which a <meta> cannot set).
    const html = readFileSync(join(bundle, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(csp.replace(/; frame-ancestors 'none'/, ''));
  });

  it('never serves a file outside the UI folder through the app protocol, however the path is encoded, nor through a link', () => {
    expect(Object.keys(report.protocol).filter((u) => u.includes('secret'))).toHaveLength(4);
    for (const [url, r] of Object.entries(report.protocol)) {
      expect(r.leaked, url).toBe(false);
      if (url.includes('secret')) expect(r.status, url).toBeGreaterThanOrEqual(400);
    }
    expect(report.protocol['riskatlas://data/nope']!.status).toBe(404);
    expect(report.protocol['riskatlas://elsewhere/x']!.status).toBe(404);
  });

  it('registers only the app scheme as privileged', () => {
    expect(report.privilegedSchemes.map((s) => s.scheme)).toEqual(['riskatlas']);
  });

  it('cancels every request that is not the app protocol (no remote content, no local server, no file://)', () => {
    expect(report.beforeRequest).toEqual({
      'riskatlas://app/index.html': false,
      'riskatlas://data/dem': false,
      'https://cdn.example/lib.js': true,
      'http://127.0.0.1:9/': true,
      'ws://evil.example/': true,
      'file:///etc/passwd': true,
      'devtools://devtools/bundled/x': true,
      'data:image/png;base64,AA==': false,
      'blob:riskatlas://app/1': false,
    });
  });

  it('denies every permission request, and answers every permission check with no', () => {
    expect(report.permission).toEqual([false, false, false, false]);
    expect(report.permissionCheck).toEqual([false, false, false, false]);
  });

  it('answers IPC only from the app frame of one of its windows: a foreign or missing frame, or a web contents without a role, gets E_AUTH', () => {
    expect(report.channels.sort()).toEqual([IPC_CHANNEL, HANDOVER_CHANNEL, REVIEW_WINDOW_CHANNEL].sort());
    const r = report.ipc[IPC_CHANNEL]!;
    expect(r.foreign).toMatchObject({ ok: false, error: { code: 'E_AUTH' } });
    expect(r.noFrame).toMatchObject({ ok: false, error: { code: 'E_AUTH' } });
    expect(r.noRole).toMatchObject({ ok: false, error: { code: 'E_AUTH' } });
    expect(r.app).toMatchObject({ ok: true });
  });

  it('refuses to attach any <webview>', () => {
    expect(report.webviewBlocked).toBe(true);
  });

  it('is the only instance: a second launch quits at once, opening no window and serving nothing', () => {
    expect(report.quit).toBe(0);
    expect(secondLaunch.quit).toBe(1);
    expect(secondLaunch.windows).toEqual([]);
    expect(secondLaunch.ipc).toEqual({});
    expect(secondLaunch.channels).toEqual([]);
    expect(secondLaunch.protocol).toEqual({});
    expect(secondLaunch.handover).toBeNull();
  });

  it('hands the project file of the launch, and of a second launch, to the window — once each, to the app only — and only those become openable', () => {
    const h = report.handover!;
    expect(h.atLaunch).toEqual([projects.launch]);
    // The second launch's file: the window is brought forward and told, takes it once; a foreign frame gets nothing.
    expect(h.nudged).toEqual([['riskatlas:open-file']]);
    expect(h.foreign).toEqual([]);
    expect(h.afterSecond).toEqual([projects.second]);
    expect(h.again).toEqual([]);
    // A launch naming a missing project or another kind of file hands nothing over; both second launches bring the window forward.
    expect(h.afterNothing).toEqual([]);
    expect(h.focused).toBe(2);
    expect(h.open).toEqual({ launch: 'ok', second: 'ok', notHanded: 'E_PATH_FORBIDDEN' });
  });
});

describe('the review windows of the built main bundle', () => {
  it('opens a review window only when the editor window asks, for a path the user chose or the open project', () => {
    const o = report.review!.opened;
    expect(o).toEqual({ notChosen: 'E_PATH_FORBIDDEN', foreignAsk: 'E_AUTH', byPath: 'ok', inPlace: 'ok', asked: 'E_AUTH' });
  });

  it('gives each review window the hardened options, a partition of its own and the review switch, on the app protocol', () => {
    const [byPath, inPlace] = report.review!.windows;
    for (const w of [byPath!, inPlace!]) {
      expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false, additionalArguments: [REVIEW_WINDOW_SWITCH] });
      expect(w.options.webPreferences.partition).toMatch(/^riskatlas-review-\d+$/);
      expect(w.loaded).toEqual(['riskatlas://app/index.html']);
    }
    expect(byPath!.options.webPreferences.partition).not.toBe(inPlace!.options.webPreferences.partition);
    expect(byPath!.options.title).toContain('launch.riskatlas');
    expect(inPlace!.options.title).toContain('second.riskatlas');
  });

  it("refuses a review window's call of every method of the contract not on the reviewer's list with E_NOT_ALLOWED, before it reaches the session", () => {
    const r = report.review!;
    for (const method of methods) {
      if (REVIEW_METHODS.has(method)) expect(r.calls[method], method).not.toBe('E_NOT_ALLOWED');
      else expect(r.calls[method], method).toBe('E_NOT_ALLOWED');
    }
    for (const m of ['project.save', 'project.saveAs', 'project.close', 'project.openDemo', 'model.update', 'model.undo', 'job.startRun', 'layer.import', 'layer.remove', 'upload.begin', 'review.close', 'dialog.choose', 'sheet.saveLayout', 'package.export', 'wizard.create']) {
      expect(methods, m).toContain(m);
      expect(r.calls[m], m).toBe('E_NOT_ALLOWED');
    }
    // project.save, project.close and review.close take no arguments: had they reached the session, the file or the review would have changed.
    expect(r.unchanged).toBe(true);
    expect(r.view).toEqual({ source: projects.launch, kind: 'project' });
    expect(r.afterClose).toBe('E_AUTH');
  });

  it('names the method and the reviewed file in the refusal, in Chinese and English, and logs it', () => {
    const refusal = report.review!.refusal;
    expect(refusal).toMatchObject({ code: 'E_NOT_ALLOWED', params: { method: 'project.save', window: 'launch.riskatlas' } });
    for (const lang of ['zh', 'en'] as const) {
      const text = messageFor('E_NOT_ALLOWED', lang, refusal.params);
      expect(text, lang).toContain('project.save');
      expect(text, lang).toContain('launch.riskatlas');
    }
    const log = readFileSync(join(dataDir, 'logs', 'riskatlas.log'), 'utf8');
    expect(log).toMatch(/review window called project\.save: refused.*E_NOT_ALLOWED/);
  });

  it("answers a review window's own methods from its session (read-only, comments recorded), and the editor's calls from the editor's", () => {
    const r = report.review!;
    expect(r.info).toEqual({ readOnly: true, path: projects.launch });
    expect(r.comment).toBe('图例缺失');
    expect(r.editor).toEqual({ current: true, path: projects.second });
    // A review window gets no handed-over file.
    expect(r.handover).toEqual([]);
  });

  it("serves a review window's partition the app and that window's layers only, with no remote request and no permission", () => {
    const p = report.review!.partition!;
    expect(p.protocol['riskatlas://app/index.html']).toBe(200);
    expect(p.protocol['riskatlas://data/nope']).toBe(404);
    expect(p.protocol['riskatlas://app/..%2F..%2Fsecret.txt']).toBeGreaterThanOrEqual(400);
    expect(p.cancelled).toEqual([true, false]);
    expect(p.permission).toEqual([false, false]);
    expect(p.permissionCheck).toBe(false);
  });
});

describe('the built preload bundle', () => {
  it('is CommonJS (an ESM preload turns the sandbox off) and exposes to the editor window exactly its role, invoke(), the data URL base, onOpenFile() and openReview()', async () => {
    const code = readFileSync(join(bundle, 'preload', 'index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const exposed: Record<string, Record<string, unknown>> = {};
    const invoked: unknown[][] = [];
    const listeners = new Map<string, () => void>();
    // Files waiting in the main process: one at the start, one announced later.
    const waiting = [['/p/a.riskatlas'], [], ['/p/b.riskatlas', 42]];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: (...a: unknown[]) => (invoked.push(a), Promise.resolve(a[0] === 'riskatlas:open-file' ? waiting.shift() : 'r')),
        on: (channel: string, fn: () => void) => listeners.set(channel, fn),
      },
    };
    const required: string[] = [];
    const module = { exports: {} };
    // A bare context: the sandboxed preload gets `require` for electron only, nothing of Node.
    // The sandbox's `process` has the window's command line (no review switch: the editor).
    runInNewContext(code, { require: (m: string) => (required.push(m), m === 'electron' ? electron : undefined), module, exports: module.exports, process: { argv: ['/opt/RiskAtlas/riskatlas', '--type=renderer'] } });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['riskatlas']);
    expect(Object.keys(exposed.riskatlas!).sort()).toEqual(['dataBase', 'invoke', 'onOpenFile', 'openReview', 'role']);
    expect(exposed.riskatlas!.role).toBe('editor');
    expect(exposed.riskatlas!.dataBase).toBe('riskatlas://data/');
    await (exposed.riskatlas!.invoke as (m: string, a: unknown) => Promise<unknown>)('app.info', { x: 1 });
    expect(invoked).toEqual([[IPC_CHANNEL, 'app.info', { x: 1 }]]);
    // onOpenFile: the files waiting now, then those of each nudge — only strings, each once.
    const opened: string[] = [];
    (exposed.riskatlas!.onOpenFile as (l: (p: string) => void) => void)((p) => opened.push(p));
    const settle = () => new Promise((r) => setTimeout(r, 10));
    await settle();
    expect(opened).toEqual(['/p/a.riskatlas']);
    expect([...listeners.keys()]).toEqual(['riskatlas:open-file']);
    listeners.get('riskatlas:open-file')!();
    await settle();
    listeners.get('riskatlas:open-file')!();
    await settle();
    expect(opened).toEqual(['/p/a.riskatlas', '/p/b.riskatlas']);
    expect(invoked.slice(1)).toEqual([['riskatlas:open-file'], ['riskatlas:open-file'], ['riskatlas:open-file']]);
    // openReview: the chosen path (or none: the open project) to the main process's review-window channel.
    await (exposed.riskatlas!.openReview as (p?: string) => Promise<unknown>)('/p/a.riskatlas');
    expect(invoked.at(-1)).toEqual([REVIEW_WINDOW_CHANNEL, '/p/a.riskatlas']);
  });

  it("exposes to a review window no editing method: invoke() answers every method off the reviewer's list with E_NOT_ALLOWED without sending it, and there is no hand-over nor review window to ask for", async () => {
    const code = readFileSync(join(bundle, 'preload', 'index.cjs'), 'utf8');
    const exposed: Record<string, Record<string, unknown>> = {};
    const invoked: unknown[][] = [];
    const listened: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => (exposed[name] = api) },
      ipcRenderer: { invoke: (...a: unknown[]) => (invoked.push(a), Promise.resolve({ ok: true, value: 'sent' })), on: (channel: string) => listened.push(channel) },
    };
    const module = { exports: {} };
    runInNewContext(code, { require: (m: string) => (m === 'electron' ? electron : undefined), module, exports: module.exports, process: { argv: ['/opt/RiskAtlas/riskatlas', '--type=renderer', REVIEW_WINDOW_SWITCH] } });
    expect(Object.keys(exposed.riskatlas!).sort()).toEqual(['dataBase', 'invoke', 'role']);
    expect(exposed.riskatlas!.role).toBe('review');
    const invoke = exposed.riskatlas!.invoke as (m: string, a: unknown) => Promise<{ ok: boolean; error?: { code: string; params?: Record<string, string> } }>;
    for (const method of [...methods, 'no.such.method']) {
      const r = await invoke(method, {});
      if (REVIEW_METHODS.has(method as ApiMethod)) expect(r, method).toEqual({ ok: true, value: 'sent' });
      else expect(r, method).toMatchObject({ ok: false, error: { code: 'E_NOT_ALLOWED', params: { method } } });
    }
    // Only the reviewer's methods went to the main process; nothing listens for hand-overs.
    expect(invoked.map((a) => a[1]).sort()).toEqual([...REVIEW_METHODS].sort());
    expect(invoked.every((a) => a[0] === IPC_CHANNEL)).toBe(true);
    expect(listened).toEqual([]);
  });
});

describe('the built renderer bundle', () => {
  it('holds no zod: the renderer takes only types from the API contract, and the model document from src-shared', () => {
    // What survives minification of zod v4: the class names its $constructor registers (a
    // string literal) and the `_zod` property every schema keeps its internals in. Both are
    // in zod's own code, so this search would find zod if it were bundled.
    const zodCore = readFileSync(join(root, 'node_modules', 'zod', 'v4', 'core', 'schemas.js'), 'utf8');
    const markers = [/["'`]\$ZodType["'`]/, /\._zod\b/];
    for (const marker of markers) expect(zodCore).toMatch(marker);
    const assets = join(bundle, 'renderer', 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const code = readFileSync(join(assets, file), 'utf8');
      for (const marker of markers) expect(code, file).not.toMatch(marker);
    }
  });
});

describe('the built model-run worker', () => {
  it('runs the demo county in 128² tiles on two tile workers: the bundle finds its tile-worker entry and the WASM compressor', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ra-bundle-run-'));
    try {
      const worker = new Worker(join(bundle, 'main', 'runModel.worker.js'), { workerData: { modelPath: join(root, 'resources', 'sample', 'county', 'model.json'), outDir: out, workers: 2, tileSize: 128 } });
      const msg = await new Promise<{ type: string; summary?: { execution: { workers: number }; files: { index: string } }; error?: { code: string; message: string } }>((resolve, reject) => {
        worker.on('message', (m: { type: string }) => {
          if (m.type !== 'progress') resolve(m);
        });
        worker.on('error', reject);
      });
      await worker.terminate();
      expect(msg.error).toBeUndefined();
      expect(msg.type).toBe('done');
      expect(msg.summary!.execution.workers).toBe(2);
      expect(existsSync(msg.summary!.files.index)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
