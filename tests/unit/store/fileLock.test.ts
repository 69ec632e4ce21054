/**
 * Lock files: exclusive, named owners, stale ones taken over by exactly one of several takers
 * at once, and never removed by anyone but their owner.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownerHere, tryLock, unlock } from '../../../src-main/store/fileLock';
import { processAlive } from '../../../src-main/engine/export/leftovers';
import { useTempDir } from '../../fixtures/tempDir';

const tmp = useTempDir('ra-filelock-');
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('tryLock', () => {
  it('is exclusive: a second taker learns who holds it; after unlock the next one gets it', async () => {
    const path = join(tmp(), 'a.lock');
    const first = ownerHere('desktop');
    const second = ownerHere('serve');
    expect(await tryLock(path, first)).toEqual({ held: true, tookOverFrom: null });
    expect(await tryLock(path, second)).toEqual({ held: false, holder: first });
    await unlock(path, second); // not its lock: nothing happens
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(first);
    await unlock(path, first);
    expect(await tryLock(path, second)).toEqual({ held: true, tookOverFrom: null });
  });

  it('a stale lock (its process ended) is taken over, and by exactly one of eight takers at once, every time', async () => {
    const stale = { ...ownerHere('desktop'), pid: deadPid() };
    expect(processAlive(stale.pid)).toBe(false);
    const alone = join(tmp(), 'alone.lock');
    writeFileSync(alone, JSON.stringify(stale));
    expect(await tryLock(alone, ownerHere('cli'))).toEqual({ held: true, tookOverFrom: stale });
    for (let round = 0; round < 20; round++) {
      const path = join(tmp(), `stale-${round}.lock`);
      writeFileSync(path, JSON.stringify(stale));
      const takers = Array.from({ length: 8 }, () => ownerHere('cli'));
      const got = await Promise.all(takers.map((o) => tryLock(path, o)));
      const winners = got.filter((g) => g.held);
      expect(winners, `round ${round}`).toHaveLength(1);
      // The notice goes to the taker that moved the stale lock aside, unless another found the place free first.
      expect([stale, null]).toContainEqual((winners[0] as { tookOverFrom: unknown }).tookOverFrom);
      expect(got.filter((g) => !g.held).every((g) => !g.held && g.holder?.nonce === JSON.parse(readFileSync(path, 'utf8')).nonce)).toBe(true);
      const holder = JSON.parse(readFileSync(path, 'utf8')) as { nonce: string };
      expect(takers[got.indexOf(winners[0]!)]!.nonce).toBe(holder.nonce);
    }
  });

  it('an empty lock file (a crash between create and write) is live for a moment, then stale', async () => {
    const path = join(tmp(), 'empty.lock');
    writeFileSync(path, '');
    expect(await tryLock(path, ownerHere('cli'))).toEqual({ held: false, holder: null });
    const { utimesSync } = await import('node:fs');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    expect(await tryLock(path, ownerHere('cli'))).toMatchObject({ held: true, tookOverFrom: null });
  });
});
