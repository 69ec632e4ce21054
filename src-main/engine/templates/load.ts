/**
 * Loading the census templates (`resources/templates/*.json`). They ship with RiskAtlas, but
 * are read as untrusted input all the same — a file too large, not JSON, not a template, or
 * inconsistent is refused naming the file and the JSON path (E_TEMPLATE_INVALID) — so that an
 * edited or added template cannot make a model the validator would not accept.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { RiskAtlasError } from '../../../src-shared/errors';
import { OPERATOR_NEEDS } from '../../../src-shared/model';
import { resourcePath } from '../assets';
import { templateSchema, type CensusTemplate, type SlotExpectation } from './template';

/** The most a template file may weigh (a real one is a few kilobytes), in bytes. */
const MAX_TEMPLATE_BYTES = 256 * 1024;
/** The most templates a folder may hold. */
const MAX_TEMPLATES = 50;
const SUM_TOLERANCE = 1e-6;

/** Where the bundled templates lie. */
export const templatesDir = (): string => resourcePath('templates');

/** Methods that read a slot's field as `weightField`, as `field`. */
const WEIGHT_METHODS = new Set(['kernelDensity', 'sum', 'density', 'coverage']);
const FIELD_METHODS = new Set(['attribute', 'attributePerArea', 'ratio']);

/** Why an expectation's indicator defaults cannot make an indicator of its layer, or null. */
function expectationProblem(e: SlotExpectation): string | null {
  const ind = e.indicator;
  if (e.geometry === 'raster') {
    if (ind.rasterize) return 'a raster takes resample, not rasterize';
    if (!ind.resample) return 'a raster slot states its resampling (nearest/mode for classes, bilinear/average for continuous values)';
    if (e.field) return 'a raster has no attribute field';
  } else if (!ind.rasterize) return `${e.geometry} need a rasterize method`;
  if (e.field?.as === 'weightField' && !WEIGHT_METHODS.has(ind.rasterize ?? '')) return `a weightField is read by ${[...WEIGHT_METHODS].join(', ')}`;
  if (e.field?.as === 'field' && !FIELD_METHODS.has(ind.rasterize ?? '')) return `a field is read by ${[...FIELD_METHODS].join(', ')}`;
  if ((e.field?.as === 'filter') !== (ind.filter !== undefined)) return 'a filter needs a field with "as": "filter", and the reverse';
  if (FIELD_METHODS.has(ind.rasterize ?? '') && e.field?.as !== 'field') return `${ind.rasterize} needs the field it reads (field.as "field")`;
  if ((ind.rasterize === 'kernelDensity' || ind.rasterize === 'coverage') && ind.radius === undefined) return `${ind.rasterize} needs a radius`;
  if (ind.rasterize === 'ratio') return 'a ratio needs two fields; templates give one';
  if (ind.transform === 'reclass' && !ind.table) return 'reclass needs a table';
  if (ind.transform === 'rescale' && !ind.range) return 'rescale needs a range';
  return null;
}

/**
 * Validate a parsed template: the schema, then what it cannot see — the id is the file's
 * name, slot ids are unique, each component's weights sum to 1, cited sources exist, the risk
 * operator finds the components it needs and its weights name present components, every
 * expectation's defaults make an indicator. Throws E_TEMPLATE_INVALID naming the path.
 */
export function parseTemplate(value: unknown, file: string): CensusTemplate {
  const parsed = templateSchema.safeParse(value);
  const fail = (msg: string): never => {
    throw new RiskAtlasError('E_TEMPLATE_INVALID', msg, { file });
  };
  if (!parsed.success) {
    const issue: z.core.$ZodIssue = parsed.error.issues[0]!;
    fail(`${issue.path.join('.') || '(document)'}: ${issue.message}`);
  }
  const t = parsed.data!;
  if (`${t.id}.json` !== basename(file)) fail(`id: "${t.id}" must be the file's name (${basename(file)})`);
  const sources = new Set(t.sources.map((s) => s.id));
  const cite = (where: string, ids: string[]): void => {
    for (const s of ids) if (!sources.has(s)) fail(`${where}: no source "${s}" in sources`);
  };
  const seen = new Set<string>();
  const sums = new Map<string, number>();
  t.slots.forEach((s, i) => {
    if (seen.has(s.id)) fail(`slots.${i}.id: duplicate id "${s.id}"`);
    seen.add(s.id);
    cite(`slots.${i}.sources`, s.sources);
    sums.set(s.component, (sums.get(s.component) ?? 0) + s.weight);
    s.accepts.forEach((e, j) => {
      const problem = expectationProblem(e);
      if (problem) fail(`slots.${i}.accepts.${j}.indicator: ${problem}`);
    });
  });
  for (const [c, sum] of sums) if (Math.abs(sum - 1) > SUM_TOLERANCE) fail(`slots: the weights of component ${c} sum to ${Math.round(sum * 1e6) / 1e6}, not 1`);
  cite('risk.sources', t.risk.sources);
  for (const c of OPERATOR_NEEDS[t.risk.operator].components) if (!sums.has(c)) fail(`risk.operator: ${t.risk.operator} needs component ${c}, which no slot gives`);
  if (OPERATOR_NEEDS[t.risk.operator].weights) {
    const w = t.risk.weights ?? fail(`risk.weights: ${t.risk.operator} needs component weights`);
    for (const c of Object.keys(w)) if (!sums.has(c)) fail(`risk.weights.${c}: no slot gives component ${c}`);
    const total = Object.values(w).reduce((a, b) => a + b, 0);
    if (t.risk.operator === 'weightedSum' && Math.abs(total - 1) > SUM_TOLERANCE) fail(`risk.weights: weights sum to ${total}, not 1`);
  }
  return t;
}

/**
 * Every template in `dir` (default: the bundled `resources/templates`), by file name. A slot
 * id found in several templates must be the same slot there (component, name and the layers it
 * accepts), since a model of several hazards makes it one indicator. Errors: E_TEMPLATE_INVALID,
 * E_FILE_TOO_LARGE, E_JSON_INVALID — each naming the file.
 */
export function loadTemplates(dir = templatesDir()): CensusTemplate[] {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort();
  if (files.length > MAX_TEMPLATES) throw new RiskAtlasError('E_TEMPLATE_INVALID', `more than ${MAX_TEMPLATES} templates`, { file: dir });
  const out: CensusTemplate[] = [];
  const slots = new Map<string, { template: string; key: string }>();
  for (const f of files) {
    const path = join(dir, f);
    const size = statSync(path).size;
    if (size > MAX_TEMPLATE_BYTES) throw new RiskAtlasError('E_FILE_TOO_LARGE', `${size} bytes; a template has at most ${MAX_TEMPLATE_BYTES}`, { file: path });
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new RiskAtlasError('E_JSON_INVALID', (err as Error).message, { file: path });
    }
    const t = parseTemplate(json, path);
    t.slots.forEach((s, i) => {
      const key = JSON.stringify([s.component, s.name, s.accepts]);
      const other = slots.get(s.id);
      if (other && other.key !== key) throw new RiskAtlasError('E_TEMPLATE_INVALID', `slots.${i}: slot "${s.id}" differs from the slot of that id in template "${other.template}" (component, name or accepted layers)`, { file: path });
      slots.set(s.id, { template: t.id, key });
    });
    out.push(t);
  }
  return out;
}
