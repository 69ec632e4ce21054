/**
 * Grades per assessment unit weight each cell by the share of it inside the unit: a township
 * smaller than a cell keeps its area and people, a border cell is shared, and tiles add up to
 * the whole grid.
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { mergeTally, tallyGrades, unitRowsFromTally, type GradeTally } from '../../../../src-main/engine/classify/gradeStatistics';
import { polygonCoverage, type CoverageWindow } from '../../../../src-main/engine/grid/cellCoverage';
import type { GridSpec } from '../../../../src-main/engine/grid/gridSpec';

const square = (x0: number, y0: number, x1: number, y1: number): Geometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
// 2 × 2 cells of 100 m, north-west corner at (0, 200).
const grid: GridSpec = { epsg: 4546, originX: 0, originY: 200, cellSize: 100, width: 2, height: 2 };
const grades = Uint8Array.from([1, 2, 1, 1]);
const people = [100, 200, 300, 400];
const units = [
  square(0, 0, 150, 200), // all of the west column, half of the east one
  square(150, 0, 200, 200), // the other half of the east column
  square(140, 40, 150, 50), // 10 m × 10 m inside the south-east cell: 1 % of it, straddling nothing
];
const scheme = { id: 't', label: 't', names: ['高', '低'], colors: ['#E60000', '#38A800'] };

describe('grades per assessment unit', () => {
  it('shares border cells by area and keeps a unit smaller than a cell (hand-worked)', () => {
    const t = tallyGrades(grades, 2, units.length, units.map((u) => polygonCoverage(grid, u)), people, grid.width);
    const rows = unitRowsFromTally(grid, t, units.map((_, i) => ({ code: String(i), name: String(i) })), scheme, true);
    const get = (u: number, g: number): { cells: number; population?: number; areaKm2: number } => rows.find((r) => r.code === String(u) && r.grade === g)!;
    // Unit 0: west cells (grade 1: 100 + 300 people) and half of each east cell.
    expect(get(0, 1).cells).toBeCloseTo(2 + 0.5, 12); // cells 0, 2 whole; cell 3 (grade 1) half
    expect(get(0, 1).population).toBeCloseTo(100 + 300 + 0.5 * 400, 9);
    expect(get(0, 2).cells).toBeCloseTo(0.5, 12); // half of cell 1 (grade 2)
    expect(get(0, 2).population).toBeCloseTo(100, 9);
    expect(get(1, 1).cells).toBeCloseTo(0.5, 12);
    expect(get(1, 2).population).toBeCloseTo(100, 9);
    // Unit 2 lies in one cell (grade 1) and gets 1 % of it: 100 m² and 4 people — the cell-centre rule gave it nothing.
    expect(get(2, 1).areaKm2).toBeCloseTo(0.0001, 12);
    expect(get(2, 1).population).toBeCloseTo(4, 9);
    expect(get(2, 2).cells).toBe(0);
    // Overall counts stay whole cells.
    expect(Array.from(t.cells)).toEqual([0, 3, 1]);
    expect(Array.from(t.people)).toEqual([0, 800, 200]);
  });

  it('gives the same tally tile by tile as for the whole grid', () => {
    const whole = tallyGrades(grades, 2, units.length, units.map((u) => polygonCoverage(grid, u)), people, grid.width);
    const north: GridSpec = { ...grid, height: 1 };
    const south: GridSpec = { ...grid, originY: 100, height: 1 };
    const tiles = [
      tallyGrades(grades.subarray(0, 2), 2, units.length, units.map((u) => polygonCoverage(north, u)), people.slice(0, 2), 2),
      tallyGrades(grades.subarray(2), 2, units.length, units.map((u) => polygonCoverage(south, u)), people.slice(2), 2),
    ];
    const merged = mergeTally(tiles[0]!, tiles[1]!);
    for (let i = 0; i < whole.unitCells.length; i++) {
      expect(merged.unitCells[i]).toBeCloseTo(whole.unitCells[i]!, 12);
      expect(merged.unitPeople[i]).toBeCloseTo(whole.unitPeople[i]!, 9);
    }
  });
});

/** The per-cell tally the module made before it worked on runs, kept as the bit-for-bit reference. */
function perCellTally(grades: Uint8Array, k: number, unitCount: number, units: (CoverageWindow | null)[], population: ArrayLike<number> | undefined, gridWidth: number): GradeTally {
  const t: GradeTally = { k, cells: new Float64Array(k + 1), people: new Float64Array(k + 1), unitCells: new Float64Array(unitCount * (k + 1)), unitPeople: new Float64Array(unitCount * (k + 1)) };
  const peopleAt = (i: number): number => {
    const p = population ? population[i]! : 0;
    return p === p ? p : 0;
  };
  for (let i = 0; i < grades.length; i++) {
    t.cells[grades[i]!]!++;
    t.people[grades[i]!]! += peopleAt(i);
  }
  units.forEach((w, u) => {
    if (!w) return;
    for (let r = 0; r < w.height; r++)
      for (let c = 0; c < w.width; c++) {
        const f = w.fraction[r * w.width + c]!;
        if (!(f > 0)) continue;
        const i = (w.row0 + r) * gridWidth + w.col0 + c;
        const g = grades[i]!;
        if (g === 0) continue;
        t.unitCells[u * (k + 1) + g]! += f;
        t.unitPeople[u * (k + 1) + g]! += f * peopleAt(i);
      }
  });
  return t;
}

