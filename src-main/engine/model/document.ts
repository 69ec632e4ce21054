/**
 * The model document's validation: the zod schema (schema.ts) that turns untrusted JSON into a
 * `ModelDocument` (its types and constants are in src-shared/model.ts, so the renderer uses
 * them without zod), then the cross-field checks zod cannot express (`parseModel`), and the
 * questions the engine asks of a valid document (its transforms, its risks, what it lacks).
 */
import { z } from 'zod';
import { RiskAtlasError } from '../../../src-shared/errors';
import {
  COMPONENTS,
  componentIndicators,
  isMethodSpec,
  OPERATOR_NEEDS,
  type Component,
  type ComponentsSpec,
  type IndicatorSpec,
  type ModelDocument,
  type RiskSpec,
} from '../../../src-shared/model';
import { modelSchema } from './schema';
import type { TransformSpec } from '../indicators/transforms';
import { HAZARD_NAMES } from '../../../src-shared/hazardNames';

// The document's types and pure helpers live in src-shared; the engine's modules keep
// importing them from here.
export { COMPONENTS, componentIndicators, isMethodSpec } from '../../../src-shared/model';
export type { Component, ComponentSpec, ComponentsSpec, HazardSpec, IndicatorSpec, LayerRef, ModelDocument, RiskSpec, WeightMethodSpec } from '../../../src-shared/model';

/** The transform of an indicator as {@link applyTransform} takes it. */
export function transformOf(ind: IndicatorSpec): TransformSpec {
  switch (ind.transform) {
    case 'rescale':
      return { type: 'rescale', range: ind.range! };
    case 'reclass':
      return { type: 'reclass', table: ind.table! };
    default:
      return { type: ind.transform };
  }
}

const SUM_TOLERANCE = 1e-6;

type Issue = z.core.$ZodIssue;

/**
 * A union failure ("invalid input") says little. For a component the author's intent is
 * plain from the value: with a `method` key it is a weighting method (report why that
 * failed, e.g. an unknown method), without one it is expert weights (report e.g. the NaN
 * weight). Either way the reported path goes down to the offending entry.
 */
function preciseIssue(issue: Issue, root: unknown): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return issue;
  const value = valueAt(root, issue.path);
  const wantsMethod = Boolean(value && typeof value === 'object' && 'method' in value);
  const branches = issue.errors.map((branch) => branch[0]!);
  // The expert-weights branch complains that "method" is no number: never the reason for a method.
  const expertComplaint = (b: Issue): boolean => b.code === 'invalid_type' && b.path.length === 1 && b.path[0] === 'method';
  const chosen = (wantsMethod ? branches.find((b) => !expertComplaint(b)) : branches.find((b) => !(b.path[0] === 'method' || b.code === 'invalid_union'))) ?? branches[0]!;
  return preciseIssue({ ...chosen, path: [...issue.path, ...chosen.path] } as Issue, root);
}

/** The value at `path` inside `root`, undefined when there is none. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
}

/**
 * An issue's message, precise where a number was expected: a non-finite number (1e999 in JSON
 * reads as Infinity; NaN and Infinity cross IPC as they are) or a text holding a number (a
 * fraction such as "1/3" typed into a matrix) is named as it is, not as "expected number".
 */
export function issueMessage(issue: Issue, root: unknown): string {
  if (issue.code !== 'invalid_type' || issue.expected !== 'number') return issue.message;
  const v = valueAt(root, issue.path);
  if (typeof v === 'number') return `${v} is not a finite number (1e999 in JSON reads as Infinity); give a finite number`;
  if (typeof v === 'string') {
    const fraction = /^\s*[-+]?\d+(\.\d+)?\s*\/\s*\d+(\.\d+)?\s*$/.test(v);
    return `"${v.slice(0, 40)}" is text, not a number${fraction ? ': write a fraction such as 1/3 as a decimal (0.3333)' : ''}`;
  }
  return issue.message;
}

