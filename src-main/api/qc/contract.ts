/** The contract's part for quality control: run the checks, read the stored findings. */
import { z } from 'zod';
import type { Finding, RuleInfo, Severity } from '../../engine/qc/rules';
import { empty } from '../schemas';

export type { Finding, RuleInfo, Severity } from '../../engine/qc/rules';

/**
 * A QC finding as the rule table shows it (the engine's finding plus a row id). `feature` is
 * 1-based, as QC reports print it: the attribute table's `fid` is `feature − 1`. `at` is in
 * the analysis CRS.
 */
export interface QcFinding extends Finding {
  id: number;
}

/** The last QC run of the project. */
export interface QcView {
  rules: RuleInfo[];
  findings: QcFinding[];
  counts: Record<Severity, number>;
  /** ISO time of the run; null when QC never ran. */
  ranAt: string | null;
}

export const qcArgs = {
  /** QC of the model's layers; in a project without a model, of every catalogued layer over the starting model's study area (see model.scaffold). */
  'qc.run': z.object({ surveyYear: z.number().int().min(1900).max(2200).optional() }).strict(),
  'qc.findings': empty,
} as const;

export interface QcResults {
  'qc.run': QcView;
  'qc.findings': QcView;
}
