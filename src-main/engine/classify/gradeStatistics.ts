/**
 * Area and share per risk grade, overall and per assessment unit (township).
 * Areas come from the projected analysis grid (cell size in metres), never from degrees.
 */
import type { GridSpec } from '../grid/gridSpec';
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
 * Overall grade classes. `grades` holds 1…k per cell and 0 for nodata; `breaks` the k+1
 * ascending breaks (see breaks.ts); grade g covers ascending class k − g.
 */
export function gradeClasses(grid: GridSpec, grades: Uint8Array, breaks: number[], scheme: ClassScheme, population?: Float64Array): GradeClass[] {
  const k = breaks.length - 1;
  const cells = new Float64Array(k + 1);
  const people = new Float64Array(k + 1);
  for (let i = 0; i < grades.length; i++) {
    cells[grades[i]!]!++;
    if (population) people[grades[i]!]! += population[i]!;
  }
  const cellKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  let total = 0;
  for (let g = 1; g <= k; g++) total += cells[g]!;
  return Array.from({ length: k }, (_, i) => {
    const grade = i + 1;
    const asc = k - grade;
    return {
      grade,
      name: scheme.names[i]!,
      color: scheme.colors[i]!,
      min: breaks[asc]!,
      max: breaks[asc + 1]!,
      cells: cells[grade]!,
      areaKm2: cells[grade]! * cellKm2,
      sharePct: total ? (cells[grade]! / total) * 100 : 0,
      ...(population ? { population: people[grade]! } : {}),
    };
  });
}

/**
 * Grade areas per assessment unit. `units` holds a unit index per cell (−1 outside every unit),
 * by the cell-centre rule.
 */
export function unitGradeTable(
  grid: GridSpec,
  grades: Uint8Array,
  units: Int32Array,
  unitInfo: { code: string; name: string }[],
  scheme: ClassScheme,
  population?: Float64Array,
): UnitGradeRow[] {
  const k = scheme.names.length;
  const counts = new Float64Array(unitInfo.length * (k + 1));
  const people = new Float64Array(unitInfo.length * (k + 1));
  for (let i = 0; i < grades.length; i++) {
    const u = units[i]!;
    const g = grades[i]!;
    if (u >= 0 && g > 0) {
      counts[u * (k + 1) + g]!++;
      if (population) people[u * (k + 1) + g]! += population[i]!;
    }
  }
  const cellKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  const rows: UnitGradeRow[] = [];
  unitInfo.forEach((unit, u) => {
    let total = 0;
    for (let g = 1; g <= k; g++) total += counts[u * (k + 1) + g]!;
    for (let g = 1; g <= k; g++) {
      const c = counts[u * (k + 1) + g]!;
      rows.push({
        ...unit,
        grade: g,
        gradeName: scheme.names[g - 1]!,
        cells: c,
        areaKm2: c * cellKm2,
        sharePct: total ? (c / total) * 100 : 0,
        ...(population ? { population: people[u * (k + 1) + g]! } : {}),
      });
    }
  });
  return rows;
}
