/**
 * Which result of the last run the map shows at a workflow step, and the legend that explains
 * it: the prevention zoning in the 区划 step (once the run has one), the risk grades elsewhere.
 * The legend and the visible layer come from here together, so they never disagree.
 */
import type { RunResult } from '../../../src-main/api/contract';
import type { StepId } from '../workflow/steps';

export interface LegendRow {
  value: number;
  color: string;
  name: string;
  /** Value range of a graded class, e.g. 0.221–0.505. */
  range?: string;
  areaKm2: number;
  sharePct: number;
}

export interface ResultDisplay {
  /** The result layer to show (the run's other class layers are hidden). */
  layerId: string;
  /** Which legend heading to use. */
  title: 'legend.title' | 'legend.zoning';
  rows: LegendRow[];
}

/** The run's result layer of a kind ('grade', 'zoning'), if it has one. */
function layerOf(run: RunResult, kind: 'grade' | 'zoning') {
  return run.layers.find((l) => l.id === `${run.runId}-${kind}`);
}

/** Zone rows from the zone polygons of the run (FQDM code, FQMC name, MJ_KM2 area, ZB share), coloured as the zoning layer. */
function zoneRows(run: RunResult, colors: Map<number, string>): LegendRow[] {
  const rows = new Map<number, LegendRow>();
  for (const z of run.zoning?.zones ?? []) {
    const value = Number(z.FQDM);
    const row = rows.get(value) ?? { value, color: colors.get(value) ?? '#CCCCCC', name: String(z.FQMC ?? value), areaKm2: 0, sharePct: 0 };
    row.areaKm2 += Number(z.MJ_KM2) || 0;
    row.sharePct += Number(z.ZB) || 0;
    rows.set(value, row);
  }
  return [...rows.values()].sort((a, b) => a.value - b.value);
}

/** What the map shows at `step` for `run`. */
export function resultDisplay(step: StepId, run: RunResult): ResultDisplay {
  const zoning = layerOf(run, 'zoning');
  if (step === 'zoning' && zoning && zoning.style.type === 'classes') {
    const colors = new Map(zoning.style.classes.map((c) => [c.value, c.color]));
    return { layerId: zoning.id, title: 'legend.zoning', rows: zoneRows(run, colors) };
  }
  return {
    layerId: layerOf(run, 'grade')?.id ?? `${run.runId}-grade`,
    title: 'legend.title',
    rows: run.classification.classes.map((c) => ({ value: c.grade, color: c.color, name: c.name, range: `${c.min.toFixed(3)}–${c.max.toFixed(3)}`, areaKm2: c.areaKm2, sharePct: c.sharePct })),
  };
}

/** The run's class layers (grade, zoning) that are not `shown`: hidden while another is shown. */
export function otherResultLayers(run: RunResult, shown: string): string[] {
  return (['grade', 'zoning'] as const).map((k) => layerOf(run, k)?.id).filter((id): id is string => !!id && id !== shown);
}
