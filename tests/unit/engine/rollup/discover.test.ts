/**
 * What a folder offers the roll-up: run folders found down to three levels (not inside a run
 * folder, a project's data folder, a roll-up or a hidden folder), project files, and the
 * region names of a regions.csv as Excel saves it (BOM, CRLF, quotes).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCountyResults, readRegionNames } from '../../../../src-main/engine/rollup/discover';
import { useTempDir } from '../../../fixtures/tempDir';

const run = JSON.stringify({ model: {}, grid: {} });

describe('findCountyResults', () => {
  const tmp = useTempDir('ra-discover-');
  it('finds run folders and project files, and skips what stands for neither', async () => {
    const put = (path: string, text: string): void => {
      mkdirSync(join(tmp(), path, '..'), { recursive: true });
      writeFileSync(join(tmp(), path), text);
    };
    put('riskatlas_out/990101/provenance.json', run);
    put('riskatlas_out/990101/nested/provenance.json', run);
    put('a/b/990102/provenance.json', run);
    put('a/b/c/d/990103/provenance.json', run);
    put('rollup/provenance.json', JSON.stringify({ riskatlas: 'rollup', model: {}, grid: {} }));
    put('县甲.riskatlas', 'x');
    put('县甲.data/runs/r1/provenance.json', run);
    put('.hidden/990104/provenance.json', run);
    put('broken/provenance.json', '{');
    const found = await findCountyResults(tmp());
    expect(found.runs).toEqual([join(tmp(), 'a/b/990102'), join(tmp(), 'riskatlas_out/990101')]);
    expect(found.projects).toEqual([join(tmp(), '县甲.riskatlas')]);
    await expect(findCountyResults(join(tmp(), 'missing'))).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });

  it('reads region names by code from regions.csv, a folder or the file itself', async () => {
    writeFileSync(join(tmp(), 'regions.csv'), '\uFEFF代码,名称\r\n990000,示范省\r\n"990100","东原市"\r\nnot,a row\r\n');
    const names = await readRegionNames(tmp());
    expect([...names]).toEqual([['990000', '示范省'], ['990100', '东原市']]);
    expect(await readRegionNames(join(tmp(), 'regions.csv'))).toEqual(names);
    expect((await readRegionNames(join(tmp(), 'none'))).size).toBe(0);
  });
});
