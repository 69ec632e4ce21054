import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/cli/index';

describe('riskatlas serve --review', () => {
  it('fails with a coded one-line error before serving when there is nothing to review, and refuses --demo with --review', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['serve', '--review', '/nonexistent/package'])).toBe(1);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/\/nonexistent\/package: .*\[E_FILE_NOT_FOUND\]/);
      expect(await main(['serve', '--demo', '--review', '/tmp'])).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
