/**
 * `npm run bench:breaks [-- <index.tif>]` — natural breaks on a whole risk index, as a run
 * computes them: tile summaries (distinct values until 10⁶, then range and moments only),
 * the 65,536-bin histogram pass, Jenks on the histogram, and the refinement pass on the exact
 * values near each break (classify/jenksRefine.ts). Single thread; prints wall and CPU
 * seconds per part. Default input: the index of the last `npm run bench -- --size 8000` run
 * (64 M cells). The tile summaries run in the tile workers during a run; the other parts in
 * the run's own thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { breaksOfDistribution } from '../src-main/engine/classify/breaks';
import { DistributionBuilder, rangeMoments, tileValues } from '../src-main/engine/classify/distribution';
import { JenksRefinement } from '../src-main/engine/classify/jenksRefine';
import { openGeoTiff } from '../src-main/engine/io/geotiff';

const TILE = 512;

async function main(): Promise<void> {
  const path = process.argv[2] ?? join(import.meta.dirname, '.cache', 'out-n8000-deflate-w2', 'risk_index.tif');
  if (!existsSync(path)) throw new Error(`${path} not found: run \`npm run bench -- --size 8000 --workers 2\` first, or give an index GeoTIFF`);
  const src = await openGeoTiff(path);
  const { width, height, nodata } = src.meta;
  const tiles: Float32Array[] = [];
  for (let y = 0; y < height; y += TILE)
    for (let x = 0; x < width; x += TILE) {
      const t = await src.readWindow(x, y, Math.min(TILE, width - x), Math.min(TILE, height - y), 0, new Float32Array(Math.min(TILE, width - x) * Math.min(TILE, height - y)));
      for (let i = 0; i < t.length; i++) if (t[i] === nodata) t[i] = NaN;
      tiles.push(t);
    }
  await src.close();
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const parts: { part: string; wall: number; cpu: number }[] = [];
  const timed = <T>(part: string, f: () => T): T => {
    const c = cpu();
    const t = performance.now();
    const r = f();
    parts.push({ part, wall: (performance.now() - t) / 1000, cpu: cpu() - c });
    return r;
  };
  const builder = new DistributionBuilder();
  timed('tile summaries (in the tile workers during a run)', () => {
    for (const t of tiles) builder.add(builder.overflowed ? { ...rangeMoments(t), values: new Float64Array(0), counts: new Float64Array(0) } : tileValues(t));
  });
  const dist = timed('histogram pass (65,536 bins)', () => {
    for (const t of tiles) builder.addHistogram(t);
    return builder.finish()!;
  });
  const histogramBreaks = timed('Jenks on the histogram', () => breaksOfDistribution('jenks', dist, 5));
  const refined = timed('refinement pass + exact Jenks near the breaks', () => {
    const r = new JenksRefinement(dist, 5);
    for (const t of tiles) r.add(t);
    return r.breaks();
  });
  const total = parts.reduce((a, p) => ({ wall: a.wall + p.wall, cpu: a.cpu + p.cpu }), { wall: 0, cpu: 0 });
  process.stdout.write(`Natural breaks on ${(dist.n / 1e6).toFixed(1)} M valid cells (${width} × ${height}), 5 classes\n\n| part | wall s | CPU s |\n| --- | ---: | ---: |\n`);
  for (const p of parts) process.stdout.write(`| ${p.part} | ${p.wall.toFixed(2)} | ${p.cpu.toFixed(2)} |\n`);
  process.stdout.write(`| total | ${total.wall.toFixed(2)} | ${total.cpu.toFixed(2)} |\n\n`);
  process.stdout.write(`histogram breaks: ${histogramBreaks.map((b) => b.toPrecision(9)).join(', ')}\nrefined breaks:   ${refined.breaks.map((b) => b.toPrecision(9)).join(', ')} (certified: ${refined.certified})\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:breaks: ${(err as Error).message}\n`);
  process.exit(1);
});
