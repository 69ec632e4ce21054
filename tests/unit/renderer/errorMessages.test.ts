import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src-main/engine/errors';
import { messageFor } from '../../../src-main/engine/messages';
import { ERROR_MESSAGES } from '../../../src-renderer/src/i18n/errors';

describe('UI error messages', () => {
  it('has a Chinese and an English message for every engine error code', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_MESSAGES[code], code).toBeDefined();
      expect(ERROR_MESSAGES[code]!.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(ERROR_MESSAGES[code]!.en.length).toBeGreaterThan(3);
      expect(messageFor(code, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
