/**
 * `npm run bench:interactive` — what the technician waits for while editing the model: the
 * time from a slider or class-break move in the browser to the map showing its result, with
 * the live full-resolution recompute and with the coarse preview it replaces.
 *
 *   npm run bench:interactive                          2 M- and 10 M-cell counties (1415², 3163²)
 *   npm run bench:interactive -- --sizes 1415 --steps 30
 *   options: --steps <n> edits per drag (default 20), --modes full|coarse (default both),
 *            --no-build (use the built UI in out/),
 *            --json <file> (write all results),
 *            --profile <dir> (V8 CPU profiles of the server's threads: bench/profileSummary.ts reads them),
 *            --trace <dir> (Chromium's performance trace of each drag, for chrome://tracing or DevTools)
 *
 * For each county (generated once into bench/.cache by bench/generate.ts, the pipeline
 * benchmark's counties) and each mode — `full` (the live recompute) and `coarse` (the server
 * started with RISKATLAS_LIVE_MAX_CELLS=0: the composite of at most 20,000 cells, as the Risk
 * step drew it before) — it starts `riskatlas serve --model <county>` and drives Debian's
 * Chromium (Playwright) through the app as a technician would: opens 风险, moves the H weight
 * once (the first edit, which reads the indicators), runs 计算 once, then drags the H slider
 * across in `--steps` moves and, in 分级, the top class break, waiting after each move until
 * the map has drawn it. Edit-to-redraw is measured in the page: from the `input`/`pointermove`
 * event to the moment the map overlay's badge says that edit is on screen (the picture loaded
 * and the map rendered; the histogram and class table come with the same answer), with the
 * arrival of the server's answer and the CPU time the server spent per edit (all threads: on
 * a machine other work loads, the wall times stretch, the CPU time does not). Memory: the
 * server process's resident set (all its threads) after the drags and its peak, and what the
 * live worker reports it holds (raw indicator tiles in memory / on disk, derived grids).
 * Prints Markdown tables (they go into bench/README.md as they are).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import type { LivePreview } from '../src-main/api/contract';
import { ensureInputs } from './generate';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(import.meta.dirname, '.cache');
const MiB = 1024 * 1024;

type Mode = 'full' | 'coarse';

interface DragResult {
  /** Edit-to-redraw per edit, ms. */
  latencies: number[];
  p50: number;
  p95: number;
  max: number;
  /** From the edit to the server's answer having arrived (before decoding and drawing), ms. */
  answerP50: number;
  answerP95: number;
  /** From the edit to the request leaving the page, and from there to the answer's first byte (the server's part), p50 ms. */
  sentP50: number;
  serverP50: number;
  /** CPU time the server spent per edit (all threads): what a loaded machine stretches, an idle one does not. */
  serverCpuMs: number;
}

interface CaseResult {
  size: number;
  cells: number;
  mode: Mode;
  /** The first edit after opening (reads every indicator), ms. */
  firstEditMs: number;
  /** 计算 (the run writing its outputs), ms from the click to the job's end. */
  runMs: number;
  weights: DragResult;
  /** Full mode only. */
  breaks: DragResult | null;
  /** Server resident set after the drags and at its peak, MiB. */
  rssMiB: number;
  peakRssMiB: number;
  /** What the live worker held after the drags (full mode), MiB. */
  held?: { raw: number; disk: number; derived: number };
  /** Picture of one answer: pixels and PNG bytes. */
  picture: { width: number; height: number; pngKiB: number };
}

/** The server's resident set and its peak, MiB (Linux /proc; the threads share the process). */
function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU milliseconds the process `pid` has used so far, all its threads (Linux /proc, 100 Hz ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Start `riskatlas serve --model` and resolve with its URL. */
async function serve(modelPath: string, mode: Mode, workspace: string, profile?: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, RISKATLAS_WORKSPACE: workspace, ...(mode === 'coarse' ? { RISKATLAS_LIVE_MAX_CELLS: '0' } : {}) };
  const node = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = spawn(process.execPath, [...node, join(ROOT, 'bin', 'riskatlas.mjs'), 'serve', '--port', '0', '--model', modelPath], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`riskatlas serve exited with ${code}`)));
  });
  return { child, url };
}

/**
 * In the page: remember when each edit starts (the input event of a slider, a pointer move
 * over the histogram while a button is down) and when the badge's `data-drawn` reaches it.
 */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __edits: number[]; __drawn: Map<number, number> };
    w.__edits = [];
    w.__drawn = new Map();
    // The answers' timings: past the default 250 entries (map tiles fill them) none would be kept.
    performance.setResourceTimingBufferSize(1_000_000);
    document.addEventListener('input', () => w.__edits.push(performance.now()), true);
    document.addEventListener('pointermove', (e) => e.buttons && (e.target as Element).closest?.('[data-testid="breaks-histogram"]') && w.__edits.push(performance.now()), true);
    new MutationObserver(() => {
      const badge = document.querySelector('[data-testid="live-overlay"]');
      const d = Number(badge?.getAttribute('data-drawn') ?? 0);
      if (d && !w.__drawn.has(d)) w.__drawn.set(d, performance.now());
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn'], childList: true });
  });
}