/**
 * Validate a parsed JSON value as a model document, including the cross-references zod
 * cannot see: indicator → layer, component → indicator, weights summing to 1, vector
 * indicators naming a rasterisation. Throws `E_MODEL_INVALID` naming the first problem
 * by its JSON path, before any compute starts.
 */
export function parseModel(value: unknown, file?: string): ModelDocument {
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) {
    const issue = preciseIssue(parsed.error.issues[0]!, value);
    const where = issue.path.length ? issue.path.join('.') : '(document)';
    throw new RiskAtlasError('E_MODEL_INVALID', `${where}: ${issueMessage(issue, value)}`, { file });
  }
  const m = parsed.data;
  const fail = (msg: string): never => {
    throw new RiskAtlasError('E_MODEL_INVALID', msg, { file });
  };
  if (!m.layers[m.grid.studyArea]) fail(`grid.studyArea: no layer "${m.grid.studyArea}"`);
  const indicatorIds = new Set<string>();
  m.indicators.forEach((ind, i) => {
    if (indicatorIds.has(ind.id)) fail(`indicators.${i}.id: duplicate id "${ind.id}"`);
    indicatorIds.add(ind.id);
    if (!m.layers[ind.layer]) fail(`indicators.${i}.layer: no layer "${ind.layer}"`);
    if (ind.rasterize && ind.resample) fail(`indicators.${i}: give either resample (raster) or rasterize (vector), not both`);
    if (ind.rasterize === 'kernelDensity' && ind.radius === undefined) fail(`indicators.${i}.radius: kernelDensity needs a radius in metres`);
    if (ind.transform === 'rescale' && !ind.range) fail(`indicators.${i}.range: rescale needs a [a, b] range`);
    if (ind.transform === 'reclass' && !ind.table) fail(`indicators.${i}.table: reclass needs a table of {min, max, value}`);
    if (ind.table?.some((c) => 'min' in c && !(c.min < c.max))) fail(`indicators.${i}.table: every class needs min < max`);
    if (ind.population !== undefined && !m.layers[ind.population]) fail(`indicators.${i}.population: no layer "${ind.population}"`);
  });
  const checkComponents = (where: string, comps: ComponentsSpec): void => {
    for (const comp of COMPONENTS) {
      const spec = comps[comp];
      if (!spec) continue;
      const ids = componentIndicators(spec);
      if (ids.length === 0) fail(`${where}.${comp}: no indicators`);
      if (new Set(ids).size !== ids.length) fail(`${where}.${comp}: an indicator is listed twice`);
      for (const ind of ids) if (!indicatorIds.has(ind)) fail(`${where}.${comp}.${ind}: no indicator "${ind}"`);
      if (isMethodSpec(spec)) {
        if (spec.method !== 'entropy' && (spec.matrix.length !== ids.length || spec.matrix.some((row) => row.length !== ids.length))) {
          fail(`${where}.${comp}.matrix: must be ${ids.length} × ${ids.length}, one row and column per indicator`);
        }
      } else {
        const sum = Object.values(spec).reduce((s, v) => s + v, 0);
        if (Math.abs(sum - 1) > SUM_TOLERANCE) fail(`${where}.${comp}: weights sum to ${round(sum)}, not 1`);
      }
    }
  };
  checkComponents('components', m.components);
  if (m.version === 1) {
    for (const key of ['hazards', 'comprehensive', 'weightSets', 'indexScore', 'exposures'] as const) if (m[key] !== undefined) fail(`${key}: needs "version": 2`);
    if (m.grid.snap || m.grid.exclude) fail('grid: snap and exclude need "version": 2');
  }
  if (m.grid.exclude && !m.layers[m.grid.exclude.layer]) fail(`grid.exclude.layer: no layer "${m.grid.exclude.layer}"`);
  for (const [name, set] of Object.entries(m.weightSets ?? {})) checkComponents(`weightSets.${name}`, set);
  const exposureIds = new Set<string>();
  m.exposures?.forEach((x, i) => {
    if (exposureIds.has(x.id)) fail(`exposures.${i}.id: duplicate id "${x.id}"`);
    exposureIds.add(x.id);
    checkComponents(`exposures.${i}.components`, x.components);
  });
  if (m.hazards) {
    const seen = new Set<string>();
    const sharedH = m.components.H ? componentIndicators(m.components.H) : [];
    const claimed = new Map<string, string>();
    m.hazards.forEach((h, i) => {
      if (seen.has(h.id)) fail(`hazards.${i}.id: duplicate id "${h.id}"`);
      seen.add(h.id);
      checkComponents(`hazards.${i}.components`, h.components);
      if (h.indicators) {
        if (h.components.H) fail(`hazards.${i}: give either indicators (a share of the shared H) or components.H, not both`);
        if (!m.components.H) fail(`hazards.${i}.indicators: needs the model's shared components.H to take them from`);
        for (const ind of h.indicators) {
          if (!sharedH.includes(ind)) fail(`hazards.${i}.indicators: "${ind}" is not an indicator of components.H`);
          if (claimed.has(ind)) fail(`hazards.${i}.indicators: "${ind}" already belongs to hazard "${claimed.get(ind)}"`);
          claimed.set(ind, h.id);
        }
      }
    });
    if (m.comprehensive?.method !== 'max') {
      const shares = m.hazards.every((h) => h.indicators && h.weight === undefined);
      if (shares) {
        const missing = sharedH.filter((ind) => !claimed.has(ind));
        if (missing.length) fail(`hazards: with weights from shares of H, every H indicator must belong to a hazard; "${missing[0]}" belongs to none`);
      } else {
        const ws = m.hazards.map((h, i) => h.weight ?? fail(`hazards.${i}.weight: the weighted-sum comprehensive risk needs a weight for every hazard`));
        const sum = ws.reduce((x, y) => x + y, 0);
        if (Math.abs(sum - 1) > SUM_TOLERANCE) fail(`hazards: hazard weights sum to ${round(sum)}, not 1`);
      }
    }
  } else if (m.risk && !m.components.H) fail('components.H: a model without hazards needs a hazard component H');
  for (const key of ['population', 'units'] as const) {
    const ref = m.statistics?.[key];
    if (ref !== undefined && !m.layers[ref]) fail(`statistics.${key}: no layer "${ref}"`);
  }
  const cls = m.classification;
  if (cls.method === 'fixed') {
    const t = cls.thresholds ?? fail('classification.thresholds: the fixed method needs thresholds');
    if (t.length !== cls.classes - 1) fail(`classification.thresholds: ${cls.classes} classes need ${cls.classes - 1} thresholds, got ${t.length}`);
    if (t.some((v, i) => i > 0 && !(v > t[i - 1]!))) fail('classification.thresholds: must be strictly ascending');
  }
  const zoning = m.zoning;
  if (zoning) {
    if (!m.components[zoning.capacity]) fail(`zoning.capacity: component ${zoning.capacity} is not defined`);
    if (zoning.majority !== undefined && zoning.majority % 2 === 0) fail('zoning.majority: the window size must be odd');
    const rows = cls.classes;
    const cols = zoning.capacityClasses;
    if (zoning.matrix) {
      if (zoning.matrix.length !== rows || zoning.matrix.some((r) => r.length !== cols)) fail(`zoning.matrix: must be ${rows} risk grades × ${cols} capacity grades`);
    } else if (rows !== 5 || cols !== 3) fail('zoning.matrix: give a matrix (the default is for 5 risk grades × 3 capacity grades)');
  }
  // A model without hazards and without a risk operator is a draft (a new project's study area
  // and grid, indicators being added): valid to keep, refused by a run (modelIncompleteness).
  const draft = !m.hazards && !m.risk;
  for (const [i, h] of (draft ? [] : riskRuns(m)).entries()) {
    const where = m.hazards ? `hazards.${i}.risk` : 'risk';
    const risk = h.risk ?? fail(`${where}: hazard "${h.id}" needs a risk operator (its own or the model's "risk")`);
    const needs = OPERATOR_NEEDS[risk.operator];
    if (risk.operator === 'riskMatrix') {
      const mx = risk.matrix ?? fail(`${where}.matrix: riskMatrix needs a matrix of rows, columns, thresholds and table`);
      for (const comp of [mx.rows, mx.columns]) if (!h.components[comp]) fail(`${where}.matrix: component ${comp} is not defined`);
      for (const key of ['rowThresholds', 'columnThresholds'] as const) {
        if (mx[key].some((v, j) => j > 0 && !(v > mx[key][j - 1]!))) fail(`${where}.matrix.${key}: must be strictly ascending`);
      }
      if (mx.table.length !== mx.rowThresholds.length + 1 || mx.table.some((r) => r.length !== mx.columnThresholds.length + 1)) {
        fail(`${where}.matrix.table: must be ${mx.rowThresholds.length + 1} row classes × ${mx.columnThresholds.length + 1} column classes`);
      }
    }
    for (const comp of needs.components) if (!h.components[comp]) fail(`${where}.operator: ${risk.operator} needs component ${comp}`);
    if (needs.weights) {
      const w = risk.weights ?? fail(`${where}.weights: ${risk.operator} needs component weights`);
      for (const comp of Object.keys(w)) if (!h.components[comp as Component]) fail(`${where}.weights.${comp}: component ${comp} is not defined`);
      const sum = Object.values(w).reduce((s, v) => s + v, 0);
      if (risk.operator === 'weightedSum' && Math.abs(sum - 1) > SUM_TOLERANCE) fail(`${where}.weights: weights sum to ${round(sum)}, not 1`);
    }
  }
  return m;
}

