import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src-renderer/src/lib/action';

/** A fail that records what it was given. */
function recorder(): { fail(err: unknown): void; seen: unknown[] } {
  const seen: unknown[] = [];
  return { fail: (err) => seen.push(err), seen };
}

describe('runAction', () => {
  it("resolves to the action's value and reports nothing when it succeeds", async () => {
    const { fail, seen } = recorder();
    await expect(runAction(async () => 42, fail)).resolves.toBe(42);
    expect(seen).toEqual([]);
  });

  it('reports a failure once to fail and resolves to undefined instead of rejecting', async () => {
    const { fail, seen } = recorder();
    const err = new Error('engine refused');
    await expect(
      runAction(async () => {
        throw err;
      }, fail),
    ).resolves.toBeUndefined();
    expect(seen).toEqual([err]);
  });

  it('reports a value thrown before the first await as well', async () => {
    const { fail, seen } = recorder();
    const body = (): Promise<number> => {
      throw 'not an Error';
    };
    await expect(runAction(body, fail)).resolves.toBeUndefined();
    expect(seen).toEqual(['not an Error']);
  });

  it('raises busy before the action starts and lowers it after it settled, on success and on failure', async () => {
    for (const outcome of ['ok', 'throws'] as const) {
      const log: string[] = [];
      const body = async (): Promise<void> => {
        log.push('body');
        await Promise.resolve();
        if (outcome === 'throws') throw new Error('x');
        log.push('done');
      };
      const pending = runAction(body, () => log.push('fail'), (on) => log.push(`busy:${on}`));
      // The flag is up, synchronously, by the time runAction returns its promise.
      expect(log).toEqual(['busy:true', 'body']);
      await pending;
      expect(log).toEqual(outcome === 'ok' ? ['busy:true', 'body', 'done', 'busy:false'] : ['busy:true', 'body', 'fail', 'busy:false']);
    }
  });
});
