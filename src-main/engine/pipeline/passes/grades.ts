/**
 * Pass 4, grades: each kept index tile is graded against the class breaks (tiles/grades.ts)
 * and written to the grade GeoTIFF (and, with percentile scoring, the scores to the index
 * GeoTIFF); the tiles' tallies add up to the statistics per class and per assessment unit.
 * The PNG quick-look is sampled from the grades as they come; with zoning, the grades,
 * people and unit ids are gathered over the whole grid.
 */
import { classesFromTally, mergeTally, unitRowsFromTally, type GradeClass, type GradeTally, type UnitGradeRow } from '../../classify/gradeStatistics';
import type { GeoTiffTileWriter } from '../../export/geotiff';
import type { GridSpec } from '../../grid/gridSpec';
import type { ModelDocument } from '../../model/document';
import type { AssessmentUnits } from '../assessmentUnits';
import { placeEncoded } from '../outputRasters';
import type { RunContext } from '../setup';
import type { GradeResult, GradeTask } from '../tileTasks';
import { placeTile, type Tile } from '../tiling';
import type { IndexClasses } from './classBreaks';

/** Above this many cells the PNG quick-look samples every n-th cell and row (it is held whole in memory). */
export const PNG_MAX_CELLS = 64_000_000;

/** The statistics row of the 'restricted' grade (excluded land). */
export interface RestrictedRow {
  grade: number;
  name: string;
  cells: number;
  areaKm2: number;
  population?: number;
}

/** What the grading pass leaves for zoning, the outputs and the summary. */
export interface GradesPass {
  /** Cells, area (and people) per class over the study area, and per assessment unit. */
  classes: GradeClass[];
  restrictedRow: RestrictedRow | null;
  units: UnitGradeRow[];
  /** The quick-look's grades. */
  preview: QuickLook;
  /** Zoning only, whole-grid: grades, people per cell (with a population layer), unit id per cell (with units; -1 outside). */
  grades: Uint8Array | null;
  population: Float32Array | null;
  unitGrid: Int32Array | null;
}

/** The grades of the PNG quick-look: every `step`-th cell of every `step`-th row of the grid. */
export interface QuickLook {
  step: number;
  width: number;
  height: number;
  grades: Uint8Array;
}

/** An empty quick-look of `grid`: every cell up to {@link PNG_MAX_CELLS}, else every n-th cell and row. */
export function quickLookOf(grid: GridSpec): QuickLook {
  const step = Math.ceil(Math.sqrt((grid.width * grid.height) / PNG_MAX_CELLS));
  const [width, height] = [Math.ceil(grid.width / step), Math.ceil(grid.height / step)];
  return { step, width, height, grades: new Uint8Array(width * height) };
}

/** Put the quick-look's cells of tile `t` from its `grades` (or any byte values, e.g. zones). */
export function sampleQuickLook(q: QuickLook, t: Tile, grades: Uint8Array): void {
  const { step } = q;
  if (step === 1) {
    // Every cell: the tile's rows copied whole (the live recompute draws 2 M cells per edit).
    for (let r = 0; r < t.height; r++) q.grades.set(grades.subarray(r * t.width, (r + 1) * t.width), (t.row0 + r) * q.width + t.col0);
    return;
  }
  for (let row = Math.ceil(t.row0 / step) * step; row < t.row0 + t.height; row += step)
    for (let col = Math.ceil(t.col0 / step) * step; col < t.col0 + t.width; col += step) q.grades[(row / step) * q.width + col / step] = grades[(row - t.row0) * t.width + col - t.col0]!;
}

/**
 * The statistics tables of graded cells from their merged tally: cells, area (and people) per
 * class, of excluded land, and per assessment unit — what a run reports and the live
 * recompute shows.
 */
export function gradeTables(doc: ModelDocument, grid: GridSpec, unitData: AssessmentUnits | null, classes: IndexClasses, t: GradeTally): Pick<GradesPass, 'classes' | 'restrictedRow' | 'units'> {
  const { breaks, scheme, restricted, k } = classes;
  const withPeople = Boolean(doc.statistics?.population);
  const restrictedRow = restricted
    ? { ...restricted, cells: t.cells[restricted.grade]!, areaKm2: (t.cells[restricted.grade]! * grid.cellSize * grid.cellSize) / 1e6, ...(withPeople ? { population: t.people[restricted.grade]! } : {}) }
    : null;
  const restrictedScheme = restricted ? { ...scheme, names: [...scheme.names.slice(0, k), restricted.name] } : scheme;
  return {
    classes: classesFromTally(grid, t, breaks, scheme, withPeople),
    restrictedRow,
    units: unitData ? unitRowsFromTally(grid, t, unitData.info, restrictedScheme, withPeople) : [],
  };
}

/** Run pass 4 into a new grade GeoTIFF (`metadata`: of every output GeoTIFF); `indexWriter` takes the scores when there are any. */
export async function gradesPass(run: RunContext, classes: IndexClasses, indexWriter: GeoTiffTileWriter, metadata: Record<string, string>): Promise<GradesPass> {
  const { doc, grid, units: unitData } = run;
  const { breaks, k, scheme, restricted } = classes;
  const cells = grid.width * grid.height;
  const zoningSpec = doc.zoning;
  const gradeMeta = { ...metadata, RISKATLAS_BREAKS: breaks.join(','), RISKATLAS_CLASS_NAMES: [...scheme.names.slice(0, k), ...(restricted ? [restricted.name] : [])].join(',') };
  const gradeWriter = await run.rasters.open(run.files.grade, 'grade', gradeMeta);
  const preview = quickLookOf(grid);
  const grades = zoningSpec ? new Uint8Array(cells) : null;
  const population = zoningSpec && doc.statistics?.population ? new Float32Array(cells) : null;
  const unitGrid = zoningSpec && unitData ? new Int32Array(cells).fill(-1) : null;
  let tally: GradeTally | null = null;
  await run.eachTile<GradeTask, GradeResult>(
    (tile) => ({ kind: 'grade', tile, index: new Float32Array(0) }),
    async (r, t) => {
      tally = tally ? mergeTally(tally, r.tally) : r.tally;
      if (r.encodedScore) await placeEncoded(indexWriter, r.encodedScore);
      await placeEncoded(gradeWriter, r.encodedGrades);
      if (grades) placeTile(t, r.grades, grades, grid.width);
      sampleQuickLook(preview, t, r.grades);
      if (population && r.population) placeTile(t, r.population, population, grid.width);
      if (unitGrid && r.units) placeTile(t, r.units, unitGrid, grid.width);
    },
    'classify', 0.75, 0.88,
    async (task) => ({ ...task, index: (await run.store.take(run.indexKey(task.tile.index))) as Float32Array }),
  );
  const pass: GradesPass = { ...gradeTables(doc, grid, unitData, classes, tally!), preview, grades, population, unitGrid };
  run.report('classify', 0.88);
  return pass;
}
