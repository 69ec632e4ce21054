/**
 * Child process of the province benchmark: rolls the county results in a folder up with the
 * real engine (`rollUp`, as `riskatlas rollup` does) and prints one JSON line with the wall
 * time of each step, the total and the peak RSS of this process.
 *
 * Usage: tsx bench/rollupChild.ts <results folder> <out> <keep|rederive> [dpi]
 */
import { findCountyResults } from '../src-main/engine/rollup/discover';
import { rollUp, type GradeMode } from '../src-main/engine/rollup/rollup';

/** What the child reports to bench/province.ts. */
export interface RollupReport {
  /** Per step: wall seconds, CPU seconds of the process (the roll-up is one thread: wall minus CPU is waiting — for the disk, or for a core on a busy machine) and the largest RSS sampled. */
  steps: { step: string; seconds: number; cpuSeconds: number; peakRssMiB: number }[];
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  grid: { width: number; height: number; cellSize: number };
  counties: number;
  seamSegments: number;
}

async function main(): Promise<void> {
  const [folder, out, grades, dpi] = process.argv.slice(2);
  if (!folder || !out || (grades !== 'keep' && grades !== 'rederive')) throw new Error('usage: rollupChild <results> <out> <keep|rederive> [dpi]');
  const marks: { step: string; at: number; cpu: number; rss: number }[] = [];
  const cpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const sampler = setInterval(() => {
    const m = marks.at(-1);
    if (m) m.rss = Math.max(m.rss, process.memoryUsage.rss());
  }, 50);
  const t0 = performance.now();
  const cpu0 = cpuNow();
  let logged = -1;
  let loggedStep = '';
  const found = await findCountyResults(folder);
  const [r] = await rollUp(
    found.runs.map((runDir) => ({ runDir })),
    out,
    {
      level: 'province',
      grades: grades as GradeMode,
      date: '2026年12月',
      ...(dpi ? { dpi: Number(dpi) } : {}),
      onProgress: (p) => {
        if (marks.at(-1)?.step !== p.step) marks.push({ step: p.step, at: performance.now(), cpu: cpuNow(), rss: process.memoryUsage.rss() });
        // Every whole per cent of a step on stderr: a run stopped early still tells how far it got, at what cost.
        const pct = Math.floor(p.fraction * 100);
        if (pct > logged || p.step !== loggedStep) {
          logged = pct;
          loggedStep = p.step;
          process.stderr.write(`${p.step} ${pct}% wall ${((performance.now() - t0) / 1000).toFixed(0)} s, CPU ${(cpuNow() - cpu0).toFixed(0)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
        }
      },
    },
  );
  const end = performance.now();
  const endCpu = cpuNow();
  clearInterval(sampler);
  const p = r!.provenance;
  const report: RollupReport = {
    steps: marks.map((m, i) => ({ step: m.step, seconds: ((marks[i + 1]?.at ?? end) - m.at) / 1000, cpuSeconds: (marks[i + 1]?.cpu ?? endCpu) - m.cpu, peakRssMiB: m.rss / 2 ** 20 })),
    seconds: (end - t0) / 1000,
    cpuSeconds: endCpu - cpu0,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    grid: { width: p.grid.width, height: p.grid.height, cellSize: p.grid.cellSize },
    counties: p.counties.length,
    seamSegments: p.seams.segments,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
