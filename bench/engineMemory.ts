/**
 * Peak memory and time of one streamed engine run on an N × N grid, in this process (run it
 * as a child: `npx tsx bench/engineMemory.ts <N> [workers] [tileSize]`). Prints one
 * JSON line: cells, seconds per step, peak RSS (worker threads included — they share the
 * process), and whether the index spilled to the temporary tile file.
 *
 * The model needs no large input file, so a 20000² case costs no generation time: the study
 * area is a square of N × 30 m cells with four townships, and the three indicators are
 * vector-derived (Euclidean distance to hazard sources, to exposure points, to shelters — as a
 * cost indicator), through the same tile passes as raster indicators. Classification is exact
 * Jenks, which past 10⁶ distinct index values takes the histogram pass. Zoning is off: it holds
 * whole grids by design (see run.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runModel, type RunProgress } from '../src-main/engine/pipeline/run';

const CELL = 30;
const X0 = 300_000;
const Y0 = 3_990_000;
const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } };

/** Write the synthetic model for an n × n grid into `dir`; returns the model path. */
export function writeMemoryModel(dir: string, n: number): string {
  const side = n * CELL;
  const rect = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', crs, features });
  const feature = (geometry: unknown, properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry });
  const points = (k: number, seed: number) =>
    Array.from({ length: k }, (_, i) => feature({ type: 'Point', coordinates: [X0 + ((i * 7919 + seed * 104729) % 1000) / 1000 * side, Y0 - ((i * 6271 + seed * 7177) % 1000) / 1000 * side] }));
  writeFileSync(join(dir, 'area.geojson'), fc([feature(rect(X0, Y0 - side, X0 + side, Y0), { NAME: '研究区' })]));
  const h = side / 2;
  writeFileSync(
    join(dir, 'towns.geojson'),
    fc([
      feature(rect(X0, Y0 - h, X0 + h, Y0), { XZQDM: '1', XZQMC: '甲镇' }),
      feature(rect(X0 + h, Y0 - h, X0 + side, Y0), { XZQDM: '2', XZQMC: '乙镇' }),
      feature(rect(X0, Y0 - side, X0 + h, Y0 - h), { XZQDM: '3', XZQMC: '丙镇' }),
      feature(rect(X0 + h, Y0 - side, X0 + side, Y0 - h), { XZQDM: '4', XZQMC: '丁镇' }),
    ]),
  );
  writeFileSync(join(dir, 'sources.geojson'), fc(points(5, 1)));
  writeFileSync(join(dir, 'assets.geojson'), fc(points(7, 2)));
  writeFileSync(join(dir, 'shelters.geojson'), fc(points(3, 3)));
  const model = {
    riskatlas: 'model',
    version: 2,
    name: `memory ${n}²`,
    grid: { epsg: 4546, cellSize: CELL, studyArea: 'area' },
    layers: {
      area: { path: 'area.geojson', name: '研究区', category: 'admin' },
      towns: { path: 'towns.geojson', name: '乡镇', category: 'admin' },
      sources: { path: 'sources.geojson', name: '灾害源', category: 'hazard' },
      assets: { path: 'assets.geojson', name: '承灾体', category: 'exposure' },
      shelters: { path: 'shelters.geojson', name: '避难场所', category: 'capacity' },
    },
    indicators: [
      { id: 'h', layer: 'sources', rasterize: 'distance', direction: 'negative' },
      { id: 'e', layer: 'assets', rasterize: 'distance', direction: 'negative' },
      { id: 'c', layer: 'shelters', rasterize: 'distance', direction: 'negative' },
    ],
    components: { H: { h: 1 }, E: { e: 1 }, C: { c: 1 } },
    risk: { operator: 'weightedSum', weights: { H: 0.5, E: 0.3, C: 0.2 } },
    classification: { method: 'jenks', classes: 5, scheme: 'high5' },
    statistics: { units: 'towns' },
    outputs: {},
  };
  const path = join(dir, 'model.json');
  writeFileSync(path, JSON.stringify(model, null, 2));
  return path;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const workers = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const tileSize = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  const dir = mkdtempSync(join(tmpdir(), 'ra-mem-'));
  try {
    const modelPath = writeMemoryModel(dir, n);
    const out = join(dir, 'out');
    mkdirSync(out);
    const marks: { step: string; at: number }[] = [];
    const t0 = performance.now();
    const onProgress = (p: RunProgress): void => {
      if (marks.at(-1)?.step !== p.step) marks.push({ step: p.step, at: performance.now() });
    };
    const s = await runModel(modelPath, out, { onProgress, ...(workers === undefined ? {} : { workers }), ...(tileSize === undefined ? {} : { tileSize }) });
    const end = performance.now();
    process.stdout.write(
      JSON.stringify({
        cells: s.grid.width * s.grid.height,
        grid: `${s.grid.width}×${s.grid.height}`,
        execution: s.execution,
        seconds: +((end - t0) / 1000).toFixed(1),
        steps: Object.fromEntries(marks.map((m, i) => [m.step, +(((marks[i + 1]?.at ?? end) - m.at) / 1000).toFixed(1)])),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        exactBreaks: s.index.exactBreaks,
        breaks: s.classification.breaks,
      }) + '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('engineMemory.ts')) await main();
