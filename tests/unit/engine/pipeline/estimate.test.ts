/**
 * The pre-run estimate: its parts follow what the pipeline allocates (the tile store's
 * budget and spill, workers, whole-grid arrays), and a real run that spills reports exactly
 * the temporary bytes its model's estimate predicts.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateModelRun, estimateRun, estimateShape, PROCESS_BYTES, rawBytesPerCell, WORKER_BYTES, type RunShape } from '../../../../src-main/engine/pipeline/estimate';
import { TILE_STORE_MEMORY } from '../../../../src-main/engine/pipeline/tileStore';
import { runModel } from '../../../../src-main/engine/pipeline/run';
import { parseModel } from '../../../../src-main/engine/model/document';
import { useTempDir } from '../../../fixtures/tempDir';

const sample = join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'sample', 'county');
const tmp = useTempDir('ra-estimate-');
const MiB = 1024 * 1024;

const shape = (over: Partial<RunShape>): RunShape => ({ width: 1000, height: 1000, rawBytesPerCell: [4, 4, 8], workers: 2, tileSize: 512, zoning: null, tileMemory: TILE_STORE_MEMORY, ...over });

describe('estimateRun (the wizard, before a model exists)', () => {
  it('gives the grid size and counts every indicator as Float64 with zoning, the costliest census case', () => {
    const e = estimateRun({ width: 3170, height: 3110 }, 9, { workers: 2 });
    expect(e).toMatchObject({ width: 3170, height: 3110, cells: 3170 * 3110, indicators: 9 });
    expect(e).toEqual(estimateShape({ width: 3170, height: 3110, rawBytesPerCell: new Array(9).fill(8), workers: 2, tileSize: 512, zoning: { hazards: 1 }, tileMemory: TILE_STORE_MEMORY }));
  });

  it('needs no temporary disk while the raw tiles fit the 512 MiB budget, then 8 bytes per further cell and indicator', () => {
    const cells = Math.floor(TILE_STORE_MEMORY / (8 * 6));
    expect(estimateRun({ width: cells, height: 1 }, 6, { workers: 0 }).tempDiskBytes).toBe(0);
    const a = estimateRun({ width: 10_000, height: 2_000 }, 6, { workers: 0 });
    const b = estimateRun({ width: 10_000, height: 3_000 }, 6, { workers: 0 });
    expect(a.tempDiskBytes).toBe(10_000 * 2_000 * 6 * 8 - TILE_STORE_MEMORY);
    expect(b.tempDiskBytes - a.tempDiskBytes).toBe(10_000 * 1_000 * 6 * 8);
  });

  it('starts one worker per core for a grid of several tiles and none for one tile', () => {
    expect(estimateRun({ width: 300, height: 300 }, 3).memoryBytes).toBe(estimateRun({ width: 300, height: 300 }, 3, { workers: 0 }).memoryBytes);
    expect(estimateRun({ width: 3000, height: 3000 }, 3).memoryBytes).toBeGreaterThan(estimateRun({ width: 3000, height: 3000 }, 3, { workers: 0 }).memoryBytes);
  });
});

describe('estimateShape', () => {
  it('adds an isolate and a tile working set per worker', () => {
    const one = estimateShape(shape({ workers: 1 })).memoryBytes;
    const two = estimateShape(shape({ workers: 2 })).memoryBytes;
    expect(two - one).toBeGreaterThan(WORKER_BYTES);
    expect(estimateShape(shape({ workers: 0, width: 1, height: 1 })).memoryBytes).toBeGreaterThanOrEqual(PROCESS_BYTES);
  });

  it('holds kept tiles in memory only up to the budget: 20000² without zoning stays near the measured 1 GB (bench/README.md: 993 MiB)', () => {
    const e = estimateShape(shape({ width: 20_000, height: 20_000, rawBytesPerCell: new Array(6).fill(4) }));
    expect(e.memoryBytes).toBeLessThan(1.5 * 1024 * MiB);
    expect(e.memoryBytes).toBeGreaterThan(900 * MiB);
    // The README's 9.6 GB of raw tiles beyond the budget, plus the index past the budget.
    expect(e.tempDiskBytes).toBe(20_000 * 20_000 * 24 - TILE_STORE_MEMORY + (20_000 * 20_000 * 4 - TILE_STORE_MEMORY));
  });

  it('counts zoning by the cell, with a grid per hazard (fine for counties, not for 20000²)', () => {
    const none = estimateShape(shape({})).memoryBytes;
    const one = estimateShape(shape({ zoning: { hazards: 1 } })).memoryBytes;
    const three = estimateShape(shape({ zoning: { hazards: 3 } })).memoryBytes;
    expect(three - one).toBe(2 * 4 * 1000 * 1000);
    expect(one - none).toBeGreaterThan(30 * 1000 * 1000);
  });
});

describe('rawBytesPerCell', () => {
  it('keeps sampled rasters and counts as Float32, interpolations and distances as Float64', () => {
    const ind = (o: object) => ({ id: 'a', layer: 'l', transform: 'minmax' as const, direction: 'positive' as const, ...o });
    expect(rawBytesPerCell(ind({ resample: 'nearest' }))).toBe(4);
    expect(rawBytesPerCell(ind({ resample: 'bilinear' }))).toBe(8);
    expect(rawBytesPerCell(ind({}))).toBe(8);
    expect(rawBytesPerCell(ind({ rasterize: 'count' }))).toBe(4);
    expect(rawBytesPerCell(ind({ rasterize: 'distance' }))).toBe(8);
  });
});

describe('a real run against its estimate', () => {
  it('spills to the temporary file no more than its model estimate says, and most of it (demo county, 64² tiles, 1 MiB budget)', async () => {
    const dir = join(tmp(), 'county');
    cpSync(sample, dir, { recursive: true });
    const doc = parseModel(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
    const tileMemory = 1 * MiB;
    const s = await runModel(join(dir, 'model.json'), join(tmp(), 'out'), { tileSize: 64, workers: 0, tileMemory });
    const e = estimateModelRun(doc, s.grid, { tileSize: 64, workers: 0, tileMemory });
    expect(e.cells).toBe(s.grid.width * s.grid.height);
    expect(s.execution.spilledBytes).toBeGreaterThan(0);
    expect(s.execution.spilledBytes).toBeLessThanOrEqual(e.tempDiskBytes);
    expect(s.execution.spilledBytes).toBeGreaterThan(0.75 * e.tempDiskBytes);
    console.log(`estimate: demo county ${s.grid.width} × ${s.grid.height}, spilled ${s.execution.spilledBytes} bytes, estimated ${e.tempDiskBytes}`);
  }, 120_000);
});
