/**
 * What a run computed and wrote: the {@link RunSummary} runModel returns, and the provenance
 * record saved beside the outputs.
 */
import type { InputRecord } from '../qc/inputs';
import { relative } from 'node:path';
import { writeFileAtomic } from '../export/atomicFile';
import type { GradeClass, UnitGradeRow } from '../classify/gradeStatistics';
import type { GridSpec } from '../grid/gridSpec';
import type { ModelDocument } from '../model/document';
import type { WeightDetail } from '../weights/componentWeights';
import type { ZoningResult } from '../zoning/zones';
import { softwareVersion } from '../assets';
import { declaredHazards } from './componentPlan';
import type { RunFiles } from './outputFiles';
import type { IndexClasses } from './passes/classBreaks';
import type { GradesPass } from './passes/grades';
import type { IndexPass } from './passes/riskIndex';
import type { RunWeights } from './passes/weights';
import type { RunContext } from './setup';

/** One single-hazard risk a run computed. */
export interface HazardRiskSummary {
  id: string;
  name: string;
  weight: number;
  operator: string;
  /** Range of the single-hazard risk over the assessed cells. */
  min: number;
  max: number;
  file: string;
}

/** What a run computed and wrote; also saved as `provenance.json` beside the outputs. */
export interface RunSummary {
  software: { name: 'RiskAtlas'; version: string };
  modelPath: string;
  model: ModelDocument;
  /** How each input's CRS was identified and brought to the grid (datum shift and its accuracy), and its text encoding. */
  inputs: Record<string, InputRecord>;
  outDir: string;
  /** Output paths; single-hazard risks under `hazard_<id>` keys. */
  files: RunFiles;
  grid: GridSpec;
  /**
   * Raw value range of each indicator over the study area, before normalisation; for a
   * per-area indicator (attributePerArea) how the polygons' areas were measured.
   */
  indicators: { id: string; min: number; max: number; validCells: number; mean: number; sd: number; areaMethod?: string }[];
  /** Indicator weights per component ('H', 'E' … for the model's components, 'landslide.H' for a hazard's own), and 'risk' component weights. */
  weights: Record<string, Record<string, number>>;
  /** How each component's weights were found (AHP λmax/CI/CR, entropy values), by the same keys. */
  weightDetails: Record<string, WeightDetail>;
  /** Single-hazard risks (models with `hazards`). */
  hazards?: HazardRiskSummary[];
  /** Comprehensive risk per exposure type (models with `exposures`). */
  exposures?: { id: string; name: string; min: number; max: number; file: string }[];
  /** Range of the (comprehensive) risk index as written (risk values or percentile scores; riskMin/riskMax: the risk values' range when scored); breaks are computed on it as written (Float32). */
  index: {
    score: 'value' | 'percentile';
    min: number;
    max: number;
    validCells: number;
    /** True when the breaks come from every distinct value (up to 10⁶ of them). */
    exactBreaks: boolean;
    /**
     * Jenks past that limit: the histogram breaks were refined on the exact values near each
     * break (classify/jenksRefine.ts); `certified` when every break fell strictly inside its
     * window, i.e. they are the exact optimum among breaks within those windows.
     */
    refinedBreaks?: { certified: boolean };
    riskMin?: number;
    riskMax?: number;
  };
  classification: { method: string; breaks: number[]; classes: GradeClass[]; restricted?: { grade: number; name: string; cells: number; areaKm2: number; population?: number } };
  units: UnitGradeRow[];
  /** Zoning, when the model asks for it: capacity breaks and one row per zone polygon. */
  zoning?: { capacityBreaks: number[]; zones: Record<string, unknown>[] };
  /** How the run was executed; `spilledBytes`: kept tiles that went to the temporary file (see estimate.ts). */
  execution: { tileSize: number; tiles: number; workers: number; spilledBytes: number };
  elapsedMs: number;
}