/** Same numbers to the bit (Object.is tells −0 from 0 and NaN from a number). */
function expectSameBits(got: GradeTally, want: GradeTally): void {
  for (const key of ['cells', 'people', 'unitCells', 'unitPeople'] as const) {
    const a = Array.from(got[key]);
    const b = Array.from(want[key]);
    expect(a.length).toBe(b.length);
    const at = a.findIndex((v, i) => !Object.is(v, b[i]));
    expect(at === -1 ? null : { key, at, got: a[at], want: b[at] }).toBeNull();
  }
}

describe('run-wise tally keeps the per-cell sums', () => {
  const rnd = (seed: number): (() => number) => {
    let s = seed >>> 0;
    return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  };
  const k = 5;
  const W = 97; // odd, so rows do not start on four-cell words
  const H = 61;

  /** Grades in runs (with nodata), windows mostly of whole cells with partial and empty cells, people with NaN. */
  function workload(seed: number): { grades: Uint8Array; units: (CoverageWindow | null)[]; people: Float64Array } {
    const r = rnd(seed);
    const grades = new Uint8Array(W * H);
    for (let i = 0; i < grades.length; ) {
      const g = r() < 0.1 ? 0 : 1 + Math.floor(r() * k);
      const len = 1 + Math.floor(r() * 40);
      grades.fill(g, i, Math.min(grades.length, i + len));
      i += len;
    }
    const people = Float64Array.from(grades, () => (r() < 0.02 ? NaN : r() * 50));
    const units = Array.from({ length: 4 }, (_, u): CoverageWindow | null => {
      if (u === 3) return null;
      const col0 = Math.floor(r() * 30);
      const row0 = Math.floor(r() * 20);
      const width = W - col0 - Math.floor(r() * 20);
      const height = H - row0 - Math.floor(r() * 10);
      const fraction = Float64Array.from({ length: width * height }, () => {
        const x = r();
        // A fraction first, so later whole cells are added to sums with low bits set.
        return x < 0.75 ? 1 : x < 0.9 ? r() : 0;
      });
      return { col0, row0, width, height, fraction };
    });
    return { grades, units, people };
  }

  it('gives the per-cell tally to the bit, with and without people', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { grades, units, people } = workload(seed);
      expectSameBits(tallyGrades(grades, k, units.length, units, people, W), perCellTally(grades, k, units.length, units, people, W));
      expectSameBits(tallyGrades(grades, k, units.length, units, undefined, W), perCellTally(grades, k, units.length, units, undefined, W));
    }
  });

  it('gives the per-cell tally for grades that are not word-aligned (a subarray) and for people in a plain array', () => {
    const { grades, units, people } = workload(99);
    const buf = new Uint8Array(grades.length + 3);
    buf.set(grades, 3);
    const shifted = buf.subarray(3);
    expectSameBits(tallyGrades(shifted, k, units.length, units, Array.from(people), W), perCellTally(grades, k, units.length, units, people, W));
  });

  it('adds whole cells one by one where adding a run at once would round', () => {
    // 1/3 then two whole cells: 1/3 + 1 + 1 crosses 2 with its last bit set, so it rounds
    // to another number than 1/3 + 2 does.
    const grades = new Uint8Array(3).fill(1);
    const fraction = Float64Array.from([1 / 3, 1, 1]);
    const units = [{ col0: 0, row0: 0, width: 3, height: 1, fraction }];
    const t = tallyGrades(grades, 1, 1, units, undefined, 3);
    expectSameBits(t, perCellTally(grades, 1, 1, units, undefined, 3));
    expect(t.unitCells[1]).toBe(1 / 3 + 1 + 1);
    expect(1 / 3 + 1 + 1).not.toBe(1 / 3 + 2); // the case this test is about
  });
});
