/**
 * Area and share per risk grade, overall and per assessment unit (township).
 * Areas come from the projected analysis grid (cell size in metres), never from degrees.
 */
import type { GridSpec } from '../grid/gridSpec';
import type { CoverageWindow } from '../grid/cellCoverage';
import type { ClassScheme } from './schemes';

/** One risk grade of a classified result. */
export interface GradeClass {
  /** Grade value in the grade raster, 1 = highest risk … k = lowest. */
  grade: number;
  /** Class name, e.g. 高 / 较高 / 中 / 较低 / 低. */
  name: string;
  color: string;
  /** Index value range (min, max] of the class; the lowest class also includes its min. */
  min: number;
  max: number;
  cells: number;
  areaKm2: number;
  /** Share of the assessed area, 0–100 %. */
  sharePct: number;
  /** People living in the class (when the model names a population layer). */
  population?: number;
}

/** Per-grade table of one assessment unit. */
export interface UnitGradeRow {
  code: string;
  name: string;
  grade: number;
  gradeName: string;
  cells: number;
  areaKm2: number;
  /** Share of the unit's assessed area, 0–100 %. */
  sharePct: number;
  population?: number;
}

/**
 * Cells and people per grade, overall and per assessment unit, for some cells (one tile or
 * the whole grid). Tallies of tiles add up ({@link mergeTally}); overall cell counts are exact
 * integers, unit cells are covered fractions; sums are made in tile order so the result is the
 * same bits every run.
 */
export interface GradeTally {
  /** Number of grades k. */
  k: number;
  /** Cells per grade, index 0 = nodata … k. */
  cells: Float64Array;
  /** People per grade (zeros when there is no population). */
  people: Float64Array;
  /** Cells per (unit, grade), weighted by the share of each cell inside the unit: index u·(k+1) + g. */
  unitCells: Float64Array;
  unitPeople: Float64Array;
}

/**
 * Tally grades 0…k. `units[u]` is the covered fraction of the cells of the grid (or tile)
 * under unit u (see grid/cellCoverage.ts `polygonCoverage`; null when the unit misses it):
 * a unit gets each graded cell's area and people in proportion to the share of the cell
 * inside it, so a township smaller than a cell still gets its area, and a cell split by a
 * township border is shared between both. `population` is people per cell (NaN counts as 0);
 * both optional, `population` of the same length as `grades`.
 */
export function tallyGrades(grades: Uint8Array, k: number, unitCount = 0, units?: (CoverageWindow | null)[], population?: ArrayLike<number>, gridWidth = grades.length): GradeTally {
  const t: GradeTally = {
    k,
    cells: new Float64Array(k + 1),
    people: new Float64Array(k + 1),
    unitCells: new Float64Array(unitCount * (k + 1)),
    unitPeople: new Float64Array(unitCount * (k + 1)),
  };
  const peopleAt = (i: number): number => {
    const p = population ? population[i]! : 0;
    return p === p ? p : 0;
  };
  for (let i = 0; i < grades.length; i++) {
    const g = grades[i]!;
    t.cells[g]!++;
    t.people[g]! += peopleAt(i);
  }
  units?.forEach((w, u) => {
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

/** Add tally `b` into `a` (in place) and return `a`. */
export function mergeTally(a: GradeTally, b: GradeTally): GradeTally {
  const add = (x: Float64Array, y: Float64Array): void => {
    for (let i = 0; i < x.length; i++) x[i]! += y[i]!;
  };
  add(a.cells, b.cells);
  add(a.people, b.people);
  add(a.unitCells, b.unitCells);
  add(a.unitPeople, b.unitPeople);
  return a;
}

/**
 * Overall grade classes from a tally. `breaks` are the k+1 ascending breaks (see breaks.ts);
 * grade g covers ascending class k − g. `withPopulation` adds people per class.
 */
export function classesFromTally(grid: GridSpec, t: GradeTally, breaks: number[], scheme: ClassScheme, withPopulation: boolean): GradeClass[] {
  const k = breaks.length - 1;
  const cellKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  let total = 0;
  for (let g = 1; g <= k; g++) total += t.cells[g]!;
  return Array.from({ length: k }, (_, i) => {
    const grade = i + 1;
    const asc = k - grade;
    return {
      grade,
      name: scheme.names[i]!,
      color: scheme.colors[i]!,
      min: breaks[asc]!,
      max: breaks[asc + 1]!,
      cells: t.cells[grade]!,
      areaKm2: t.cells[grade]! * cellKm2,
      sharePct: total ? (t.cells[grade]! / total) * 100 : 0,
      ...(withPopulation ? { population: t.people[grade]! } : {}),
    };
  });
}

/** Grade areas per assessment unit from a tally (units in `unitInfo` order). */
export function unitRowsFromTally(grid: GridSpec, t: GradeTally, unitInfo: { code: string; name: string }[], scheme: ClassScheme, withPopulation: boolean): UnitGradeRow[] {
  const k = t.k;
  const cellKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  const rows: UnitGradeRow[] = [];
  unitInfo.forEach((unit, u) => {
    let total = 0;
    for (let g = 1; g <= k; g++) total += t.unitCells[u * (k + 1) + g]!;
    for (let g = 1; g <= k; g++) {
      const c = t.unitCells[u * (k + 1) + g]!;
      rows.push({
        ...unit,
        grade: g,
        gradeName: scheme.names[g - 1]!,
        cells: c,
        areaKm2: c * cellKm2,
        sharePct: total ? (c / total) * 100 : 0,
        ...(withPopulation ? { population: t.unitPeople[u * (k + 1) + g]! } : {}),
      });
    }
  });
  return rows;
}

/**
 * Overall grade classes. `grades` holds 1…k per cell and 0 for nodata; `breaks` the k+1
 * ascending breaks (see breaks.ts); grade g covers ascending class k − g.
 */
export function gradeClasses(grid: GridSpec, grades: Uint8Array, breaks: number[], scheme: ClassScheme, population?: Float64Array): GradeClass[] {
  return classesFromTally(grid, tallyGrades(grades, breaks.length - 1, 0, undefined, population), breaks, scheme, Boolean(population));
}
