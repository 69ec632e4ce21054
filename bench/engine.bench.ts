/**
 * Engine benchmarks (`npm run bench`): speed is measured here, never asserted in tests.
 */
import { bench, describe } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jenksBreaks } from '../src-main/engine/classify/breaks';
import { kernelDensity } from '../src-main/engine/grid/pointIndicators';
import { gridForExtent } from '../src-main/engine/grid/gridSpec';
import { runModel } from '../src-main/engine/pipeline/run';
import { demoModelPath } from '../src-main/appPaths';
import { writeMemoryModel } from './engineMemory';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('classification', () => {
  const rnd = lcg(1);
  const values = Float64Array.from({ length: 1_000_000 }, () => rnd() ** 2);
  bench('exact Jenks, 10^6 values, 5 classes', () => {
    jenksBreaks(values, 5);
  }, { iterations: 3 });
});

describe('rasterisation', () => {
  const rnd = lcg(2);
  const grid = gridForExtent(4546, [0, 0, 35_000, 35_000], 100);
  const pts = Array.from({ length: 1500 }, () => ({ x: rnd() * 35_000, y: rnd() * 35_000, w: 1 }));
  bench('kernel density, 1,500 points, r = 500 m, 350×350 grid', () => {
    kernelDensity(grid, pts, 500);
  });
});

describe('model run', () => {
  const out = mkdtempSync(join(tmpdir(), 'ra-bench-'));
  bench('demo county end to end (9 indicators, ~350×350 cells)', async () => {
    await runModel(demoModelPath(), out);
  }, { iterations: 3 });
});

describe('streamed run, 2000² cells (vector-derived indicators, no input files to read)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-bench-2k-'));
  const model = writeMemoryModel(dir, 2000);
  for (const workers of [1, 2]) {
    bench(`${workers} tile worker(s), 512² tiles`, async () => {
      await runModel(model, join(dir, `out${workers}`), { workers });
    }, { iterations: 1 });
  }
});
