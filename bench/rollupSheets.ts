/**
 * The `maps` step of a roll-up alone: the province's sheets drawn from the sheet grid its roll-up
 * would sample (every n-th cell, at most SHEET_GRID_CELLS across: 5001² for the 20000² province),
 * filled with bands of grades and zones, with the real county boundaries and names. Prints the
 * seconds, CPU seconds and peak RSS of this process as one JSON line: the memory the sheets of a
 * 20000² roll-up need, without the hour its mosaic takes on a busy machine.
 *
 * Usage: tsx bench/rollupSheets.ts <county results folder> <out> [dpi]
 */
import type { FeatureCollection } from 'geojson';
import { findCountyResults } from '../src-main/engine/rollup/discover';
import { boundaryIn } from '../src-main/engine/rollup/countyResult';
import { readCounties } from '../src-main/engine/rollup/rollup';
import { rollupGrid } from '../src-main/engine/rollup/rollupGrid';
import { SheetSampler, writeRollupSheets } from '../src-main/engine/rollup/sheets';

async function main(): Promise<void> {
  const [folder, out, dpi] = process.argv.slice(2);
  if (!folder || !out) throw new Error('usage: rollupSheets <county results> <out> [dpi]');
  const counties = await readCounties((await findCountyResults(folder)).runs.map((runDir) => ({ runDir })));
  const first = counties[0]!;
  const grid = rollupGrid(counties, first.grid.epsg);
  // The sampler the roll-up of these counties fills (every n-th cell, at most SHEET_GRID_CELLS across).
  const sampler = new SheetSampler(grid);
  // Grades and zones in bands, so every class is drawn (the memory does not depend on the values).
  const w = sampler.grid.width;
  for (let i = 0; i < sampler.grades.length; i++) {
    sampler.grades[i] = 1 + (Math.floor((i % w) / 97) % first.classes.k);
    sampler.zones[i] = 1 + (Math.floor(i / w / 131) % 3);
  }
  const boundaries: FeatureCollection = { type: 'FeatureCollection', features: counties.flatMap((c) => boundaryIn(c, grid.epsg).features.map((f) => ({ ...f, properties: { XZQDM: c.code, XZQMC: c.name } }))) };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await writeRollupSheets(out, sampler, {
    areaName: '示范省',
    counties: boundaries,
    classNames: first.classes.names,
    classColors: first.classes.colors,
    zoneNames: first.zoneNames.length ? first.zoneNames : ['重点防治区', '次重点防治区', '一般防治区'],
    model: first.model,
    software: 'RiskAtlas bench',
    date: '2026年12月',
    dpi: dpi ? Number(dpi) : 300,
  });
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({ sheetGrid: [sampler.grid.width, sampler.grid.height], counties: counties.length, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
