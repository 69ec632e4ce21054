/**
 * `npm run bench:live` — the live recompute's server side alone, without a browser: a
 * {@link LiveEngine} on the generated county (bench/generate.ts, the pipeline benchmark's
 * six indicators, 1415² = 2.0 M cells by default) answers a scripted slider drag — `--steps`
 * edits of the H risk weight — and a class-break drag (fixed thresholds moving), and it
 * prints the wall and CPU milliseconds of `update` per edit (of the process, and of the
 * engine's thread alone) and the median of each stage it
 * reports (and, in brackets, the least: on a loaded machine the nearest to an idle one's).
 * The first edit (which reads the indicators) is timed apart.
 *
 *   npm run bench:live -- --size 1415 --steps 12 [--no-image]
 *
 * Single process; what the live worker thread does for an edit (the time to send the answer
 * to the renderer and draw it is bench/interactive.ts's part).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelDocument } from '../src-main/engine/model/document';
import { LiveEngine, type LiveResult } from '../src-main/engine/pipeline/live/liveEngine';
import { ensureInputs } from './generate';

const CACHE = join(import.meta.dirname, '.cache');

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '1415' }, steps: { type: 'string', default: '12' }, 'no-image': { type: 'boolean', default: false } } });
const size = Number(args.size);
const steps = Number(args.steps);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU time of this thread, ms — the engine's own work, which other load on the machine
 * stretches least (Linux: /proc/thread-self/schedstat, in ns; elsewhere NaN).
 */
const threadMs = (): number => {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]! : NaN;
};

interface Edit {
  wall: number;
  /** CPU ms of the process (all threads: with zlib's pool) and of the engine's thread. */
  cpu: number;
  thread: number;
  stages: Record<string, number>;
}

async function main(): Promise<void> {
  const inputs = await ensureInputs(CACHE, size, 'deflate', 1, (s) => process.stderr.write(s + '\n'));
  const doc = JSON.parse(await readFile(inputs.modelPath, 'utf8')) as ModelDocument;
  const engine = new LiveEngine(inputs.dir);
  const image = !args['no-image'];
  const edit = async (d: ModelDocument): Promise<Edit & { result: LiveResult }> => {
    const c = cpuMs();
    const th = threadMs();
    const t = performance.now();
    const result = await engine.update({ doc: d, view: 'grades', image, bins: 64 });
    return { wall: performance.now() - t, cpu: cpuMs() - c, thread: threadMs() - th, stages: result.stages, result };
  };
  const first = await edit(doc);
  const risk = doc.risk as { operator: string; weights: Record<string, number> };
  const weightEdits: Edit[] = [];
  for (let s = 1; s <= steps; s++) {
    const h = 0.3 + (0.4 * s) / steps;
    weightEdits.push(await edit({ ...doc, risk: { ...risk, weights: { ...risk.weights, H: Math.round(h * 100) / 100 } } } as ModelDocument));
  }
  // The break drag starts from the model as it is (that edit recomputes the index: untimed).
  await edit(doc);
  const breaks = first.result.breaks;
  const breakEdits: Edit[] = [];
  for (let s = 1; s <= steps; s++) {
    const inner = breaks.slice(1, -1);
    const top = inner.length - 1;
    // The top break dragged down towards the one below, as bench/interactive.ts drags it.
    inner[top] = inner[top]! - ((inner[top]! - inner[top - 1]!) * s) / (steps + 1);
    breakEdits.push(await edit({ ...doc, classification: { ...doc.classification, method: 'fixed', thresholds: inner } } as ModelDocument));
  }
  await engine.close();

  const out = (s: string): boolean => process.stdout.write(s + '\n');
  out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  out(`county ${size}² (${((size * size) / 1e6).toFixed(1)} M cells), picture ${image ? 'on' : 'off'}; first edit (reads the indicators): ${first.wall.toFixed(0)} ms wall, ${first.cpu.toFixed(0)} ms CPU\n`);
  const stages = [...new Set([...weightEdits, ...breakEdits].flatMap((e) => Object.keys(e.stages)))];
  out(`| drag | edits | wall p50 / p95 (min) ms | CPU p50 ms, process / engine thread | ${stages.map((s) => `${s} p50 (min)`).join(' | ')} |`);
  out(`| --- | ---: | ---: | ---: | ${stages.map(() => '---:').join(' | ')} |`);
  for (const [name, edits] of [['weight', weightEdits], ['class break', breakEdits]] as const) {
    const cells = stages.map((s) => {
      const xs = edits.map((e) => e.stages[s]).filter((x): x is number => x !== undefined);
      return xs.length ? `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)})` : '–';
    });
    out(`| ${name} | ${edits.length} | ${median(edits.map((e) => e.wall)).toFixed(0)} / ${p95(edits.map((e) => e.wall)).toFixed(0)} (${Math.min(...edits.map((e) => e.wall)).toFixed(0)}) | ${median(edits.map((e) => e.cpu)).toFixed(0)} / ${median(edits.map((e) => e.thread)).toFixed(0)} | ${cells.join(' | ')} |`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:live: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