/** A number the badge carries; −1 while there is no badge (after a run's result replaced the live picture). */
const badgeAttr = (page: Page, name: string): Promise<number> =>
  page.evaluate((n) => Number(document.querySelector('[data-testid="live-overlay"]')?.getAttribute(n) ?? -1), name);

/** Wait until the map has drawn the newest edit sent; its number. */
async function drawn(page: Page): Promise<number> {
  await page.getByTestId('live-overlay').waitFor({ timeout: 600_000 });
  await page.waitForFunction(
    () => {
      const b = document.querySelector('[data-testid="live-overlay"]');
      return b !== null && b.getAttribute('data-drawn') === b.getAttribute('data-requested');
    },
    undefined,
    { timeout: 600_000, polling: 5 },
  );
  return badgeAttr(page, 'data-requested');
}

/**
 * Move the pointer from `from` to `to` (page pixels, on one row) in `steps` moves with the
 * button down, waiting after each move that sent an edit until it is drawn; the
 * edit-to-redraw of each.
 */
async function drag(page: Page, server: number, from: [number, number], to: number, steps: number): Promise<DragResult> {
  await page.evaluate(() => ((window as unknown as { __edits: number[] }).__edits.length = 0));
  await page.mouse.move(from[0], from[1]);
  await page.mouse.down();
  const cpu0 = cpuMs(server);
  const latencies: number[] = [];
  const answers: number[] = [];
  const sent: number[] = [];
  const served: number[] = [];
  let requests = 0;
  const count = (r: { url(): string }): void => {
    if (r.url().endsWith('/api/live.update')) requests++;
  };
  page.on('request', count);
  for (let i = 1; i <= steps; i++) {
    const before = requests;
    await page.mouse.move(from[0] + ((to - from[0]) * i) / steps, from[1]);
    // A move within one slider step sends no edit.
    await page.waitForTimeout(50);
    for (let t = 0; t < 60 && requests === before; t++) await page.waitForTimeout(50);
    if (requests === before) continue;
    const seq = await drawn(page);
    const [ms, answered, sentAt, serverMs] = await page.evaluate((n) => {
      const w = window as unknown as { __edits: number[]; __drawn: Map<number, number> };
      const t0 = w.__edits.at(-1)!;
      w.__edits.length = 0;
      const answer = performance.getEntriesByType('resource').filter((e) => /\/api\/live\.update$/.test(e.name)).at(-1) as PerformanceResourceTiming | undefined;
      return [w.__drawn.get(n)! - t0, answer ? answer.responseEnd - t0 : NaN, answer ? answer.requestStart - t0 : NaN, answer ? answer.responseStart - answer.requestStart : NaN];
    }, seq);
    latencies.push(ms);
    answers.push(answered);
    sent.push(sentAt);
    served.push(serverMs);
  }
  page.off('request', count);
  const serverCpuMs = (cpuMs(server) - cpu0) / Math.max(1, latencies.length);
  await page.mouse.up();
  const q = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  };
  return { latencies, p50: q(latencies, 0.5), p95: q(latencies, 0.95), max: q(latencies, 1), answerP50: q(answers, 0.5), answerP95: q(answers, 0.95), sentP50: q(sent, 0.5), serverP50: q(served, 0.5), serverCpuMs };
}

