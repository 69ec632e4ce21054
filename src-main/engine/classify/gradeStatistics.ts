/**
 * Area and share per risk grade, overall and per assessment unit (township).
 * Areas come from the projected analysis grid (cell size in metres), never from degrees.
 */
import type { GridSpec } from '../grid/gridSpec';
import type { CoverageWindow } from '../grid/cellCoverage';
import type { ClassScheme } from '../../../src-shared/schemes';

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
  const runs = tallyCells(t, grades, population);
  for (let u = 0; units && u < units.length; u++) {
    const w = units[u];
    if (w) tallyWindow(t, u * (k + 1), w, grades, gridWidth, population, runs);
  }
  return t;
}

/*
 * The loops below run over every cell of every tile and unit window, so they work on runs:
 * cells of one grade in row-major order (found once per tally), and whole cells (fraction 1)
 * of one grade along a window row. A run's cell count is added at once when that is exact,
 * and people are summed cell by cell in a local; either way each sum gets the same additions
 * in the same cell order as one addition per cell would make, so the tally keeps its bits.
 */

/** Starts of the grade runs of the current tally, then the cell count (see {@link tallyCells}); reused between calls. */
let runStarts = new Int32Array(1024);

/**
 * Add every cell of `grades` to the overall cells and people of `t`, and record the grade
 * runs in {@link runStarts}: run j is cells runStarts[j] … runStarts[j + 1] − 1. Returns the
 * number of runs.
 */
function tallyCells(t: GradeTally, grades: Uint8Array, population?: ArrayLike<number>): number {
  const { cells, people } = t;
  const n = grades.length;
  // Four cells at a time where the grades are word-aligned (they are unless a caller passes a subarray).
  const words = grades.byteOffset % 4 === 0 ? new Uint32Array(grades.buffer, grades.byteOffset, n >> 2) : null;
  let runs = 0;
  for (let i = 0; i < n; ) {
    const g = grades[i]!;
    const start = i;
    do i++;
    while (i < n && (i & 3) !== 0 && grades[i] === g);
    if (words && (i & 3) === 0) {
      const four = g * 0x01010101;
      let wi = i >> 2;
      while (wi < words.length && words[wi] === four) wi++;
      i = wi << 2;
    }
    while (i < n && grades[i] === g) i++;
    if (runs + 1 === runStarts.length) {
      const grown = new Int32Array(2 * runStarts.length);
      grown.set(runStarts);
      runStarts = grown;
    }
    runStarts[runs++] = start;
    // Overall cell counts are integers far below 2^53: exact in any grouping.
    cells[g]! += i - start;
    if (population) people[g] = addPeople(people[g]!, population, start, i);
  }
  runStarts[runs] = n;
  return runs;
}

/** `sum` plus the people of cells start … end − 1, one cell at a time (NaN counts as 0). */
function addPeople(sum: number, population: ArrayLike<number>, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const p = population[i]!;
    sum += p === p ? p : 0;
  }
  return sum;
}

/**
 * `x` plus 1, `m` times over: `x + m` in one addition when that is exact, which it is for
 * x ≥ 0 unless the sum crosses a power of two with x's last bit set, for then every step is
 * exact too (x + j lies between x and x + m, so its last place is no finer than theirs).
 */
function addWholeCells(x: number, m: number): number {
  const y = x + m;
  // Knuth's two-sum: the rounding error of x + m, zero exactly when the addition is exact.
  const mm = y - x;
  if (x - (y - mm) + (m - mm) === 0) return y;
  for (let j = 0; j < m; j++) x += 1;
  return x;
}

/** Index of the grade run holding cell i (the last of `runs` runs starting at or before it). */
function runOf(i: number, runs: number): number {
  let lo = 0;
  let hi = runs - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runStarts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Add the graded cells under one unit's coverage window to the unit's cells and people (from
 * index `at` of `t.unitCells`), with the grade runs `tallyCells` found: a stretch of whole
 * cells ends at a cell that is not whole or where the grade run ends, so the grades need not
 * be compared cell by cell.
 */
function tallyWindow(t: GradeTally, at: number, w: CoverageWindow, grades: Uint8Array, gridWidth: number, population: ArrayLike<number> | undefined, runs: number): void {
  const { unitCells, unitPeople } = t;
  const { fraction, width } = w;
  for (let r = 0; r < w.height; r++) {
    const gridRow = (w.row0 + r) * gridWidth + w.col0;
    const winRow = r * width;
    // Cells past the grades (a window beyond the grid) add nothing.
    const rowEnd = Math.min(width, grades.length - gridRow);
    if (rowEnd <= 0) break;
    let j = runOf(gridRow, runs);
    for (let c = 0; c < rowEnd; ) {
      const f = fraction[winRow + c]!;
      if (f === 1) {
        const i = gridRow + c;
        while (runStarts[j + 1]! <= i) j++;
        const end = Math.min(rowEnd, runStarts[j + 1]! - gridRow);
        const start = c;
        do c++;
        while (c < end && fraction[winRow + c] === 1);
        const g = grades[i]!;
        if (g === 0) continue;
        const u = at + g;
        unitCells[u] = addWholeCells(unitCells[u]!, c - start);
        // f · people = people for whole cells.
        if (population) unitPeople[u] = addPeople(unitPeople[u]!, population, gridRow + start, gridRow + c);
      } else {
        const g = f > 0 ? grades[gridRow + c]! : 0;
        if (g !== 0) {
          unitCells[at + g]! += f;
          if (population) {
            const p = population[gridRow + c]!;
            unitPeople[at + g]! += f * (p === p ? p : 0);
          }
        }
        c++;
      }
    }
  }
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
