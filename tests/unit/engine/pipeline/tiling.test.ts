import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputTiles, placeTile, tileGrid, tileLayout, tileSizeProblem } from '../../../../src-main/engine/pipeline/tiling';
import { TileStore } from '../../../../src-main/engine/pipeline/tileStore';
import { comprehensiveRisk } from '../../../../src-main/engine/risk/combine';
import { applyTransform, mergeRawStats, rawStatsOfTile, transformWithStats, type TransformSpec } from '../../../../src-main/engine/indicators/transforms';

const grid = { epsg: 4546, originX: 1000, originY: 5000, cellSize: 10, width: 37, height: 20 };

describe('tiles of the analysis grid', () => {
  it('cover every cell exactly once, row-major, edge tiles smaller', () => {
    const tiles = tileLayout(grid, 16);
    expect(tiles.map((t) => [t.tx, t.ty, t.width, t.height])).toEqual([
      [0, 0, 16, 16], [1, 0, 16, 16], [2, 0, 5, 16],
      [0, 1, 16, 4], [1, 1, 16, 4], [2, 1, 5, 4],
    ]);
    const count = new Uint8Array(grid.width * grid.height);
    for (const t of tiles) for (let r = 0; r < t.height; r++) for (let c = 0; c < t.width; c++) count[(t.row0 + r) * grid.width + t.col0 + c]!++;
    expect(count.every((c) => c === 1)).toBe(true);
    // placeTile puts each tile's values back at their cells.
    const whole = new Float64Array(grid.width * grid.height);
    for (const t of tiles) placeTile(t, Float64Array.from({ length: t.width * t.height }, (_, i) => (t.row0 + Math.floor(i / t.width)) * grid.width + t.col0 + (i % t.width)), whole, grid.width);
    expect(whole.every((v, i) => v === i)).toBe(true);
  });

  it('a tile is a grid with its own origin', () => {
    const t = tileLayout(grid, 16)[4]!;
    expect(tileGrid(grid, t)).toEqual({ epsg: 4546, originX: 1160, originY: 4840, cellSize: 10, width: 16, height: 4 });
  });

  it('output tiles pad edges with the fill value; analysis tiles above 256 split into 256² output tiles', () => {
    const t = tileLayout(grid, 16)[5]!; // 5 × 4
    const data = Float32Array.from({ length: 20 }, (_, i) => i);
    const [[x, y, buf]] = [...outputTiles(t, data, 16, -9999, (n) => new Float32Array(n))];
    expect([x, y, buf.length]).toEqual([2, 1, 256]);
    expect(Array.from(buf.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, -9999]);
    expect(buf[16]).toBe(5);
    expect(buf[255]).toBe(-9999);
    const big = { epsg: 1, originX: 0, originY: 0, cellSize: 1, width: 600, height: 300 };
    const t0 = tileLayout(big, 512)[0]!;
    expect([...outputTiles(t0, new Uint8Array(512 * 300), 512, 0, (n) => new Uint8Array(n))].map(([a, b]) => [a, b])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(tileSizeProblem(100)).toMatch(/multiple of 16/);
    expect(tileSizeProblem(384)).toMatch(/multiples of 256/);
    expect(tileSizeProblem(512)).toBeNull();
  });
});

describe('tile-separable transforms', () => {
  const raw = Float64Array.from({ length: 300 }, (_, i) => (i % 17 === 0 ? NaN : ((i * 37) % 101) / 7));
  const specs: TransformSpec[] = [{ type: 'minmax' }, { type: 'rescale', range: [0.1, 1] }, { type: 'zscore' }, { type: 'percentile' }, { type: 'log10' }, { type: 'sigmoid' }];
  it.each(specs.flatMap((s) => (['positive', 'negative'] as const).map((d) => [s.type, s, d] as const)))('%s (%s) of tiles with merged statistics equals the whole-grid transform', (_, spec, dir) => {
    const whole = applyTransform(raw, spec, dir);
    const parts = [raw.subarray(0, 90), raw.subarray(90, 211), raw.subarray(211)];
    const stats = parts.map((p) => rawStatsOfTile(p, spec.type === 'percentile')).reduce(mergeRawStats);
    const tiled = parts.flatMap((p) => Array.from(transformWithStats(Float64Array.from(p), spec, dir, stats)));
    tiled.forEach((v, i) => (Number.isNaN(whole[i]!) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(whole[i]!, 12)));
  });
});

describe('comprehensive risk', () => {
  it('hazard-weighted sum and max, hand-worked; nodata in any hazard gives nodata', () => {
    const r1 = Float64Array.from([0.2, 0.9, NaN]);
    const r2 = Float64Array.from([0.6, 0.1, 0.5]);
    expect(Array.from(comprehensiveRisk([r1, r2], [0.25, 0.75], 'weightedSum'))).toEqual([0.25 * 0.2 + 0.75 * 0.6, 0.25 * 0.9 + 0.75 * 0.1, NaN]);
    expect(Array.from(comprehensiveRisk([r1, r2], [0.25, 0.75], 'max'))).toEqual([0.6, 0.9, NaN]);
    expect(Array.from(comprehensiveRisk([r2, r1], [0.5, 0.5], 'max'))).toEqual([0.6, 0.9, NaN]);
  });
});

describe('tile store', () => {
  it('returns tiles from memory and, past the budget, from its temporary file, which close removes', async () => {
    const store = new TileStore(64);
    const a = Float32Array.from({ length: 16 }, (_, i) => i);
    const b = Float32Array.from({ length: 16 }, (_, i) => -i);
    await store.put(0, a);
    await store.put(1, b);
    expect(store.spilled).toBe(true);
    expect(Array.from(await store.get(0))).toEqual(Array.from(a));
    expect(Array.from(await store.get(1))).toEqual(Array.from(b));
    await store.close();
    await expect(store.get(1)).rejects.toMatchObject({ code: 'E_INTERNAL' });
  });

  it('keeps Float32 and Float64 tiles apart on disk, and take frees memory for later tiles', async () => {
    const store = new TileStore(16 * 8);
    const f64 = Float64Array.from({ length: 16 }, (_, i) => i + 0.1); // not exact in Float32
    const f32 = Float32Array.from({ length: 16 }, (_, i) => -i - 0.5);
    await store.put(0, f64); // fills the budget
    await store.put(1, f32); // to disk
    expect(store.spilled).toBe(true);
    const back = await store.take(1);
    expect(back).toBeInstanceOf(Float32Array);
    expect(Array.from(back)).toEqual(Array.from(f32));
    expect(await store.take(0)).toBe(f64); // the stored array itself, now forgotten
    await expect(store.get(0)).rejects.toMatchObject({ code: 'E_INTERNAL' });
    const again = Float64Array.from({ length: 16 }, () => 7);
    await store.put(2, again); // fits in memory again
    expect(await store.take(2)).toBe(again);
    await store.close();
  });

  it('says E_WRITE when the temporary file cannot be made', async () => {
    const before = process.env.TMPDIR;
    process.env.TMPDIR = join(tmpdir(), 'riskatlas-no-such-dir', 'deeper');
    try {
      const store = new TileStore(0);
      await expect(store.put(0, new Float32Array(4))).rejects.toMatchObject({ code: 'E_WRITE' });
      await store.close();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