async function runCase(size: number, mode: Mode, steps: number, profile?: string, trace?: string): Promise<CaseResult> {
  const inputs = await ensureInputs(CACHE, size, 'deflate', 1, (s) => console.error(s));
  const workspace = await mkdtemp(join(CACHE, 'interactive-ws-'));
  const { child, url } = await serve(inputs.modelPath, mode, workspace, profile);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    let last: LivePreview | null = null;
    page.on('response', (r) => {
      if (r.url().endsWith('/api/live.update')) void r.json().then((j: { ok: boolean; value?: LivePreview }) => j.ok && j.value?.png && (last = j.value)).catch(() => undefined);
    });
    await page.goto(url);
    await instrument(page);
    await page.getByTestId('step-risk').click();
    // The first edit: the indicators are read once (and kept).
    await page.getByTestId('rw-H').focus();
    const t0 = performance.now();
    await page.keyboard.press('ArrowRight');
    await drawn(page);
    const firstEditMs = performance.now() - t0;
    // 计算: the run writes the outputs (and the Classes step opens on its result).
    const t1 = performance.now();
    await page.getByTestId('compute').click();
    await page.getByTestId('progress').and(page.locator('[data-state="done"]')).waitFor({ timeout: 1_200_000 });
    const runMs = performance.now() - t1;

    const slider = (await page.getByTestId('rw-H').boundingBox())!;
    const y = slider.y + slider.height / 2;
    const traced = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
      if (!trace) return f();
      await browser.startTracing(page, { path: join(trace, `${size}-${mode}-${name}.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'gpu'] });
      try {
        return await f();
      } finally {
        await browser.stopTracing();
      }
    };
    const weights = await traced('weights', () => drag(page, child.pid!, [slider.x + slider.width * 0.3, y], slider.x + slider.width * 0.7, steps));

    // 分级: the top break dragged (above the cell budget there is no live recompute of classes to time).
    let breaks: DragResult | null = null;
    if (mode === 'coarse') {
      await page.getByTestId('step-classes').click();
      await page.getByTestId('classes-above-budget').waitFor({ timeout: 600_000 });
    } else {
      await page.getByTestId('step-classes').click();
      const handle = page.getByTestId('break-4').locator('rect').last();
      await handle.waitFor({ timeout: 600_000 });
      const box = (await handle.boundingBox())!;
      breaks = await traced('breaks', () => drag(page, child.pid!, [box.x + box.width / 2, box.y + box.height / 2], box.x + box.width / 2 - 4 * steps, steps));
    }

    const mem = rss(child.pid!);
    const shown = last as LivePreview | null;
    const cells = shown?.cells ?? NaN;
    const picture = { width: shown?.width ?? 0, height: shown?.height ?? 0, pngKiB: shown?.png ? (shown.png.length * 3) / 4 / 1024 : 0 };
    const held = shown?.mode === 'full' ? { raw: shown.memory.raw / MiB, disk: shown.memory.disk / MiB, derived: shown.memory.derived / MiB } : undefined;
    return { size, cells, mode, firstEditMs, runMs, weights, breaks, rssMiB: mem.now, peakRssMiB: mem.peak, ...(held ? { held } : {}), picture };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(workspace, { recursive: true, force: true });
  }
}

const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '–');

function table(results: CaseResult[]): string {
  const rows = [
    '| county | preview | first edit ms | 计算 s | weight drag: redraw p50 / p95 / max ms (answer p50 / p95; server CPU per edit) | break drag: the same | server RSS / peak MiB | live worker holds MiB (raw mem / disk / derived) | picture |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const d = (x: DragResult | null): string => (x ? `${f0(x.p50)} / ${f0(x.p95)} / ${f0(x.max)} (answer ${f0(x.answerP50)} / ${f0(x.answerP95)}; sent ${f0(x.sentP50)}, server ${f0(x.serverP50)}; server CPU ${f0(x.serverCpuMs)} ms/edit; ${x.latencies.length} edits)` : '–');
    const held = r.held ? `${f0(r.held.raw)} / ${f0(r.held.disk)} / ${f0(r.held.derived)}` : '–';
    rows.push(`| ${r.size}² (${(r.cells / 1e6).toFixed(2)} M cells) | ${r.mode} | ${f0(r.firstEditMs)} | ${(r.runMs / 1000).toFixed(1)} | ${d(r.weights)} | ${d(r.breaks)} | ${f0(r.rssMiB)} / ${f0(r.peakRssMiB)} | ${held} | ${r.picture.width}×${r.picture.height}, ${f0(r.picture.pngKiB)} KiB PNG |`);
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1415,3163' }, modes: { type: 'string', default: 'full,coarse' }, steps: { type: 'string', default: '20' }, 'no-build': { type: 'boolean' }, json: { type: 'string' }, profile: { type: 'string' }, trace: { type: 'string' } } });
  const modes = values.modes.split(',') as Mode[];
  if (modes.some((m) => m !== 'full' && m !== 'coarse')) throw new Error('--modes expects full, coarse or both');
  const sizes = values.sizes.split(',').map(Number);
  const steps = Number(values.steps);
  if (sizes.some((s) => !Number.isInteger(s) || s < 100) || !Number.isInteger(steps) || steps < 2) throw new Error('--sizes expects side lengths ≥ 100, --steps an integer ≥ 2');
  await mkdir(CACHE, { recursive: true });
  if (!values['no-build']) {
    console.error('building the UI (electron-vite build) …');
    const b = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('electron-vite build failed');
  }
  console.error(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results: CaseResult[] = [];
  for (const size of sizes) {
    for (const mode of modes) {
      console.error(`${size}², ${mode} preview …`);
      if (values.trace) await mkdir(values.trace, { recursive: true });
      const r = await runCase(size, mode, steps, values.profile, values.trace);
      results.push(r);
      console.error(table([r]).split('\n').at(-1), `(load average ${loadavg()[0]!.toFixed(1)})`);
    }
  }
  console.log(table(results));
  if (values.json) await writeFile(values.json, JSON.stringify(results, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
