/**
 * Child process of the pipeline benchmark: runs one model document through the real engine
 * (`runModel`, exactly as `riskatlas run` does) and prints one JSON line on stdout with the
 * wall time of each engine step, the total, and this process's peak RSS — worker threads
 * included, as they share the process.
 *
 * Usage: tsx bench/riskatlasChild.ts <model.json> <outDir> <workers> [tileSize]
 */
import { runModel, type RunProgress } from '../src-main/engine/pipeline/run';

/** What the child reports to bench/run.ts. */
export interface ChildReport {
  /**
   * Engine steps in the order first reported: wall seconds until the next step began, CPU
   * seconds of the whole process (all threads) in that time, and the largest RSS sampled
   * (every 20 ms) during it.
   */
  stages: { step: string; seconds: number; cpuSeconds: number; peakRssMiB: number }[];
  seconds: number;
  /** Peak resident set size of the process, MiB (process.resourceUsage().maxRSS). */
  peakRssMiB: number;
  breaks: number[];
  cells: number;
  workers: number | null;
}

async function main(): Promise<void> {
  const [modelPath, outDir, workersArg, tileArg] = process.argv.slice(2);
  if (!modelPath || !outDir) throw new Error('usage: riskatlasChild <model.json> <outDir> [workers]');
  const workers = workersArg === undefined || workersArg === 'auto' ? undefined : Number(workersArg);
  const marks: { step: string; at: number; cpu: number; rss: number }[] = [];
  const cpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = performance.now();
  const onProgress = (p: RunProgress): void => {
    if (marks.at(-1)?.step !== p.step) marks.push({ step: p.step, at: performance.now(), cpu: cpuNow(), rss: process.memoryUsage.rss() });
  };
  // RSS is sampled on a timer: the main thread is mostly waiting on workers, so 20 ms ticks land.
  const sampler = setInterval(() => {
    const m = marks.at(-1);
    if (m) m.rss = Math.max(m.rss, process.memoryUsage.rss());
  }, 20);
  // `workers` is the engine's tile worker count (RunOptions.workers); engines without it ignore it.
  const summary = await runModel(modelPath, outDir, { onProgress, ...(workers === undefined ? {} : { workers }), ...(tileArg ? { tileSize: Number(tileArg) } : {}) } as Parameters<typeof runModel>[2]);
  const end = performance.now();
  const endCpu = cpuNow();
  clearInterval(sampler);
  const stages = marks.map((m, i) => ({
    step: m.step,
    seconds: ((marks[i + 1]?.at ?? end) - m.at) / 1000,
    cpuSeconds: (marks[i + 1]?.cpu ?? endCpu) - m.cpu,
    peakRssMiB: m.rss / 2 ** 20,
  }));
  const s = summary as unknown as { grid: { width: number; height: number }; classification: { breaks: number[] }; execution?: { workers: number } };
  const report: ChildReport = {
    stages,
    seconds: (end - t0) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    breaks: s.classification.breaks,
    cells: s.grid.width * s.grid.height,
    workers: s.execution?.workers ?? null,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((err: unknown) => {
  const e = err as { code?: string; message?: string; stack?: string };
  process.stderr.write(`${e.code ?? 'ERROR'}: ${e.message ?? String(err)}\n${e.stack ?? ''}\n`);
  process.exit(1);
});
