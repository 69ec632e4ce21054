import { describe, expect, it } from 'vitest';
import { forEachTile, transferables, type TileExecutor } from '../../../../../src-main/engine/pipeline/workers/tilePool';
import type { TileResult, TileTask } from '../../../../../src-main/engine/pipeline/tileTasks';
import { tileLayout } from '../../../../../src-main/engine/pipeline/tiling';
import { analysisGrid } from '../../../../../src-main/engine/pipeline/run';

/** An executor whose tasks finish in an order unrelated to their tile order (later tiles first). */
function scrambledExecutor(concurrency: number, log: { started: number[]; maxInFlight: number }): TileExecutor {
  let inFlight = 0;
  return {
    concurrency,
    setGlobals: async () => undefined,
    close: async () => undefined,
    run: (task: TileTask) => {
      inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, inFlight);
      log.started.push(task.tile.index);
      const delay = (7 - (task.tile.index % 4)) * 3;
      return new Promise<TileResult>((resolve) =>
        setTimeout(() => {
          inFlight--;
          resolve({ stats: [{ min: task.tile.index, max: task.tile.index, moments: { n: 1, mean: 0, m2: 0 } }], raw: [] });
        }, delay),
      );
    },
  };
}

const grid = { epsg: 4546, originX: 0, originY: 0, cellSize: 1, width: 100, height: 100 };

describe('tile scheduling', () => {
  it('consumes results in tile order whatever order they finish in, with at most 2 × concurrency in flight', async () => {
    const tiles = tileLayout(grid, 16); // 7 × 7
    const log = { started: [] as number[], maxInFlight: 0 };
    const seen: number[] = [];
    await forEachTile(scrambledExecutor(2, log), tiles, (tile) => ({ kind: 'stats', tile }), (r, t) => {
      expect((r as { stats: { min: number }[] }).stats[0]!.min).toBe(t.index);
      seen.push(t.index);
    });
    expect(seen).toEqual(tiles.map((t) => t.index));
    expect(log.started).toEqual(tiles.map((t) => t.index));
    expect(log.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('stops with E_CANCELLED when the signal aborts between tiles', async () => {
    const tiles = tileLayout(grid, 16);
    const abort = new AbortController();
    const seen: number[] = [];
    const run = forEachTile(scrambledExecutor(1, { started: [], maxInFlight: 0 }), tiles, (tile) => ({ kind: 'stats', tile }), (_r, t) => {
      seen.push(t.index);
      if (t.index === 5) abort.abort();
    }, { signal: abort.signal });
    await expect(run).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('transfers every typed-array buffer of a result once', () => {
    const a = new Float32Array(4);
    const b = new Float64Array(2);
    expect(transferables({ index: a, values: { values: b, counts: b }, n: 3 })).toEqual([a.buffer, b.buffer]);
  });
});

describe('analysis grid', () => {
  it('snaps the origin to the snap point plus whole cells and covers the extent (hand-worked)', () => {
    // Extent x 1012…1391, y 2007…2288, 100 m cells.
    expect(analysisGrid(4546, [1012, 2007, 1391, 2288], 100)).toEqual({ epsg: 4546, originX: 1000, originY: 2300, cellSize: 100, width: 4, height: 3 });
    // Snap at (15, 15): origin x = 15 + 9·100 = 915, y = 15 + 23·100 = 2315.
    expect(analysisGrid(4546, [1012, 2007, 1391, 2288], 100, [15, 15])).toEqual({ epsg: 4546, originX: 915, originY: 2315, cellSize: 100, width: 5, height: 4 });
  });
});
