import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src-shared/errors';
import { messageFor } from '../../../src-shared/messages';
import { errorMessage } from '../../../src-renderer/src/i18n/errorText';
import { zh } from '../../../src-renderer/src/i18n/zh';
import { en } from '../../../src-renderer/src/i18n/en';

describe('UI messages', () => {
  it('shows the engine message of every error code, in Chinese and English', () => {
    for (const code of ERROR_CODES) {
      expect(errorMessage(code, 'zh'), code).toBe(messageFor(code, 'zh'));
      expect(errorMessage(code, 'zh')).toMatch(/[\u4e00-\u9fff]/);
      expect(errorMessage(code, 'en')).toBe(messageFor(code, 'en'));
    }
  });
  it('reads an unknown code as an internal error, not as nothing', () => {
    expect(errorMessage('E_FROM_THE_FUTURE', 'zh')).toBe(messageFor('E_INTERNAL', 'zh'));
  });
  it('has every interface string in both languages, Chinese in the Chinese one', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of Object.entries(en)) expect(v.trim().length, k).toBeGreaterThan(0);
    // Step names and category names are what a technician reads first: they must be Chinese.
    for (const k of Object.keys(zh).filter((k) => k.startsWith('step.') || k.startsWith('cat.'))) expect(zh[k as keyof typeof zh]).toMatch(/[\u4e00-\u9fff]/);
  });
});
