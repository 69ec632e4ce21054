/**
 * Quality control of the open project: the engine's QC over the model's layers (or, before a
 * model exists, over every catalogued layer), its findings stored in the project file.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { LayerRef, ModelDocument } from '../../engine/model/document';
import { runQc } from '../../engine/qc/runQc';
import { RULES } from '../../engine/qc/rules';
import { readOnlyReason, type ProjectContext } from '../context';
import { validateModel } from '../model/edit';
import { layerRefOf, projectScaffold } from '../model/scaffold';
import { touched } from '../project/autosave';
import type { QcFinding, QcView } from './contract';

/**
 * What QC checks in a project without a model: the starting model (for its study area and
 * analysis CRS — the CRS the draft's layers are served in) with every catalogued layer.
 * E_MODEL_INVALID says what is missing (an admin boundary, a hazard layer).
 */
function draftQcModel(ctx: ProjectContext): ModelDocument {
  const scaffold = projectScaffold(ctx) as { layers: Record<string, LayerRef> };
  const layers: Record<string, LayerRef> = {};
  for (const l of ctx.open().entries) {
    if (!l.file || l.category === 'result') continue;
    layers[l.id] = layerRefOf(l);
  }
  return validateModel(ctx, { ...scaffold, layers: { ...layers, ...scaffold.layers } });
}

/** Run QC on the project's model layers; the findings replace the stored ones (locations in the analysis CRS). */
export async function runProjectQc(ctx: ProjectContext, surveyYear?: number): Promise<QcView> {
  const p = ctx.open();
  const doc = p.doc ?? draftQcModel(ctx);
  const tag = `qc-${randomBytes(4).toString('hex')}`;
  const modelPath = await ctx.writeModelFile(doc, tag);
  try {
    const report = await runQc(modelPath, surveyYear === undefined ? {} : { surveyYear });
    p.file.setQcFindings(report.findings, new Date().toISOString());
    if (readOnlyReason(p) === null) touched(ctx, false);
  } finally {
    await rm(modelPath, { force: true });
  }
  return qcView(ctx);
}

/** The stored findings of the last QC run, with counts per severity. */
export function qcView(ctx: ProjectContext): QcView {
  const p = ctx.open();
  const findings = p.file.qcFindings() as QcFinding[];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { rules: RULES, findings, counts, ranAt: p.file.getMeta('qc_ran_at') ?? null };
}
