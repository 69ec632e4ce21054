/**
 * The sheets' sampled grid: the whole grid when it is small enough, else every n-th cell of
 * every n-th row — the cell at the coarse cell's centre — the same whatever tiles the values
 * come in.
 */
import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import { tileLayout } from '../../../../src-main/engine/pipeline/tiling';
import { SheetSampler } from '../../../../src-main/engine/rollup/sheets';

function sample(grid: GridSpec, values: Uint8Array, tile: number, maxCells: number): SheetSampler {
  const s = new SheetSampler(grid, maxCells);
  for (const t of tileLayout(grid, tile)) {
    const v = new Uint8Array(t.width * t.height);
    for (let r = 0; r < t.height; r++) for (let c = 0; c < t.width; c++) v[r * t.width + c] = values[(t.row0 + r) * grid.width + t.col0 + c]!;
    s.addGrades(t, v);
  }
  return s;
}

describe('SheetSampler', () => {
  const grid: GridSpec = { epsg: 4546, originX: 0, originY: 1000, cellSize: 10, width: 13, height: 7 };
  const values = Uint8Array.from({ length: 13 * 7 }, (_, i) => (i * 7) % 251);

  it('keeps every cell of a grid that fits', () => {
    const s = sample(grid, values, 4, 100);
    expect(s.step).toBe(1);
    expect(s.grid).toEqual(grid);
    expect([...s.grades]).toEqual([...values]);
  });

  it('takes the centre cell of each coarse cell, whatever the tiles', () => {
    for (const tile of [3, 5, 16]) {
      const s = sample(grid, values, tile, 5);
      expect(s.step).toBe(3);
      expect(s.grid).toMatchObject({ cellSize: 30, width: 5, height: 3, originX: 0, originY: 1000 });
      const want = Array.from({ length: 15 }, (_, i) => {
        const [r, c] = [Math.floor(i / 5) * 3 + 1, (i % 5) * 3 + 1];
        return r < 7 && c < 13 ? values[r * 13 + c]! : 0;
      });
      expect([...s.grades], `tile ${tile}`).toEqual(want);
    }
  });
});
