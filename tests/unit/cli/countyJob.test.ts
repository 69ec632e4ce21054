/**
 * The county job runner: what a killed run left (the atomic writers' temporary files) is
 * removed before the county runs again, and nothing else; a county that cannot run comes back
 * as an outcome with its coded error, never as a throw that would stop a batch or a worker.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeLeftovers, runCounty } from '../../../src-main/cli/countyJob';
import { useTempDir } from '../../fixtures/tempDir';

describe('countyJob', () => {
  const tmp = useTempDir('ra-countyjob-');
  it('removes only the temporary files of a run that was stopped half-way', async () => {
    const dir = join(tmp(), 'out');
    mkdirSync(dir);
    for (const f of ['risk_index.tif.tmp-4242-0', 'risk_stats.csv.tmp-4242-k3x9q1', 'risk_grade.tif', 'notes.tmp', 'provenance.json']) writeFileSync(join(dir, f), 'x');
    expect((await removeLeftovers(dir)).sort()).toEqual(['risk_index.tif.tmp-4242-0', 'risk_stats.csv.tmp-4242-k3x9q1']);
    expect(readdirSync(dir).sort()).toEqual(['notes.tmp', 'provenance.json', 'risk_grade.tif']);
    expect(await removeLeftovers(join(tmp(), 'not-yet'))).toEqual([]);
  });

  it('returns a county that cannot run as an outcome with its coded error', async () => {
    const model = join(tmp(), 'missing.json');
    const r = await runCounty(model, join(tmp(), 'o2'));
    expect(r).toMatchObject({ model, ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
    expect(r.seconds).toBeGreaterThanOrEqual(0);
  });
});
