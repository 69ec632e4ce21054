/**
 * `riskatlas serve --model <model.json>` (the interactive benchmark serves its generated
 * counties this way): a model that cannot be opened fails with a coded one-line error naming
 * it before anything is served; --model goes with neither --demo nor --review.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/cli/index';

describe('riskatlas serve --model', () => {
  it('fails before serving when the model document is missing, and refuses --model with --demo or --review', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['serve', '--model', '/nonexistent/county/model.json'])).toBe(1);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/\/nonexistent\/county\/model\.json: .*\[E_FILE_NOT_FOUND\]/);
      expect(await main(['serve', '--demo', '--model', '/tmp/model.json'])).toBe(2);
      expect(await main(['serve', '--review', '/tmp', '--model', '/tmp/model.json'])).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
