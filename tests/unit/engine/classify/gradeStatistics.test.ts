/**
 * Grades per assessment unit weight each cell by the share of it inside the unit: a township
 * smaller than a cell keeps its area and people, a border cell is shared, and tiles add up to
 * the whole grid.
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { mergeTally, tallyGrades, unitRowsFromTally } from '../../../../src-main/engine/classify/gradeStatistics';
import { polygonCoverage } from '../../../../src-main/engine/grid/cellCoverage';
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