/**
 * What keeps a valid model from running, or null: no indicators yet, or no risk operator (a
 * draft: a new project's study area and grid while its indicators are being built). A run
 * refuses such a model with E_MODEL_INCOMPLETE naming this.
 */
export function modelIncompleteness(m: ModelDocument): string | null {
  if (m.indicators.length === 0) return 'indicators: the model has no indicators yet';
  if (!m.hazards && !m.risk) return 'risk: the model has no risk operator yet (and no hazards)';
  return null;
}

/** One risk a run computes: a hazard of a v2 model, or the single risk of a v1 model (id "risk"). */
export interface RiskRun {
  id: string;
  name: string;
  /** Its components, the model's shared ones filling in what the hazard leaves out. */
  components: ComponentsSpec;
  /** Undefined only in a document that failed validation. */
  risk: RiskSpec | undefined;
  /** Weight in the comprehensive risk (weightedSum); undefined when it is the hazard's share of H (known once H's weights are). */
  weight: number | undefined;
  /** The shared-H indicators this hazard's H is restricted to. */
  hIndicators?: string[];
  /** True for a declared hazard (its single-hazard risk is written). */
  isHazard: boolean;
}

/** The risks of a model, in document order: its hazards, or the one risk of a single-H model. */
export function riskRuns(m: ModelDocument): RiskRun[] {
  if (!m.hazards) return [{ id: 'risk', name: '', components: m.components, risk: m.risk, weight: 1, isHazard: false }];
  return m.hazards.map((h) => ({
    id: h.id,
    name: h.name ?? HAZARD_NAMES[h.id] ?? h.id,
    components: { ...m.components, ...h.components },
    risk: h.risk ?? m.risk,
    weight: h.weight ?? (h.indicators ? undefined : 1),
    isHazard: true,
    ...(h.indicators ? { hIndicators: h.indicators } : {}),
  }));
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
