/**
 * No raw key reaches the interface: every key the renderer's code asks `t()` for — literally,
 * or built from a value (`risk.op.${operator}`) — is in both tables. A key built from a value
 * is checked for every value that value can take (the operators, methods, categories… of the
 * model and the contract); a new such key without its values declared here fails the test.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zh } from '../../../src-renderer/src/i18n/zh';
import { en } from '../../../src-renderer/src/i18n/en';
import { CATEGORIES } from '../../../src-shared/categories';
import type { CrsLevel, EncodingEvidence } from '../../../src-shared/layer';
import { CLASSIFICATION_METHODS, COMPONENTS, RASTERIZE_METHODS, RESAMPLE_METHODS, RISK_OPERATORS, TRANSFORMS } from '../../../src-shared/model';
import { STEPS } from '../../../src-renderer/src/workflow/steps';
import { SHORTCUTS } from '../../../src-renderer/src/lib/shortcuts';
import { defaultLayout, PACKAGE_MAPS } from '../../../src-main/engine/maps/layout';
import { KINDS } from '../../../src-renderer/src/indicators/builderEdit';

/** Every value of a union type: a record over it does not compile when one is left out. */
const CRS_LEVELS: Record<CrsLevel, true> = { declared: true, matched: true, stated: true, assumed: true, unknown: true };
const ENCODING_EVIDENCE: Record<EncodingEvidence, true> = { cpg: true, ldid: true, content: true, stated: true, undecided: true };

const SRC = join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'src');

/** The values each key built from a value can take, by the key's fixed beginning. */
const DOMAINS: Record<string, readonly string[]> = {
  'cat.': CATEGORIES,
  'classes.m.': CLASSIFICATION_METHODS,
  'comp.': COMPONENTS,
  'data.tab.': ['info', 'style', 'table'],
  'export.file.': ['index', 'grade', 'stats', 'png'],
  'import.by.': ['fileName', 'field'],
  'ind.r.': RASTERIZE_METHODS,
  'ind.resample.': RESAMPLE_METHODS,
  'ind.t.': TRANSFORMS,
  'info.crsLevel.': Object.keys(CRS_LEVELS),
  'info.encodingEvidence.': Object.keys(ENCODING_EVIDENCE),
  'maps.el.': Object.keys(defaultLayout('riskGrade').elements),
  'maps.kind.': PACKAGE_MAPS,
  'maps.text.': ['title', 'subtitle', 'compiler', 'date', 'sources', 'reviewNumber'],
  'qc.sev.': ['error', 'warning', 'info'],
  'review.': ['approved', 'returned'],
  'review.kind.': ['package', 'project'],
  'risk.op.': RISK_OPERATORS,
  'runstep.': ['read', 'align', 'normalise', 'combine', 'classify', 'zoning', 'write'],
  'shortcut.': [...new Set(SHORTCUTS.map((s) => (s.action.startsWith('step:') ? 'step' : s.action)))],
  'step.': STEPS,
  'tool.': ['pan', 'identify', 'distance', 'area', 'swipe'],
  'weights.m.': ['ahp', 'entropy', 'combined', 'expert'],
  'wiz.type.': ['string', 'number', 'integer', 'boolean', 'date'],
  'bld.': ['field', 'denominator', 'weightField'],
  'bld.op.': ['eq', 'in', 'lt', 'gt'],
  'bld.c.': COMPONENTS,
  'bld.g.': Object.keys(KINDS),
  'bld.k.': ['value', ...RASTERIZE_METHODS],
  'bld.kh.': ['value', ...RASTERIZE_METHODS],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) && !p.includes(`${join('src', 'i18n')}`) ? [p] : [];
  });
}

/** Keys asked for in the renderer's code: literal ones, and the fixed beginnings of built ones. */
function keysInCode(): { literal: Map<string, string>; built: Map<string, string> } {
  const literal = new Map<string, string>();
  const built = new Map<string, string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) literal.set(m[1]!, file);
    for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z][\w.]*?)\$\{/g)) built.set(m[1]!, file);
  }
  return { literal, built };
}

describe('i18n keys', () => {
  const { literal, built } = keysInCode();

  it('finds the keys the code asks for (the scan itself works)', () => {
    expect(literal.size).toBeGreaterThan(150);
    expect([...built.keys()]).toContain('risk.op.');
  });

  it('has every literal key in both tables', () => {
    const missing = [...literal].filter(([k]) => !(k in zh) || !(k in en)).map(([k, f]) => `${k} (${f.slice(SRC.length + 1)})`);
    expect(missing).toEqual([]);
  });

  it('has every key built from a value in both tables, for every value it can take', () => {
    const undeclared = [...built.keys()].filter((p) => !(p in DOMAINS));
    expect(undeclared, 'declare the values of these built keys in DOMAINS').toEqual([]);
    const missing = [...built.keys()].flatMap((p) => (DOMAINS[p] ?? []).map((v) => p + v)).filter((k) => !(k in zh) || !(k in en));
    expect(missing).toEqual([]);
  });

  it('says nothing in Chinese in the English table, and every Chinese label of a choice is Chinese', () => {
    // Exceptions: the language switch names the other language in its own script, and a census
    // term may follow its English name in brackets, e.g. "Map approval no. (审图号)".
    for (const [k, v] of Object.entries(en)) if (k !== 'app.lang') expect(/[\u4e00-\u9fff]/.test(v.replace(/\([^)]*\)/g, '')), `${k}: ${v}`).toBe(false);
    for (const p of ['risk.op.', 'classes.m.', 'weights.m.', 'maps.kind.', 'maps.el.', 'qc.sev.', 'runstep.']) {
      for (const v of DOMAINS[p]!) {
        const text = (zh as Record<string, string>)[p + v];
        if (text !== undefined) expect(text, p + v).toMatch(/[\u4e00-\u9fff]|^[A-Z·()+÷−1 ]+$/);
      }
    }
  });
});
