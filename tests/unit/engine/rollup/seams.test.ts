/**
 * The seam check streamed by tiles finds what a look at the whole grid at once finds: every
 * cell edge between two counties counted once as shared border, the seam edges (grades more
 * than one apart, nodata and excluded land not compared) counted once, whatever the tile size;
 * seam edges that touch make one segment, with its length and place; and the report rows and
 * QC findings say it in the census's terms.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';
import { tileLayout } from '../../../../src-main/engine/pipeline/tiling';
import { SeamScanner, seamPairRows, seamQcReport } from '../../../../src-main/engine/rollup/seams';

const K = 5;

/** Feed whole-grid arrays to a scanner tile by tile. */
function scan(grid: GridSpec, owner: Uint16Array, grades: Uint8Array, tile: number): ReturnType<SeamScanner['result']> {
  const s = new SeamScanner(grid, K, tile);
  for (const t of tileLayout(grid, tile)) {
    const o = new Uint16Array(t.width * t.height);
    const g = new Uint8Array(t.width * t.height);
    for (let r = 0; r < t.height; r++)
      for (let c = 0; c < t.width; c++) {
        o[r * t.width + c] = owner[(t.row0 + r) * grid.width + t.col0 + c]!;
        g[r * t.width + c] = grades[(t.row0 + r) * grid.width + t.col0 + c]!;
      }
    s.addTile(t, g, o);
  }
  return s.result();
}

/** The oracle: every right and down neighbour pair of the whole grid. */
function bruteForce(grid: GridSpec, owner: Uint16Array, grades: Uint8Array): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  const look = (i: number, j: number): void => {
    const [a, b] = [owner[i]!, owner[j]!];
    if (!a || !b || a === b) return;
    const key = `${Math.min(a, b) - 1}|${Math.max(a, b) - 1}`;
    const e = m.get(key) ?? [0, 0];
    e[0]++;
    const [ga, gb] = [grades[i]!, grades[j]!];
    if (ga >= 1 && ga <= K && gb >= 1 && gb <= K && Math.abs(ga - gb) > 1) e[1]++;
    m.set(key, e);
  };
  for (let r = 0; r < grid.height; r++)
    for (let c = 0; c < grid.width; c++) {
      if (c + 1 < grid.width) look(r * grid.width + c, r * grid.width + c + 1);
      if (r + 1 < grid.height) look(r * grid.width + c, (r + 1) * grid.width + c);
    }
  return m;
}

describe('SeamScanner', () => {
  it('counts every shared edge and seam edge once, whatever the tile size (against the whole grid at once)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (w, h, tile, seed) => {
        const grid: GridSpec = { epsg: 4546, originX: 0, originY: 0, cellSize: 10, width: w, height: h };
        let x = seed;
        const rnd = (n: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
        const owner = Uint16Array.from({ length: w * h }, () => rnd(4));
        const grades = Uint8Array.from({ length: w * h }, () => rnd(K + 2));
        const { pairs } = scan(grid, owner, grades, tile);
        const want = bruteForce(grid, owner, grades);
        expect(Object.fromEntries(pairs.map((p) => [`${p.a}|${p.b}`, [p.sharedEdges, p.seamEdges]]))).toEqual(Object.fromEntries(want));
      }),
      { numRuns: 300 },
    );
  });

  it('joins touching seam edges into one segment with its length, grades and place', () => {
    // Two counties side by side, the border a straight line between columns 2 and 3 of a 6 × 4
    // grid; grades 1 on the left, 4 on the right except one row where the right is 2 (one apart).
    const grid: GridSpec = { epsg: 4546, originX: 1000, originY: 5000, cellSize: 100, width: 6, height: 4 };
    const owner = Uint16Array.from({ length: 24 }, (_, i) => (i % 6 < 3 ? 1 : 2));
    const grades = Uint8Array.from({ length: 24 }, (_, i) => (i % 6 < 3 ? 1 : Math.floor(i / 6) === 3 ? 2 : 4));
    const { pairs, segments } = scan(grid, owner, grades, 4);
    expect(pairs).toEqual([{ a: 0, b: 1, sharedEdges: 4, seamEdges: 3, maxDiff: 3 }]);
    expect(segments).toHaveLength(1);
    const s = segments[0]!;
    expect(s).toMatchObject({ a: 0, b: 1, edges: 3, lengthM: 300, minDiff: 3, maxDiff: 3, gradeA: 1, gradeB: 4 });
    // The border runs at x = 1300 from y = 5000 down to 4700 (rows 0–2).
    expect(s.lines).toEqual([[[1300, 5000], [1300, 4700]]]);
    expect(s.at).toEqual([1300, 4850]);
    const named = [{ code: '990101', name: '甲县', classNames: ['高', '较高', '中', '较低', '低'] }, { code: '990102', name: '乙县', classNames: ['高', '较高', '中', '较低', '低'] }];
    expect(seamPairRows(pairs, segments, named, 100)).toEqual([['990101', '甲县', '990102', '乙县', 0.4, 0.3, 75, 1, 3]]);
    const report = seamQcReport('示范省相邻县风险等级接边检查', segments, named);
    expect(report.counts).toEqual({ error: 0, warning: 1, info: 0 });
    expect(report.findings[0]).toMatchObject({ rule: 'SEAM-01', layer: '990101 甲县 | 990102 乙县', at: [1300, 4850] });
    expect(report.findings[0]!.message).toContain('0.30 km 风险等级相差 3 级（甲县高，乙县较低）');
  });

  it('does not compare nodata or excluded land, and keeps apart stretches that do not touch', () => {
    const grid: GridSpec = { epsg: 4546, originX: 0, originY: 500, cellSize: 100, width: 2, height: 5 };
    // Column 0 county 1 grade 1; column 1 county 2 with grades 5, 0 (nodata), 6 (excluded), 5, 5.
    const owner = Uint16Array.from([1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
    const grades = Uint8Array.from([1, 5, 1, 0, 1, 6, 1, 5, 1, 5]);
    const { pairs, segments } = scan(grid, owner, grades, 2);
    expect(pairs[0]).toMatchObject({ sharedEdges: 5, seamEdges: 3 });
    expect(segments.map((s) => s.edges).sort()).toEqual([1, 2]);
  });
});
