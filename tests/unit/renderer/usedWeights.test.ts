import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { weightRowLabel, weightTableCaption } from '../../../src-renderer/src/lib/usedWeights';
import { zh, type MessageKey } from '../../../src-renderer/src/i18n/zh';
import { en } from '../../../src-renderer/src/i18n/en';
import { parseModel } from '../../../src-main/engine/model/document';

const demo = parseModel(JSON.parse(readFileSync(join(import.meta.dirname, '../../../resources/sample/county/model.json'), 'utf8')));
const tZh = (k: MessageKey): string => zh[k];
const tEn = (k: MessageKey): string => en[k];

/** The tables of weights a run of the demo reports (as provenance.json has them). */
const RUN_WEIGHTS: Record<string, string[]> = {
  H: ['h_landslide', 'h_flood', 'h_pga', 'h_danger'],
  E: ['e_pop', 'e_bldg'],
  'geological.H': ['h_landslide', 'h_danger'],
  risk: ['H', 'E', 'V', 'C'],
  hazards: ['geological', 'flood', 'earthquake'],
};

describe('the weights a run used, named for a person', () => {
  it('names every table and row of the demo run in Chinese, never by a bare id', () => {
    for (const [table, ids] of Object.entries(RUN_WEIGHTS)) {
      expect(weightTableCaption(table, tZh, 'zh'), table).toMatch(/^[^a-z]*[\u4e00-\u9fff]/);
      for (const id of ids) {
        const label = weightRowLabel(table, id, demo, tZh, 'zh');
        expect(label, `${table} ${id}`).toMatch(/[\u4e00-\u9fff]/);
        expect(label).not.toBe(id);
      }
    }
    expect(weightTableCaption('geological.H', tZh, 'zh')).toBe('地质灾害 · 危险性 H');
    expect(weightRowLabel('hazards', 'flood', demo, tZh, 'zh')).toBe('洪水');
    expect(weightRowLabel('risk', 'C', demo, tZh, 'zh')).toBe('减灾能力 C');
  });

  it('names them in English in the English interface', () => {
    expect(weightTableCaption('risk', tEn, 'en')).toBe(en['risk.w.risk']);
    expect(weightTableCaption('geological.H', tEn, 'en')).toBe(`geological · ${en['comp.H']}`);
    expect(weightRowLabel('hazards', 'flood', demo, tEn, 'en')).toBe('flood');
  });
});