/** What the passes of a run leave for its summary. */
export interface RunResults {
  indicators: RunSummary['indicators'];
  weights: RunWeights;
  index: IndexPass;
  classes: IndexClasses;
  graded: GradesPass;
  zoning: ZoningResult | undefined;
  /** `performance.now()` when the run started. */
  startedAt: number;
}

/** The summary of a run from what its passes computed. */
export function runSummary(run: RunContext, r: RunResults): RunSummary {
  const { doc, plan, files } = run;
  const { dist, riskDist, refined, breaks } = r.classes;
  const { restrictedRow } = r.graded;
  const percentileScore = doc.indexScore === 'percentile';
  const hazards = declaredHazards(plan);
  return {
    software: { name: 'RiskAtlas', version: softwareVersion() },
    modelPath: run.model.path,
    model: doc,
    inputs: run.inputs,
    outDir: run.out,
    files,
    grid: run.grid,
    indicators: r.indicators,
    weights: r.weights.weights,
    weightDetails: r.weights.details,
    ...(hazards.length
      ? {
          hazards: hazards.map((h, i) => ({
            id: h.id, name: h.name, weight: run.globals.hazardWeights![plan.runs.findIndex((p) => p.run.id === h.id)]!, operator: h.risk!.operator, min: r.index.hazardRanges[i]!.min, max: r.index.hazardRanges[i]!.max, file: files[`hazard_${h.id}`]!,
          })),
        }
      : {}),
    ...(plan.exposures.length
      ? { exposures: plan.exposures.map((x, i) => ({ id: x.id, name: x.name, min: r.index.exposureRanges[i]!.min, max: r.index.exposureRanges[i]!.max, file: files[`exposure_${x.id}`]! })) }
      : {}),
    index: { score: percentileScore ? 'percentile' : 'value', min: dist.min, max: dist.max, validCells: dist.n, exactBreaks: dist.exact, ...(refined ? { refinedBreaks: refined } : {}), ...(percentileScore ? { riskMin: riskDist.min, riskMax: riskDist.max } : {}) },
    classification: { method: doc.classification.method, breaks, classes: r.graded.classes, ...(restrictedRow ? { restricted: restrictedRow } : {}) },
    units: r.graded.units,
    ...(r.zoning ? { zoning: { capacityBreaks: r.zoning.capacityBreaks, zones: r.zoning.features.map((f) => f.properties!) } } : {}),
    execution: { tileSize: run.tileSize, tiles: run.tiles.length, workers: run.workers, spilledBytes: run.store.diskBytes },
    elapsedMs: Math.round(performance.now() - r.startedAt),
  };
}

/**
 * Save the provenance record of a run to `files.provenance`. It names outputs relative to
 * their folder and leaves out the timing and the worker count, so that identical runs write
 * identical files wherever and however they run.
 */
export async function writeProvenance(summary: RunSummary): Promise<void> {
  const rel = (p: string): string => relative(summary.outDir, p);
  const provenance = {
    software: summary.software,
    modelPath: summary.modelPath,
    model: summary.model,
    inputs: summary.inputs,
    files: Object.fromEntries(Object.entries(summary.files).map(([key, p]) => [key, rel(p as string)])),
    grid: summary.grid,
    indicators: summary.indicators,
    weights: summary.weights,
    weightDetails: summary.weightDetails,
    ...(summary.hazards ? { hazards: summary.hazards.map((h) => ({ ...h, file: rel(h.file) })) } : {}),
    ...(summary.exposures ? { exposures: summary.exposures.map((x) => ({ ...x, file: rel(x.file) })) } : {}),
    index: summary.index,
    classification: summary.classification,
    units: summary.units,
    ...(summary.zoning ? { zoning: summary.zoning } : {}),
    tileSize: summary.execution.tileSize,
  };
  await writeFileAtomic(summary.files.provenance, JSON.stringify(provenance, null, 2) + '\n');
}
